using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OcppLab.Application.Locations.Commands.BulkCreateChargers;
using OcppLab.Application.Provisioning;
using OcppLab.Domain.Chargers;
using OcppLab.Domain.Provisioning;
using OcppLab.Infrastructure.Persistence;

namespace OcppLab.Infrastructure.Provisioning.Steps;

/// <summary>Waits until every charger the job created has finished provisioning (READY or FAILED).</summary>
internal sealed class AwaitProvisioningStep(OcppLabDbContext db) : IWorkflowStep
{
    private static readonly TimeSpan RecheckAfter = TimeSpan.FromMilliseconds(500);

    public string Name => WorkflowSteps.AwaitProvisioning;

    public async Task<StepResult> ExecuteAsync(WorkflowRun run, CancellationToken cancellationToken)
    {
        var job = await LocationJobs.LoadAsync(db, run, cancellationToken);
        var results = job.ResultsJson is null ? null : JsonSerializer.Deserialize<BulkCreateResults>(job.ResultsJson);
        var ids = results?.Created.Select(c => c.ChargerId).ToList() ?? [];
        foreach (var chunk in ids.Chunk(500))
        {
            var busy = await db.Chargers.AnyAsync(
                c => chunk.Contains(c.Id)
                    && (c.ProvisioningStatus == ProvisioningStatus.Pending || c.ProvisioningStatus == ProvisioningStatus.Provisioning),
                cancellationToken);
            if (busy)
            {
                return StepResult.NotYet(RecheckAfter);
            }
        }

        return StepResult.Done;
    }
}
