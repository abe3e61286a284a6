namespace OcppLab.Domain.Provisioning;

/// <summary>Exponential back-off for workflow steps: base × 2^(attempt−1), capped.</summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    public static RetryPolicy Default { get; } = new(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    public TimeSpan DelayAfter(int attempts)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 20);
        var delay = TimeSpan.FromTicks(BaseDelay.Ticks * (1L << exponent));
        return delay > MaxDelay ? MaxDelay : delay;
    }
}
