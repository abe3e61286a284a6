using OcppLab.Domain.Provisioning;

namespace OcppLab.Application.Abstractions;

public interface IWorkflowRepository
{
    Task<WorkflowRun?> GetAsync(string runId, CancellationToken cancellationToken);

    void Add(WorkflowRun run);

    Task DeleteForSubjectAsync(string subjectId, CancellationToken cancellationToken);
}
