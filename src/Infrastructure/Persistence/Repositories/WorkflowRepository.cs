using Microsoft.EntityFrameworkCore;
using OcppLab.Application.Abstractions;
using OcppLab.Domain.Provisioning;

namespace OcppLab.Infrastructure.Persistence.Repositories;

internal sealed class WorkflowRepository(OcppLabDbContext db) : IWorkflowRepository
{
    public Task<WorkflowRun?> GetAsync(string runId, CancellationToken cancellationToken) =>
        db.WorkflowRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);

    public void Add(WorkflowRun run) => db.WorkflowRuns.Add(run);

    public async Task DeleteForSubjectAsync(string subjectId, CancellationToken cancellationToken)
    {
        var runs = await db.WorkflowRuns.Where(r => r.SubjectId == subjectId).ToListAsync(cancellationToken);
        db.WorkflowRuns.RemoveRange(runs);
    }
}
