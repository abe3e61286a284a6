using OcppLab.Domain.Provisioning;
using OcppLab.Infrastructure.Provisioning;

namespace OcppLab.FunctionalTests.Provisioning;

/// <summary>
/// A workflow step whose behaviour the test writes. Registered after the gateway's own steps with
/// the same <see cref="Name"/>, it is the one the runner executes.
/// </summary>
public sealed class ScriptedStep(string name, Func<WorkflowRun, CancellationToken, Task<StepResult>> body) : IWorkflowStep
{
    public string Name { get; } = name;

    public Task<StepResult> ExecuteAsync(WorkflowRun run, CancellationToken cancellationToken) => body(run, cancellationToken);
}
