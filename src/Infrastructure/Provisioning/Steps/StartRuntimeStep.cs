using Microsoft.EntityFrameworkCore;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Provisioning;
using OcppLab.Domain.Chargers;
using OcppLab.Domain.Provisioning;
using OcppLab.Infrastructure.Persistence;

namespace OcppLab.Infrastructure.Provisioning.Steps;

/// <summary>
/// Starts the charger's OCPP runtime (if its desired state is running), so READY means running. On a
/// standby gateway the start is a no-op: the gateway that owns the runtime starts the charger when it
/// next reconciles with the stored desired states.
/// </summary>
internal sealed class StartRuntimeStep(OcppLabDbContext db, IChargerRuntime runtime) : IWorkflowStep
{
    public string Name => WorkflowSteps.StartRuntime;

    public async Task<StepResult> ExecuteAsync(WorkflowRun run, CancellationToken cancellationToken)
    {
        var charger = await db.Chargers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == run.SubjectId, cancellationToken)
            ?? throw new StepFailedException("charger_not_found", $"Charger {run.SubjectId} no longer exists.", retryable: false);
        if (charger.DesiredState == DesiredState.Running)
        {
            await runtime.StartAsync(charger.Id, cancellationToken);
        }

        return StepResult.Done;
    }
}
