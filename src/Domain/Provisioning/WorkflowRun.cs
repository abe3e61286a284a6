using OcppLab.Domain.Common;

namespace OcppLab.Domain.Provisioning;

/// <summary>
/// A durable workflow run: an ordered list of idempotent steps whose progress is persisted after
/// every attempt, so that any runner instance can resume it after a crash or restart.
/// </summary>
public sealed class WorkflowRun
{
    private readonly List<WorkflowStep> _steps = [];

    private WorkflowRun()
    {
    }

    public string Id { get; private set; } = string.Empty;
    public string OrganizationId { get; private set; } = string.Empty;
    public WorkflowKind Kind { get; private set; }

    /// <summary>The charger id or job id the run works on.</summary>
    public string SubjectId { get; private set; } = string.Empty;

    public WorkflowStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>Not before this instant may a runner claim the run (back-off between attempts).</summary>
    public DateTimeOffset NextAttemptAt { get; private set; }

    public string? LeaseOwner { get; private set; }
    public DateTimeOffset? LeaseExpiresAt { get; private set; }

    public string? ErrorCode { get; private set; }
    public string? ErrorMessage { get; private set; }
    public bool? ErrorRetryable { get; private set; }

    public IReadOnlyList<WorkflowStep> Steps => _steps;

    public static WorkflowRun Create(
        string organizationId,
        WorkflowKind kind,
        string subjectId,
        IEnumerable<string> stepNames,
        DateTimeOffset now,
        string? id = null)
    {
        var run = new WorkflowRun
        {
            Id = id ?? Ids.NewWorkflowRunId(),
            OrganizationId = organizationId,
            Kind = kind,
            SubjectId = subjectId,
            Status = WorkflowStatus.Pending,
            CreatedAt = now,
            UpdatedAt = now,
            NextAttemptAt = now,
        };
        var index = 0;
        foreach (var name in stepNames)
        {
            run._steps.Add(WorkflowStep.Create(run.Id, index++, name));
        }

        if (run._steps.Count == 0)
        {
            throw new ArgumentException("A workflow needs at least one step.", nameof(stepNames));
        }

        return run;
    }

    /// <summary>Whether any step has been attempted yet.</summary>
    public bool HasStarted => _steps.Any(s => s.Attempts > 0);

    public bool IsFinished => Status is WorkflowStatus.Succeeded or WorkflowStatus.Failed;

    /// <summary>The first step that has not succeeded yet, or null when all have.</summary>
    public WorkflowStep? CurrentStep => _steps.OrderBy(s => s.Index).FirstOrDefault(s => s.Status != WorkflowStatus.Succeeded);

    public void StepStarted(WorkflowStep step, DateTimeOffset now)
    {
        EnsureOwnStep(step);
        Status = WorkflowStatus.Running;
        step.Status = WorkflowStatus.Running;
        step.Attempts++;
        step.StartedAt ??= now;
        UpdatedAt = now;
    }

    public void StepSucceeded(WorkflowStep step, DateTimeOffset now)
    {
        EnsureOwnStep(step);
        step.Status = WorkflowStatus.Succeeded;
        step.CompletedAt = now;
        step.LastError = null;
        UpdatedAt = now;
        NextAttemptAt = now;
        if (CurrentStep is null)
        {
            Status = WorkflowStatus.Succeeded;
            CompletedAt = now;
        }
    }

    /// <summary>
    /// The step found its work not finished yet (it waits on something else) and asks to be looked
    /// at again later. Not a failure: the attempt is not counted.
    /// </summary>
    public void StepPostponed(WorkflowStep step, DateTimeOffset recheckAt, DateTimeOffset now)
    {
        EnsureOwnStep(step);
        step.Status = WorkflowStatus.Pending;
        step.Attempts = Math.Max(0, step.Attempts - 1);
        NextAttemptAt = recheckAt;
        UpdatedAt = now;
    }

    /// <summary>
    /// Records a failed attempt. A retryable failure with attempts left schedules the next attempt
    /// after the policy's back-off; anything else fails the run. Returns true when it will be retried.
    /// </summary>
    public bool StepFailed(WorkflowStep step, StepFailure failure, RetryPolicy policy, DateTimeOffset now)
    {
        EnsureOwnStep(step);
        step.LastError = $"{failure.Code}: {failure.Message}";
        UpdatedAt = now;
        if (failure.Retryable && step.Attempts < policy.MaxAttempts)
        {
            step.Status = WorkflowStatus.Pending;
            NextAttemptAt = now + policy.DelayAfter(step.Attempts);
            return true;
        }

        step.Status = WorkflowStatus.Failed;
        step.CompletedAt = now;
        Fail(failure, now);
        return false;
    }

    public void Fail(StepFailure failure, DateTimeOffset now)
    {
        Status = WorkflowStatus.Failed;
        ErrorCode = failure.Code;
        ErrorMessage = failure.Message;
        ErrorRetryable = failure.Retryable;
        CompletedAt = now;
        UpdatedAt = now;
    }

    private void EnsureOwnStep(WorkflowStep step)
    {
        if (!_steps.Contains(step))
        {
            throw new InvalidOperationException($"Step {step.Name} does not belong to run {Id}.");
        }
    }
}
