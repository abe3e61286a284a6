using Mediator;

namespace OcppLab.Application.Chargers.Commands.UpdateCharger;

/// <summary>A partial update: only the fields that are not null change.</summary>
public sealed record UpdateChargerCommand : ICommand<ChargerResponse>
{
    public string ChargerId { get; init; } = string.Empty;
    public string? ChargePointName { get; init; }
    public string? ConnectorType { get; init; }
    public Guid? LocationId { get; init; }
    public string? WsUrl { get; init; }
    public string? OcppVersion { get; init; }
    public int? SecurityProfile { get; init; }
    public string? AuthorizationKey { get; init; }
}
