using OcppLab.Application.Abstractions;

namespace OcppLab.Api.Auth;

/// <summary>
/// The tenant of the current request: a user token's org_id, or the X-Organization-Id an admin
/// names. The tenant policy has already checked the combination before any handler runs.
/// </summary>
public sealed class HttpTenantContext(IHttpContextAccessor accessor) : ITenantContext
{
    public string OrganizationId
    {
        get
        {
            var http = accessor.HttpContext ?? throw new InvalidOperationException("No HTTP request in progress.");
            return TenantPolicy.Resolve(http) is { Tenant: { } tenant }
                ? tenant
                : throw new InvalidOperationException("The request has no tenant; the route must use the tenant policy.");
        }
    }
}
