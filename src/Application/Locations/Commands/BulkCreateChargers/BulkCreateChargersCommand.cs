using Mediator;

namespace OcppLab.Application.Locations.Commands.BulkCreateChargers;

/// <summary>Creates many chargers in a location as one durable job.</summary>
public sealed record BulkCreateChargersCommand(Guid LocationId, IReadOnlyList<BulkChargerSpec> Items) : ICommand<LocationJobAccepted>;

/// <summary>One entry of the body: a template, explicit identity suffixes and/or a number of chargers.</summary>
public sealed record BulkChargerSpec
{
    public ChargerTemplate? Template { get; init; }
    public IReadOnlyList<string>? ChargerIds { get; init; }
    public int? ChargersNumber { get; init; }

    /// <summary>How many chargers the entry asks for: chargers_number, else one per suffix.</summary>
    public int Count => ChargersNumber ?? ChargerIds?.Count ?? 0;
}

public sealed record ChargerTemplate
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

public sealed record LocationJobAccepted(Guid JobId, Common.Contracts.ProvisioningStatusName Status, string StatusUrl, string WorkflowRunId);
