using System.Text.Json.Nodes;

namespace OcppLab.Api.Contracts;

/// <summary>Which charger(s): <c>charger_id</c> (an id or identity), or <c>location_id</c> with optional <c>charger_ids</c>.</summary>
public sealed record CommandTargetRequest
{
    public string? ChargerId { get; init; }
    public Guid? LocationId { get; init; }
    public List<string>? ChargerIds { get; init; }
}

public sealed record ConnectorEvent
{
    /// <summary>2.0.1: the EVSE (1..n). 1.6: ignored unless equal to connector_id.</summary>
    public int? EvseId { get; init; }

    /// <summary>1.6: the connector (1..n). 2.0.1: 1 within the EVSE, or the outlet number when evse_id is absent.</summary>
    public int? ConnectorId { get; init; }
}

public sealed record FaultEvent
{
    /// <summary>An OCPP ChargePointErrorCode such as GroundFailure or OverCurrentFailure.</summary>
    public string? FaultType { get; init; }
    public int? EvseId { get; init; }
    public int? ConnectorId { get; init; }
}

public sealed record IdTagEvent
{
    public string? IdTag { get; init; }
}

public sealed record StartTransactionEvent
{
    public int? ConnectorId { get; init; }
    public int? EvseId { get; init; }
    public string? IdTag { get; init; }
}

public sealed record StopTransactionEvent
{
    public int? ConnectorId { get; init; }
    public int? EvseId { get; init; }

    /// <summary>An OCPP stop reason (1.6 or 2.0.1 spelling); default Local.</summary>
    public string? Reason { get; init; }
}

public sealed record StartSessionEvent
{
    public string? IdTag { get; init; }
    public int? ConnectorId { get; init; }
    public int? EvseId { get; init; }

    /// <summary>Stop the session after this many seconds.</summary>
    public int? DurationSeconds { get; init; }

    /// <summary>Stop the session once this much energy was delivered.</summary>
    public double? TargetEnergyKwh { get; init; }
}

public sealed record PowerUpdateEvent
{
    /// <summary>The most power the charger delivers on the connector, in W.</summary>
    public double? PowerW { get; init; }
    public int? EvseId { get; init; }
    public int? ConnectorId { get; init; }
}

public sealed record ConfigurationItem
{
    public string? Key { get; init; }
    public string? Value { get; init; }
}

public sealed record ConfigurationEvent
{
    /// <summary>1.6 key names (e.g. HeartbeatInterval), or for 2.0.1 also Component.Variable[.Instance].</summary>
    public List<ConfigurationItem>? Configuration { get; init; }
}

public sealed record LocalAuthEntry
{
    public string? IdTag { get; init; }
    public DateTimeOffset? ExpiryDate { get; init; }

    /// <summary>Accepted, Blocked, Expired, Invalid, ConcurrentTx …</summary>
    public string? Status { get; init; }
}

public sealed record LocalAuthListEvent
{
    /// <summary>Must be greater than the charger's current list version.</summary>
    public int? ListVersion { get; init; }

    /// <summary>Full or Differential.</summary>
    public string? UpdateType { get; init; }
    public List<LocalAuthEntry>? Entries { get; init; }
}

public sealed record ProxyMessageEvent
{
    /// <summary>The OCPP action, as the OCPP name (BootNotification) or snake_case (boot_notification).</summary>
    public string? Action { get; init; }

    /// <summary>ocpp1.6 or ocpp2.0.1; must be the charger's (default: the charger's).</summary>
    public string? OcppVersion { get; init; }

    /// <summary>The CALL payload; keys may be snake_case, they are sent in OCPP spelling.</summary>
    public JsonObject? Payload { get; init; }

    /// <summary>Check the payload against the action's official schema first (default true).</summary>
    public bool? Validate { get; init; }

    /// <summary>How long to wait for the CSMS's answer (default 30 s).</summary>
    public int? TimeoutSeconds { get; init; }
}

public sealed record TargetOnlyCommandRequest
{
    public CommandTargetRequest? Target { get; init; }
}

public sealed record ConnectorCommandRequest
{
    public CommandTargetRequest? Target { get; init; }
    public ConnectorEvent? Event { get; init; }
}

public sealed record FaultCommandRequest
{
    public CommandTargetRequest? Target { get; init; }
    public FaultEvent? Event { get; init; }
}

public sealed record AuthorizeCommandRequest
{
    public CommandTargetRequest? Target { get; init; }
    public IdTagEvent? Event { get; init; }
}

public sealed record StartTransactionCommandRequest
{
    public CommandTargetRequest? Target { get; init; }
    public StartTransactionEvent? Event { get; init; }
}

public sealed record StopTransactionCommandRequest
{
    public CommandTargetRequest? Target { get; init; }
    public StopTransactionEvent? Event { get; init; }
}

public sealed record StartSessionCommandRequest
{
    public CommandTargetRequest? Target { get; init; }
    public StartSessionEvent? Event { get; init; }
}

public sealed record PowerUpdateCommandRequest
{
    public CommandTargetRequest? Target { get; init; }
    public PowerUpdateEvent? Event { get; init; }
}

public sealed record ConfigurationCommandRequest
{
    public CommandTargetRequest? Target { get; init; }
    public ConfigurationEvent? Event { get; init; }
}

public sealed record LocalAuthListCommandRequest
{
    public CommandTargetRequest? Target { get; init; }
    public LocalAuthListEvent? Event { get; init; }
}

public sealed record ProxyMessageCommandRequest
{
    public CommandTargetRequest? Target { get; init; }
    public ProxyMessageEvent? Event { get; init; }
}
