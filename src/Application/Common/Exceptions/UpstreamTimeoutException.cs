namespace OcppLab.Application.Common.Exceptions;

/// <summary>The CSMS did not answer in time (504).</summary>
public sealed class UpstreamTimeoutException : Exception
{
    public UpstreamTimeoutException()
    {
    }

    public UpstreamTimeoutException(string message)
        : base(message)
    {
    }

    public UpstreamTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
