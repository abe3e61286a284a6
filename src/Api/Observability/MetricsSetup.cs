using OcppLab.Infrastructure.Observability;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace OcppLab.Api.Observability;

/// <summary>OpenTelemetry metrics with a Prometheus scrape endpoint at <c>/metrics</c>.</summary>
public static class MetricsSetup
{
    public const string ScrapePath = "/metrics";

    public static IServiceCollection AddGatewayMetrics(this IServiceCollection services)
    {
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("ocpplab-gateway"))
            .WithMetrics(metrics => metrics
                .AddMeter(GatewayMetrics.MeterName)

                // ASP.NET Core's own meters: HTTP server request duration, active requests, connections.
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.RateLimiting")
                .AddPrometheusExporter());
        return services;
    }

    public static WebApplication MapGatewayMetrics(this WebApplication app)
    {
        // Created now so that the fleet and log-queue gauges exist before the first scrape.
        _ = app.Services.GetRequiredService<GatewayGauges>();
        app.MapPrometheusScrapingEndpoint(ScrapePath).AllowAnonymous().DisableRateLimiting();
        return app;
    }
}
