namespace OcppLab.Api.Contracts;

/// <summary>Body of POST /ocpp/chargers.</summary>
public sealed record CreateChargerRequest
{
    /// <summary>Charge-point identity: 1–48 characters of letters, digits and -_.~*=+|@; unique in the tenant.</summary>
    public string? Identity { get; init; }

    /// <summary>Catalog brand, e.g. <c>abb</c>.</summary>
    public string? BrandSlug { get; init; }

    /// <summary>Catalog model of that brand, e.g. <c>terra-184</c>.</summary>
    public string? ModelSlug { get; init; }

    /// <summary>One of the model's connector types, e.g. <c>CCS2</c>.</summary>
    public string? ConnectorType { get; init; }

    /// <summary>
    /// The CSMS endpoint (ws:// or wss://); the identity is appended as the last path segment. No
    /// user information, control characters or whitespace; the gateway's outbound policy
    /// (link-local and cloud metadata addresses denied by default) decides which hosts it may reach.
    /// </summary>
    public string? WsUrl { get; init; }

    /// <summary><c>OCPP1.6</c> (default) or <c>OCPP2.0.1</c>.</summary>
    public string? OcppVersion { get; init; }

    public string? ChargePointName { get; init; }

    /// <summary>A location of the tenant; otherwise <c>location_name</c>, otherwise the default location.</summary>
    public Guid? LocationId { get; init; }

    /// <summary>Finds or creates the tenant's location of that name.</summary>
    public string? LocationName { get; init; }

    /// <summary>0 none, 1 Basic auth, 2 Basic auth over wss; 3 is not supported yet.</summary>
    public int? SecurityProfile { get; init; }

    /// <summary>Basic-auth password for profiles 1–2 (16–40 characters). Write-only.</summary>
    public string? AuthorizationKey { get; init; }
}

/// <summary>Body of PUT /ocpp/chargers/{charger_id}: only the fields given change.</summary>
public sealed record UpdateChargerRequest
{
    public string? ChargePointName { get; init; }
    public string? ConnectorType { get; init; }
    public Guid? LocationId { get; init; }
    public string? WsUrl { get; init; }
    public string? OcppVersion { get; init; }
    public int? SecurityProfile { get; init; }
    public string? AuthorizationKey { get; init; }
}
