namespace OcppLab.Infrastructure.Provisioning;

/// <summary>Settings of the durable workflow runner (section <c>Workflows</c>).</summary>
public sealed class WorkflowOptions
{
    public const string SectionName = "Workflows";

    /// <summary>How often the runner looks for runs when nothing woke it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a claim on a run lasts without renewal; another runner may take it over after that.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many runs one runner works on at once.</summary>
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>Attempts per step before a retryable failure fails the run.</summary>
    public int MaxAttempts { get; set; } = 5;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Identifies this runner in leases; unique per process by default.</summary>
    public string InstanceId { get; set; } = DefaultInstanceId();

    private static string DefaultInstanceId()
    {
        var id = $"{Environment.ProcessId}-{Guid.NewGuid():N}-{Environment.MachineName}";
        return id.Length <= 64 ? id : id[..64];
    }
}
