using Mediator;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Common.Contracts;
using OcppLab.Application.Common.Exceptions;
using OcppLab.Application.Locations;
using OcppLab.Application.Provisioning;
using OcppLab.Domain.Chargers;
using OcppLab.Domain.Common;
using OcppLab.Domain.Provisioning;

namespace OcppLab.Application.Chargers.Commands.CreateCharger;

/// <summary>Writes the charger and its provisioning run in one transaction; the runner does the rest.</summary>
public sealed class CreateChargerHandler(
    ITenantContext tenant,
    ICatalogRepository catalog,
    IChargerRepository chargers,
    IWorkflowRepository workflows,
    LocationResolver locationResolver,
    IUnitOfWork unitOfWork,
    IWorkflowSignal signal,
    TimeProvider time) : ICommandHandler<CreateChargerCommand, CreateChargerResult>
{
    public async ValueTask<CreateChargerResult> Handle(CreateChargerCommand command, CancellationToken cancellationToken)
    {
        var organizationId = tenant.OrganizationId;
        var identity = command.Identity!;
        var (snapshot, connectorType) = await CatalogChecks.ResolveModelAsync(catalog, command.BrandSlug!, command.ModelSlug!, command.ConnectorType!, cancellationToken);

        var securityProfile = command.SecurityProfile ?? SecurityProfile.None;
        var problems = ChargerRules.ConnectionProblems(command.WsUrl!, securityProfile, command.AuthorizationKey)
            .GroupBy(p => p.Field)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal);
        if (problems.Count > 0)
        {
            throw new RequestValidationException(problems);
        }

        if (await chargers.IdentityExistsAsync(organizationId, identity, cancellationToken))
        {
            throw new ConflictException($"A charger with identity '{identity}' already exists.");
        }

        var location = await locationResolver.ResolveAsync(organizationId, command.LocationId, command.LocationName, cancellationToken);
        var version = OcppVersions.Parse(command.OcppVersion ?? OcppVersions.Ocpp16);
        var now = time.UtcNowMs();
        var runId = Ids.NewWorkflowRunId();
        var charger = Charger.Create(
            organizationId,
            identity,
            command.ChargePointName?.Trim() ?? identity,
            location.Id,
            snapshot,
            connectorType,
            command.WsUrl!,
            version,
            securityProfile,
            command.AuthorizationKey,
            runId,
            now);
        chargers.Add(charger);
        workflows.Add(WorkflowRun.Create(organizationId, WorkflowKind.ChargerProvisioning, charger.Id, WorkflowSteps.ChargerProvisioning, now, runId));

        try
        {
            await unitOfWork.SaveChangesAsync(cancellationToken);
        }
        catch (UniqueConstraintException ex)
        {
            throw new ConflictException($"A charger with identity '{identity}' already exists.", ex);
        }

        signal.RunAvailable();
        return new CreateChargerResult(
            charger.Id,
            charger.Identity,
            ProvisioningStatusName.Provisioning,
            $"/ocpp/chargers/{charger.Id}/status",
            runId);
    }
}
