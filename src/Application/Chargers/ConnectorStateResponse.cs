namespace OcppLab.Application.Chargers;

/// <summary>One connector as the charger last reported it; status is null while the runtime is stopped.</summary>
public sealed record ConnectorStateResponse(int ConnectorId, int EvseId, string? Status, string? TransactionId);
