using Microsoft.EntityFrameworkCore;
using OcppLab.Domain.Provisioning;
using OcppLab.Infrastructure.Persistence;

namespace OcppLab.Infrastructure.Provisioning.Steps;

/// <summary>A finished provisioning run makes its charger READY or FAILED.</summary>
internal sealed class ChargerProvisioningCompletion(OcppLabDbContext db, TimeProvider time) : IWorkflowCompletion
{
    public WorkflowKind Kind => WorkflowKind.ChargerProvisioning;

    public async Task CompleteAsync(WorkflowRun run, CancellationToken cancellationToken)
    {
        var charger = await db.Chargers.FirstOrDefaultAsync(c => c.Id == run.SubjectId, cancellationToken);
        if (charger is null)
        {
            return;
        }

        if (run.Status == WorkflowStatus.Succeeded)
        {
            charger.MarkProvisioned(time.GetUtcNow());
        }
        else
        {
            charger.MarkProvisioningFailed(time.GetUtcNow());
        }
    }
}
