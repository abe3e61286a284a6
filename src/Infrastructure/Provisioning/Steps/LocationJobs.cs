using Microsoft.EntityFrameworkCore;
using OcppLab.Domain.Provisioning;
using OcppLab.Infrastructure.Persistence;

namespace OcppLab.Infrastructure.Provisioning.Steps;

internal static class LocationJobs
{
    public static async Task<LocationJob> LoadAsync(OcppLabDbContext db, WorkflowRun run, CancellationToken cancellationToken)
    {
        var jobId = Guid.Parse(run.SubjectId);
        return await db.LocationJobs.FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken)
            ?? throw new StepFailedException("job_not_found", $"Job {jobId} no longer exists.", retryable: false);
    }
}

/// <summary>A finished bulk run makes its job READY or FAILED.</summary>
internal sealed class LocationJobCompletion(OcppLabDbContext db, TimeProvider time) : IWorkflowCompletion
{
    public WorkflowKind Kind => WorkflowKind.LocationBulkCreate;

    public async Task CompleteAsync(WorkflowRun run, CancellationToken cancellationToken)
    {
        var jobId = Guid.Parse(run.SubjectId);
        var job = await db.LocationJobs.FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null)
        {
            return;
        }

        if (run.Status == WorkflowStatus.Succeeded)
        {
            job.Complete(time.GetUtcNow());
        }
        else
        {
            job.Fail(new StepFailure(run.ErrorCode ?? "workflow_failed", run.ErrorMessage ?? "The job failed.", run.ErrorRetryable ?? false), time.GetUtcNow());
        }
    }
}
