using OcppLab.Application.Common.Contracts;

namespace OcppLab.Application.Abstractions;

/// <summary>A snapshot of one charger's session.</summary>
public sealed record RuntimeState(
    RuntimeStateName State,
    BootStatusName? BootStatus,
    DateTimeOffset? ConnectedAt,
    DateTimeOffset? LastHeartbeatAt,
    IReadOnlyList<ConnectorState> Connectors)
{
    /// <summary>Why the last connection attempt failed or the connection was lost, if it did.</summary>
    public string? LastError { get; init; }

    /// <summary>The gateway node whose process hosts the session (its node id; one per process).</summary>
    public string? Node { get; init; }
}

/// <summary>A connector as the charger last reported it.</summary>
public sealed record ConnectorState(int ConnectorId, int EvseId, string Status, string? TransactionId);
