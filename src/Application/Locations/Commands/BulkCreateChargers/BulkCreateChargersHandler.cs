using System.Text.Json;
using Mediator;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Chargers;
using OcppLab.Application.Common.Contracts;
using OcppLab.Application.Common.Exceptions;
using OcppLab.Application.Provisioning;
using OcppLab.Domain.Chargers;
using OcppLab.Domain.Common;
using OcppLab.Domain.Provisioning;

namespace OcppLab.Application.Locations.Commands.BulkCreateChargers;

/// <summary>
/// Checks every template against the catalog, resolves every identity, and stores the plan as a
/// durable job; the workflow runner creates and provisions the chargers.
/// </summary>
public sealed class BulkCreateChargersHandler(
    ITenantContext tenant,
    ILocationRepository locations,
    ICatalogRepository catalog,
    ILocationJobRepository jobs,
    IWorkflowRepository workflows,
    IUnitOfWork unitOfWork,
    IWorkflowSignal signal,
    TimeProvider time) : ICommandHandler<BulkCreateChargersCommand, LocationJobAccepted>
{
    private const int RandomSuffixLength = 6;

    public async ValueTask<LocationJobAccepted> Handle(BulkCreateChargersCommand command, CancellationToken cancellationToken)
    {
        var organizationId = tenant.OrganizationId;
        _ = await locations.GetAsync(organizationId, command.LocationId, cancellationToken)
            ?? throw new NotFoundException("location", command.LocationId.ToString());

        var planned = new List<PlannedCharger>();
        var identities = new HashSet<string>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        for (var i = 0; i < command.Items.Count; i++)
        {
            var item = command.Items[i];
            var template = item.Template!;
            var prefix = $"[{i}].template.";
            var (_, connectorType) = await CatalogChecks.ResolveModelAsync(
                catalog, template.BrandSlug!, template.ModelSlug!, template.ConnectorType!, cancellationToken, prefix);
            var securityProfile = template.SecurityProfile ?? SecurityProfile.None;
            foreach (var (field, message) in ChargerRules.ConnectionProblems(template.WsUrl!, securityProfile, template.AuthorizationKey))
            {
                errors[prefix + field] = [message];
            }

            var version = OcppVersions.Parse(template.OcppVersion ?? OcppVersions.Ocpp16);
            foreach (var suffix in Suffixes(item, identities, template.IdentityPrefix ?? string.Empty))
            {
                var identity = (template.IdentityPrefix ?? string.Empty) + suffix;
                if (!ChargerIdentity.IsValid(identity))
                {
                    errors[$"[{i}].charger_ids"] = [$"identity '{identity}' (prefix + suffix) is not a valid charger identity."];
                    continue;
                }

                if (!identities.Add(identity))
                {
                    errors[$"[{i}].charger_ids"] = [$"identity '{identity}' appears more than once in this request."];
                    continue;
                }

                var name = string.IsNullOrWhiteSpace(template.TemplateName) ? identity : $"{template.TemplateName.Trim()} {suffix}";
                planned.Add(new PlannedCharger(
                    Ids.NewChargerId(),
                    Ids.NewWorkflowRunId(),
                    identity,
                    name,
                    template.BrandSlug!,
                    template.ModelSlug!,
                    connectorType,
                    template.WsUrl!,
                    version.ToResourceName(),
                    securityProfile,
                    template.AuthorizationKey));
            }
        }

        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }

        var now = time.UtcNowMs();
        var runId = Ids.NewWorkflowRunId();
        var job = LocationJob.Create(organizationId, command.LocationId, JsonSerializer.Serialize(new BulkCreatePlan(planned)), runId, now);
        jobs.Add(job);
        workflows.Add(WorkflowRun.Create(organizationId, WorkflowKind.LocationBulkCreate, job.Id.ToString(), WorkflowSteps.LocationBulkCreate, now, runId));
        await unitOfWork.SaveChangesAsync(cancellationToken);
        signal.RunAvailable();

        return new LocationJobAccepted(
            job.Id,
            ProvisioningStatusName.Provisioning,
            $"/ocpp/locations/{command.LocationId}/chargers/jobs/{job.Id}",
            runId);
    }

    /// <summary>The given suffixes, then random hex ones up to chargers_number, never repeating an identity.</summary>
    private static IEnumerable<string> Suffixes(BulkChargerSpec item, HashSet<string> taken, string prefix)
    {
        var given = item.ChargerIds ?? [];
        foreach (var suffix in given)
        {
            yield return suffix;
        }

        for (var n = given.Count; n < item.Count; n++)
        {
            string suffix;
            do
            {
                suffix = Ids.RandomHex(RandomSuffixLength).ToUpperInvariant();
            }
            while (taken.Contains(prefix + suffix));

            yield return suffix;
        }
    }
}
