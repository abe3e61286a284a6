using OcppLab.Application.Common.Contracts;

namespace OcppLab.Application.Chargers;

/// <summary>The live state of the charger's OCPP runtime.</summary>
public sealed record ChargerRuntimeResponse
{
    public required DesiredStateName DesiredState { get; init; }
    /// <summary>Null on a standby gateway: the live state is only known to the gateway that runs the charger.</summary>
    public required RuntimeStateName? State { get; init; }
    public BootStatusName? BootStatus { get; init; }
    public DateTimeOffset? ConnectedAt { get; init; }
    public DateTimeOffset? LastHeartbeatAt { get; init; }
    public required bool RestartRequired { get; init; }

    /// <summary>Why the last connection attempt failed or the connection dropped (beyond the product's contract).</summary>
    public string? LastError { get; init; }

    /// <summary>
    /// The gateway node running the session (its node id, as <c>/health/ready</c> names it); null when
    /// stopped. In a cluster any node answers, this says which one holds the connection.
    /// </summary>
    public string? Node { get; init; }
    public required IReadOnlyList<ConnectorStateResponse> Connectors { get; init; }
}
