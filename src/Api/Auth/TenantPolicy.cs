using Microsoft.AspNetCore.Authorization;

namespace OcppLab.Api.Auth;

/// <summary>
/// The tenancy rules of §0: a user token acts for its own org_id and must not send
/// X-Organization-Id; an admin token names the tenant with X-Organization-Id on tenant-scoped routes.
/// </summary>
public static class TenantPolicy
{
    /// <summary>Default policy: authenticated and acting for a tenant.</summary>
    public const string TenantScoped = "tenant";

    /// <summary>Authenticated, no tenant needed (the catalog).</summary>
    public const string AnyTenant = "authenticated";

    /// <summary>An admin token, acting on the gateway itself rather than for a tenant (the cluster routes).</summary>
    public const string Operator = "operator";

    public const int MaxOrganizationIdLength = 64;

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(TenantScoped, p => p.RequireAuthenticatedUser().AddRequirements(new TenantRequirement(RequireTenant: true)));
        options.AddPolicy(AnyTenant, p => p.RequireAuthenticatedUser().AddRequirements(new TenantRequirement(RequireTenant: false)));
        options.AddPolicy(Operator, p => p.RequireAuthenticatedUser().AddRequirements(new OperatorRequirement()));
        options.DefaultPolicy = options.GetPolicy(TenantScoped)!;
    }

    public static (string? Tenant, string? Problem) Resolve(HttpContext http)
    {
        var user = http.User;
        var role = user.FindFirst(Claims.Role)?.Value;
        var header = http.Request.Headers[Claims.OrganizationHeader].ToString();
        if (role == Claims.AdminRole)
        {
            if (string.IsNullOrWhiteSpace(header))
            {
                return (null, $"An admin token must name the tenant with the {Claims.OrganizationHeader} header.");
            }

            return header.Length > MaxOrganizationIdLength
                ? (null, $"{Claims.OrganizationHeader} must be at most {MaxOrganizationIdLength} characters.")
                : (header.Trim(), null);
        }

        if (!string.IsNullOrEmpty(header))
        {
            return (null, $"A user token cannot act for another tenant: do not send {Claims.OrganizationHeader}.");
        }

        return (user.FindFirst(Claims.OrganizationId)?.Value, null);
    }
}

public sealed record TenantRequirement(bool RequireTenant) : IAuthorizationRequirement;

/// <summary>Only an admin token (role admin); a tenant header, if sent, names no one here and is ignored.</summary>
public sealed record OperatorRequirement : IAuthorizationRequirement;

public sealed class OperatorAuthorizationHandler : AuthorizationHandler<OperatorRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperatorRequirement requirement)
    {
        if (context.User.FindFirst(Claims.Role)?.Value == Claims.AdminRole)
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this, "Only an admin token may operate the gateway's cluster; this token's role is user."));
        }

        return Task.CompletedTask;
    }
}

public sealed class TenantAuthorizationHandler : AuthorizationHandler<TenantRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, TenantRequirement requirement)
    {
        if (context.Resource is not HttpContext http)
        {
            if (context.Resource is Microsoft.AspNetCore.Mvc.Filters.AuthorizationFilterContext mvc)
            {
                http = mvc.HttpContext;
            }
            else
            {
                context.Fail(new AuthorizationFailureReason(this, "No HTTP request to authorize."));
                return Task.CompletedTask;
            }
        }

        var (tenant, problem) = TenantPolicy.Resolve(http);
        if (requirement.RequireTenant)
        {
            if (problem is not null || string.IsNullOrEmpty(tenant))
            {
                context.Fail(new AuthorizationFailureReason(this, problem ?? "The token names no tenant (org_id)."));
            }
            else
            {
                context.Succeed(requirement);
            }
        }
        else if (http.User.FindFirst(Claims.Role)?.Value != Claims.AdminRole && problem is not null)
        {
            // Tenant-free routes still refuse a user token that tries to name a tenant.
            context.Fail(new AuthorizationFailureReason(this, problem));
        }
        else
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
