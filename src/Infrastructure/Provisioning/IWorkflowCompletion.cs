using OcppLab.Domain.Provisioning;

namespace OcppLab.Infrastructure.Provisioning;

/// <summary>Applies a finished run's outcome to its subject (the charger or the job), in the run's transaction.</summary>
public interface IWorkflowCompletion
{
    WorkflowKind Kind { get; }

    Task CompleteAsync(WorkflowRun run, CancellationToken cancellationToken);
}
