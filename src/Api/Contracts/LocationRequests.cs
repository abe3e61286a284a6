using OcppLab.Application.Locations;

namespace OcppLab.Api.Contracts;

/// <summary>Body of POST /ocpp/locations.</summary>
public sealed record CreateLocationRequest
{
    public string? Name { get; init; }
    public string? Address { get; init; }
    public string? City { get; init; }

    /// <summary>ISO 3166-1 alpha-2, e.g. <c>FR</c>.</summary>
    public string? Country { get; init; }

    public CoordinatesDto? Coordinates { get; init; }

    /// <summary>IANA time zone, e.g. <c>Europe/Paris</c>.</summary>
    public string? Timezone { get; init; }

    public string? OwnerName { get; init; }
    public bool? Public { get; init; }
}

/// <summary>Body of PUT /ocpp/locations/{location_id}: only the fields given change.</summary>
public sealed record UpdateLocationRequest
{
    public string? Name { get; init; }
    public string? Address { get; init; }
    public string? City { get; init; }
    public string? Country { get; init; }
    public CoordinatesDto? Coordinates { get; init; }
    public string? Timezone { get; init; }
    public string? OwnerName { get; init; }
    public bool? Public { get; init; }
}

/// <summary>One entry of POST /ocpp/locations/{location_id}/chargers.</summary>
public sealed record BulkCreateChargersItem
{
    public ChargerTemplateRequest? Template { get; init; }

    /// <summary>Identity suffixes (identity = identity_prefix + suffix).</summary>
    public List<string>? ChargerIds { get; init; }

    /// <summary>How many chargers; suffixes beyond <c>charger_ids</c> are random hex.</summary>
    public int? ChargersNumber { get; init; }
}

public sealed record ChargerTemplateRequest
{
    public string? BrandSlug { get; init; }
    public string? ModelSlug { get; init; }
    public string? ConnectorType { get; init; }
    public string? WsUrl { get; init; }
    public string? OcppVersion { get; init; }
    public string? IdentityPrefix { get; init; }
    public string? TemplateName { get; init; }
    public int? SecurityProfile { get; init; }
    public string? AuthorizationKey { get; init; }
}
