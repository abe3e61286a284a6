using OcppLab.Application.Common.Contracts;

namespace OcppLab.Application.Chargers.Queries.GetProvisioningStatus;

public sealed record ProvisioningStatusResponse(
    string ChargerId,
    ProvisioningStatusName Status,
    string WorkflowRunId,
    ErrorInfo? Error,
    DateTimeOffset? ProvisionedAt,
    IReadOnlyList<WorkflowStepResponse> Steps);

public sealed record WorkflowStepResponse(string Name, StepStatusName Status, int Attempts, string? LastError);
