using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using OcppLab.Api.Auth;
using OcppLab.Api.Errors;

namespace OcppLab.Api.RateLimiting;

/// <summary>Section <c>RateLimiting</c>: a token bucket per tenant on the REST API.</summary>
public sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimiting";

    public bool Enabled { get; set; } = true;

    /// <summary>Sustained requests per second a tenant may make.</summary>
    public int PermitsPerSecond { get; set; } = 100;

    /// <summary>How many requests a tenant may make at once before the sustained rate applies.</summary>
    public int Burst { get; set; } = 200;

    /// <summary>How often the bucket is refilled (with PermitsPerSecond × the period's seconds).</summary>
    public TimeSpan ReplenishmentPeriod { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// Per-tenant rate limiting so that one tenant cannot starve another: each tenant (a user token's
/// org_id, or the tenant an admin names) has its own token bucket; a request over the limit gets 429
/// with Retry-After. Runs after authorization, so refused requests cost nothing.
/// </summary>
public static class RateLimitingSetup
{
    public const string TenantPolicy = "tenant";

    public static IServiceCollection AddGatewayRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RateLimitingOptions.SectionName).Get<RateLimitingOptions>() ?? new RateLimitingOptions();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
                    : 1;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                var problems = context.HttpContext.RequestServices.GetRequiredService<ProblemWriter>();
                await problems.WriteAsync(
                    context.HttpContext,
                    StatusCodes.Status429TooManyRequests,
                    $"This tenant is over its request rate ({options.PermitsPerSecond}/s, bursts of {options.Burst}); retry after {retryAfter} s.");
            };
            limiter.AddPolicy(TenantPolicy, http => options.Enabled
                ? RateLimitPartition.GetTokenBucketLimiter(PartitionKey(http), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Math.Max(1, options.Burst),
                    TokensPerPeriod = Math.Max(1, (int)Math.Round(options.PermitsPerSecond * Math.Max(0.001, options.ReplenishmentPeriod.TotalSeconds))),
                    ReplenishmentPeriod = options.ReplenishmentPeriod > TimeSpan.Zero ? options.ReplenishmentPeriod : TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                })
                : RateLimitPartition.GetNoLimiter("unlimited"));
        });
        return services;
    }

    /// <summary>The tenant a request counts against: who it acts for, not who sent it.</summary>
    private static string PartitionKey(HttpContext http)
    {
        var (tenant, _) = Auth.TenantPolicy.Resolve(http);
        if (!string.IsNullOrEmpty(tenant))
        {
            return "tenant:" + tenant;
        }

        var subject = http.User.FindFirst("sub")?.Value ?? http.User.FindFirst(Claims.OrganizationId)?.Value;
        return subject is not null ? "subject:" + subject : "ip:" + http.Connection.RemoteIpAddress;
    }
}
