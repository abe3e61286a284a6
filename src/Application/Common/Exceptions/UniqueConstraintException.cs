namespace OcppLab.Application.Common.Exceptions;

/// <summary>Raised by the unit of work when a write would duplicate a unique key.</summary>
public sealed class UniqueConstraintException : Exception
{
    public UniqueConstraintException()
    {
    }

    public UniqueConstraintException(string message)
        : base(message)
    {
    }

    public UniqueConstraintException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
