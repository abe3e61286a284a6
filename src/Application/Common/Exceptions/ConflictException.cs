namespace OcppLab.Application.Common.Exceptions;

/// <summary>The request conflicts with the resource's current state or a uniqueness rule (409).</summary>
public sealed class ConflictException : Exception
{
    public ConflictException()
    {
    }

    public ConflictException(string message)
        : base(message)
    {
    }

    public ConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
