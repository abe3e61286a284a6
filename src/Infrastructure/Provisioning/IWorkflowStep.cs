using OcppLab.Domain.Provisioning;

namespace OcppLab.Infrastructure.Provisioning;

/// <summary>
/// One idempotent workflow step. It may run more than once for the same run (a retry, a resume
/// after a crash), so it checks what is already done before doing it.
/// </summary>
public interface IWorkflowStep
{
    string Name { get; }

    /// <exception cref="StepFailedException">The attempt failed.</exception>
    Task<StepResult> ExecuteAsync(WorkflowRun run, CancellationToken cancellationToken);
}
