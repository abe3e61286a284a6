using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace OcppLab.Api.Errors;

/// <summary>
/// A request target (path and query, as sent) longer than <c>Api:MaxUrlLength</c> is a 414 problem.
/// Kestrel answers a request line over its own limit with a bare 414 before any middleware runs, so
/// its limit is raised above ours: up to that raised limit this middleware answers (and the detail
/// names the bound); beyond it <see cref="RejectionProblems"/> turns Kestrel's bare 414 into a problem.
/// </summary>
public static class UrlLengthLimit
{
    public const string ConfigurationKey = "Api:MaxUrlLength";
    public const int Default = 8 * 1024;

    /// <summary>Kestrel's request line limit: 128 KiB, or more when the configured bound needs it.</summary>
    public static int KestrelRequestLine(int maxUrlLength) => Math.Max(128 * 1024, maxUrlLength + 1024);

    public static IServiceCollection AddUrlLengthLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var max = configuration.GetValue(ConfigurationKey, Default);
        if (max is < 256 or > 512 * 1024)
        {
            throw new InvalidOperationException($"{ConfigurationKey} must be between 256 and 524288 characters; it is {max}.");
        }

        services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestLineSize = KestrelRequestLine(max));
        return services;
    }

    public static IApplicationBuilder UseUrlLengthLimit(this IApplicationBuilder app, IConfiguration configuration)
    {
        var max = configuration.GetValue(ConfigurationKey, Default);
        return app.Use(async (context, next) =>
        {
            var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
            var length = target?.Length ?? (context.Request.Path.Value?.Length ?? 0) + context.Request.QueryString.Value?.Length ?? 0;
            if (length > max)
            {
                await context.RequestServices.GetRequiredService<ProblemWriter>().WriteAsync(
                    context,
                    StatusCodes.Status414UriTooLong,
                    $"The URL (path and query) is {length} characters long; at most {max} are accepted.");
                return;
            }

            await next(context);
        });
    }
}
