namespace OcppLab.Application.Simulator;

/// <summary>
/// A simulator command, version-neutral. Connectors are addressed the way the user gave them:
/// <see cref="ConnectorRef"/> is resolved against the charger's version by the runtime.
/// </summary>
public abstract record SimulatorAction
{
    public sealed record Configure(IReadOnlyList<KeyValuePair<string, string>> Settings) : SimulatorAction;

    public sealed record ResetCache : SimulatorAction;

    public sealed record SetLocalList(int Version, bool Full, IReadOnlyList<LocalListEntry> Entries) : SimulatorAction;

    public sealed record ClearLocalList : SimulatorAction;

    public sealed record InjectFault(ConnectorRef Connector, string FaultType) : SimulatorAction;

    public sealed record ClearFault(ConnectorRef Connector) : SimulatorAction;

    public sealed record Plug(ConnectorRef Connector) : SimulatorAction;

    public sealed record Unplug(ConnectorRef Connector) : SimulatorAction;

    public sealed record Unlock(ConnectorRef Connector) : SimulatorAction;

    public sealed record Authorize(string IdTag) : SimulatorAction;

    public sealed record StartTransaction(ConnectorRef Connector, string IdTag) : SimulatorAction;

    public sealed record StopTransaction(ConnectorRef Connector, string? Reason) : SimulatorAction;

    public sealed record StartSession(ConnectorRef Connector, string IdTag, int? DurationSeconds, double? TargetEnergyKwh) : SimulatorAction;

    public sealed record StopSession(ConnectorRef Connector) : SimulatorAction;

    public sealed record EvRequestsEnergy(ConnectorRef Connector, bool Requests) : SimulatorAction;

    public sealed record PowerUpdate(ConnectorRef Connector, double PowerW) : SimulatorAction;
}

/// <summary>A connector as the user named it: an EVSE id and/or a connector id (both optional: connector 1).</summary>
public sealed record ConnectorRef(int? EvseId, int? ConnectorId);

public sealed record LocalListEntry(string IdTag, DateTimeOffset? ExpiryDate, string Status);
