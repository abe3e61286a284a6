using Mediator;

namespace OcppLab.Application.Chargers.Commands.CreateCharger;

public sealed record CreateChargerCommand : ICommand<CreateChargerResult>
{
    public string? Identity { get; init; }
    public string? BrandSlug { get; init; }
    public string? ModelSlug { get; init; }
    public string? ConnectorType { get; init; }
    public string? WsUrl { get; init; }
    public string? OcppVersion { get; init; }
    public string? ChargePointName { get; init; }
    public Guid? LocationId { get; init; }
    public string? LocationName { get; init; }
    public int? SecurityProfile { get; init; }
    public string? AuthorizationKey { get; init; }
}
