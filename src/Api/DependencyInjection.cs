using Microsoft.AspNetCore.Mvc;
using OcppLab.Api.Auth;
using OcppLab.Api.Errors;
using OcppLab.Api.Json;
using OcppLab.Api.Observability;
using OcppLab.Api.OpenApi;
using OcppLab.Api.RateLimiting;
using OcppLab.Application.Common.Behaviors;
using OcppLab.Infrastructure.Ocpp.Sandbox;

namespace OcppLab.Api;

public static class DependencyInjection
{
    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.Assemblies = [typeof(Application.DependencyInjection)];
            options.PipelineBehaviors = [typeof(LoggingBehavior<,>), typeof(ValidationBehavior<,>)];
        });

        services.AddGatewayJson();
        services.AddControllers(o =>
            {
                o.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
                o.Filters.Add<MalformedJsonFilter>();
                o.Filters.Add(new ProblemContentTypeFilter());
            })
            .ConfigureApiBehaviorOptions(o => o.InvalidModelStateResponseFactory = ValidationProblems.FromModelState);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemWriter.Customize);
        services.AddSingleton<ProblemWriter>();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddGatewayAuth(configuration);
        services.AddGatewayOpenApi();
        services.AddGatewayMetrics();
        services.AddGatewayRateLimiting(configuration);
        services.AddUrlLengthLimit(configuration);
        services.AddRejectionProblems();
        services.AddSingleton<Json.LogPageGate>();
        return services;
    }

    public static WebApplication UseApi(this WebApplication app)
    {
        app.UseUrlLengthLimit(app.Configuration);
        app.UseSerilogRequests();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseWebSockets();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = ReadinessResponse.WriteAsync }).AllowAnonymous();
        app.MapGatewayOpenApi();
        app.MapSandboxCsms();
        app.MapGatewayMetrics();
        app.MapControllers().RequireRateLimiting(RateLimitingSetup.TenantPolicy);
        return app;
    }

    private static void UseSerilogRequests(this WebApplication app) =>
        Serilog.SerilogApplicationBuilderExtensions.UseSerilogRequestLogging(app, o =>
            o.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms");
}
