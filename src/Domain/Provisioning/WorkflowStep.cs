namespace OcppLab.Domain.Provisioning;

/// <summary>One persisted step of a <see cref="WorkflowRun"/>.</summary>
public sealed class WorkflowStep
{
    private WorkflowStep()
    {
    }

    public long Id { get; private set; }
    public string RunId { get; private set; } = string.Empty;
    public int Index { get; private set; }
    public string Name { get; private set; } = string.Empty;
    public WorkflowStatus Status { get; internal set; }
    public int Attempts { get; internal set; }
    public string? LastError { get; internal set; }
    public DateTimeOffset? StartedAt { get; internal set; }
    public DateTimeOffset? CompletedAt { get; internal set; }

    internal static WorkflowStep Create(string runId, int index, string name) => new()
    {
        RunId = runId,
        Index = index,
        Name = name,
        Status = WorkflowStatus.Pending,
    };
}
