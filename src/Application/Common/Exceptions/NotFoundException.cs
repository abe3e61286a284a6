namespace OcppLab.Application.Common.Exceptions;

/// <summary>The resource does not exist, or belongs to another tenant (answered alike: 404).</summary>
public sealed class NotFoundException : Exception
{
    public NotFoundException(string resource, string id)
        : base($"{resource} '{id}' was not found.")
    {
        Resource = resource;
        ResourceId = id;
    }

    public NotFoundException()
    {
        Resource = string.Empty;
        ResourceId = string.Empty;
    }

    public NotFoundException(string message)
        : base(message)
    {
        Resource = string.Empty;
        ResourceId = string.Empty;
    }

    public NotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
        Resource = string.Empty;
        ResourceId = string.Empty;
    }

    public string Resource { get; }

    public string ResourceId { get; }
}
