using Mediator;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Common.Exceptions;
using OcppLab.Domain.Chargers;
using OcppLab.Domain.Common;

namespace OcppLab.Application.Chargers.Commands.UpdateCharger;

public sealed class UpdateChargerHandler(
    ITenantContext tenant,
    IChargerRepository chargers,
    ICatalogRepository catalog,
    ILocationRepository locations,
    IChargerRuntime runtime,
    IUnitOfWork unitOfWork,
    TimeProvider time) : ICommandHandler<UpdateChargerCommand, ChargerResponse>
{
    public async ValueTask<ChargerResponse> Handle(UpdateChargerCommand command, CancellationToken cancellationToken)
    {
        var charger = await chargers.GetAsync(tenant.OrganizationId, command.ChargerId, cancellationToken)
            ?? throw new NotFoundException("charger", command.ChargerId);
        var now = time.UtcNowMs();

        if (command.ConnectorType is not null)
        {
            var (_, connectorType) = await CatalogChecks.ResolveModelAsync(
                catalog, charger.BrandSlug, charger.ModelSlug, command.ConnectorType, cancellationToken);
            charger.ChangeConnectorType(connectorType, now);
        }

        if (command.LocationId is { } locationId && locationId != charger.LocationId)
        {
            _ = await locations.GetAsync(tenant.OrganizationId, locationId, cancellationToken)
                ?? throw new RequestValidationException("location_id", $"location {locationId} does not exist.");
            charger.MoveTo(locationId, now);
        }

        var wsUrl = command.WsUrl ?? charger.WsUrl;
        var version = command.OcppVersion is null ? charger.OcppVersion : OcppVersions.Parse(command.OcppVersion);

        var securityProfile = command.SecurityProfile ?? charger.SecurityProfile;
        var authorizationKey = command.AuthorizationKey ?? charger.AuthorizationKey;
        var problems = ChargerRules.ConnectionProblems(wsUrl, securityProfile, authorizationKey)
            .GroupBy(p => p.Field)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal);
        if (problems.Count > 0)
        {
            throw new RequestValidationException(problems);
        }

        // A standby has no sessions: there the stored desired state says whether the owner runs it.
        var isRunning = runtime.RunsChargers
            ? await runtime.GetStateAsync(charger.Id, cancellationToken) is not null
            : charger.DesiredState == DesiredState.Running;
        charger.ChangeConnection(wsUrl, version, securityProfile, authorizationKey, isRunning, now);

        if (command.ChargePointName is not null)
        {
            charger.Rename(command.ChargePointName.Trim(), now);
        }

        await unitOfWork.SaveChangesAsync(cancellationToken);
        return await charger.ToResponseAsync(runtime, cancellationToken);
    }
}
