namespace OcppLab.Application.Common.Exceptions;

/// <summary>
/// A bounded resource of the gateway is full for this tenant or for the whole process (429 with
/// Retry-After): the request may succeed later, when others have let go of it.
/// </summary>
public sealed class TooManyRequestsException : Exception
{
    public TooManyRequestsException()
    {
    }

    public TooManyRequestsException(string message)
        : base(message)
    {
    }

    public TooManyRequestsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TooManyRequestsException(string message, TimeSpan retryAfter)
        : base(message)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>How long the client should wait before trying again.</summary>
    public TimeSpan RetryAfter { get; } = TimeSpan.FromSeconds(5);
}
