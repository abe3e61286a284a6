namespace OcppLab.Infrastructure.Provisioning;

/// <summary>What a step attempt achieved: done, or not yet (look again later, not a failure).</summary>
public readonly record struct StepResult(TimeSpan? RecheckAfter)
{
    public static StepResult Done => new(null);

    public static StepResult NotYet(TimeSpan recheckAfter) => new(recheckAfter);
}
