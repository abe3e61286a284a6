using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OcppLab.Application.Locations.Commands.BulkCreateChargers;
using OcppLab.Application.Provisioning;
using OcppLab.Domain.Catalog;
using OcppLab.Domain.Chargers;
using OcppLab.Domain.Common;
using OcppLab.Domain.Provisioning;
using OcppLab.Infrastructure.Persistence;

namespace OcppLab.Infrastructure.Provisioning.Steps;

/// <summary>
/// Creates the chargers a bulk job planned, each with its own provisioning run. Idempotent: the
/// plan fixed every charger id, so a charger already there from an earlier attempt counts as created.
/// </summary>
internal sealed class CreateChargersStep(OcppLabDbContext db, TimeProvider time) : IWorkflowStep
{
    private const int BatchSize = 250;

    public string Name => WorkflowSteps.CreateChargers;

    public async Task<StepResult> ExecuteAsync(WorkflowRun run, CancellationToken cancellationToken)
    {
        var job = await LocationJobs.LoadAsync(db, run, cancellationToken);
        if (!await db.Locations.AnyAsync(l => l.Id == job.LocationId && l.OrganizationId == job.OrganizationId, cancellationToken))
        {
            throw new StepFailedException("location_not_found", $"Location {job.LocationId} no longer exists.", retryable: false);
        }

        var plan = JsonSerializer.Deserialize<BulkCreatePlan>(job.RequestJson)
            ?? throw new StepFailedException("invalid_plan", "The job's plan cannot be read.", retryable: false);
        var plannedIds = plan.Chargers.Select(c => c.ChargerId).ToList();
        var alreadyCreated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in plannedIds.Chunk(500))
        {
            alreadyCreated.UnionWith(await db.Chargers.Where(c => chunk.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken));
        }

        var identities = plan.Chargers.Where(c => !alreadyCreated.Contains(c.ChargerId)).Select(c => c.Identity).ToList();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in identities.Chunk(500))
        {
            taken.UnionWith(await db.Chargers
                .Where(c => c.OrganizationId == job.OrganizationId && chunk.Contains(c.Identity))
                .Select(c => c.Identity)
                .ToListAsync(cancellationToken));
        }

        var models = new Dictionary<(string, string), (CatalogModel Model, string Vendor)?>();
        var created = new List<CreatedCharger>();
        var failed = new List<FailedCharger>();
        var pending = 0;
        foreach (var planned in plan.Chargers)
        {
            if (alreadyCreated.Contains(planned.ChargerId))
            {
                created.Add(new CreatedCharger(planned.ChargerId, planned.Identity));
                continue;
            }

            if (taken.Contains(planned.Identity))
            {
                failed.Add(new FailedCharger(planned.Identity, $"A charger with identity '{planned.Identity}' already exists."));
                continue;
            }

            var entry = await ModelAsync(models, planned.BrandSlug, planned.ModelSlug, cancellationToken);
            if (entry is not { } found)
            {
                failed.Add(new FailedCharger(planned.Identity, $"Model {planned.BrandSlug}/{planned.ModelSlug} is not in the catalog."));
                continue;
            }

            var now = time.UtcNowMs();
            var charger = Charger.Create(
                job.OrganizationId,
                planned.Identity,
                planned.Name,
                job.LocationId,
                found.Model.Snapshot(found.Vendor),
                planned.ConnectorType,
                planned.WsUrl,
                OcppVersions.Parse(planned.OcppVersion),
                planned.SecurityProfile,
                planned.AuthorizationKey,
                planned.WorkflowRunId,
                now,
                planned.ChargerId);
            db.Chargers.Add(charger);
            db.WorkflowRuns.Add(WorkflowRun.Create(
                job.OrganizationId, WorkflowKind.ChargerProvisioning, planned.ChargerId, WorkflowSteps.ChargerProvisioning, now, planned.WorkflowRunId));
            created.Add(new CreatedCharger(planned.ChargerId, planned.Identity));
            if (++pending == BatchSize)
            {
                await db.SaveChangesAsync(cancellationToken);
                pending = 0;
            }
        }

        job.RecordResults(JsonSerializer.Serialize(new BulkCreateResults(created, failed)), time.GetUtcNow());
        return StepResult.Done;
    }

    private async Task<(CatalogModel Model, string Vendor)?> ModelAsync(
        Dictionary<(string, string), (CatalogModel, string)?> cache, string brandSlug, string modelSlug, CancellationToken cancellationToken)
    {
        if (!cache.TryGetValue((brandSlug, modelSlug), out var entry))
        {
            var model = await db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.BrandSlug == brandSlug && m.Slug == modelSlug, cancellationToken);
            var brand = await db.Brands.AsNoTracking().FirstOrDefaultAsync(b => b.Slug == brandSlug, cancellationToken);
            entry = model is null || brand is null ? null : (model, brand.Name);
            cache[(brandSlug, modelSlug)] = entry;
        }

        return entry;
    }
}
