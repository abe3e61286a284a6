namespace OcppLab.Application.Abstractions;

/// <summary>The tenant the current request acts for (from the token, or an admin's X-Organization-Id).</summary>
public interface ITenantContext
{
    string OrganizationId { get; }
}
