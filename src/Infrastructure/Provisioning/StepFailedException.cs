using OcppLab.Domain.Provisioning;

namespace OcppLab.Infrastructure.Provisioning;

/// <summary>A step attempt failed; <see cref="Failure"/> says whether retrying may help.</summary>
public sealed class StepFailedException : Exception
{
    public StepFailedException(string code, string message, bool retryable)
        : base(message)
    {
        Failure = new StepFailure(code, message, retryable);
    }

    public StepFailedException()
        : this("step_failed", "The step failed.", retryable: true)
    {
    }

    public StepFailedException(string message)
        : this("step_failed", message, retryable: true)
    {
    }

    public StepFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Failure = new StepFailure("step_failed", message, true);
    }

    public StepFailure Failure { get; }
}
