using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using OcppLab.Api.Errors;

namespace OcppLab.Api.Auth;

/// <summary>A 403 says why (as problem details), instead of an empty body.</summary>
public sealed class ProblemAuthorizationResultHandler(ProblemWriter problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden)
        {
            var reasons = authorizeResult.AuthorizationFailure?.FailureReasons.Select(r => r.Message).ToList() ?? [];
            await problems.WriteAsync(
                context,
                StatusCodes.Status403Forbidden,
                reasons.Count > 0 ? string.Join(" ", reasons) : "This token may not use this resource.");
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
