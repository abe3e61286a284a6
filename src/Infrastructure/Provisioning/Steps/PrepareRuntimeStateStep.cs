using Microsoft.EntityFrameworkCore;
using OcppLab.Application.Provisioning;
using OcppLab.Domain.Chargers;
using OcppLab.Domain.Provisioning;
using OcppLab.Infrastructure.Persistence;

namespace OcppLab.Infrastructure.Provisioning.Steps;

/// <summary>Creates the charger's non-volatile state (configuration overrides, local list) if it is not there yet.</summary>
internal sealed class PrepareRuntimeStateStep(OcppLabDbContext db, TimeProvider time) : IWorkflowStep
{
    public string Name => WorkflowSteps.PrepareRuntimeState;

    public async Task<StepResult> ExecuteAsync(WorkflowRun run, CancellationToken cancellationToken)
    {
        if (!await db.Chargers.AnyAsync(c => c.Id == run.SubjectId, cancellationToken))
        {
            throw new StepFailedException("charger_not_found", $"Charger {run.SubjectId} no longer exists.", retryable: false);
        }

        if (!await db.ChargerStates.AnyAsync(s => s.ChargerId == run.SubjectId, cancellationToken))
        {
            db.ChargerStates.Add(ChargerStoredState.Create(run.SubjectId, time.GetUtcNow()));
        }

        return StepResult.Done;
    }
}
