namespace OcppLab.Application.Simulator;

// The 200 answers of the single-target commands, as the OpenAPI document describes them.

/// <summary>configuration: the overall status (Accepted, PartiallyAccepted, Rejected), how many keys took, and each key's status.</summary>
public sealed record ConfigurationResult(string Status, int Configured, IReadOnlyList<ConfigurationKeyResult> Results);

/// <summary>Accepted, Rejected, RebootRequired or NotSupported.</summary>
public sealed record ConfigurationKeyResult(string Key, string Status);

public sealed record CacheResetResult(string Msg, int ClearedEntries);

public sealed record LocalAuthListResult(string Status, int ListVersion, int EntriesReceived);

public sealed record ClearLocalAuthListResult(string Msg, int EntriesDeleted);

/// <summary>inject-fault / clear-fault: the connector's status afterwards and the fault concerned.</summary>
public sealed record FaultResult(string Msg, string? FaultType, int EvseId, int ConnectorId, string Status);
