using OcppLab.Application.Chargers.Queries.GetProvisioningStatus;
using OcppLab.Application.Common.Contracts;
using OcppLab.Domain.Provisioning;

namespace OcppLab.Application.Provisioning;

public static class WorkflowMapping
{
    public static ErrorInfo? ToErrorInfo(this WorkflowRun? run) =>
        run is { Status: WorkflowStatus.Failed }
            ? new ErrorInfo(run.ErrorCode ?? "workflow_failed", run.ErrorMessage ?? "The workflow failed.", run.ErrorRetryable ?? false)
            : null;

    public static IReadOnlyList<WorkflowStepResponse> ToStepResponses(this WorkflowRun? run) =>
        run is null
            ? []
            : run.Steps.OrderBy(s => s.Index)
                .Select(s => new WorkflowStepResponse(s.Name, s.Status.ToName(), s.Attempts, s.LastError))
                .ToList();

    public static StepStatusName ToName(this WorkflowStatus status) => status switch
    {
        WorkflowStatus.Pending => StepStatusName.Pending,
        WorkflowStatus.Running => StepStatusName.Running,
        WorkflowStatus.Succeeded => StepStatusName.Succeeded,
        _ => StepStatusName.Failed,
    };
}
