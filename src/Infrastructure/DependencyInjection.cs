using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OcppLab.Application.Abstractions;
using OcppLab.Infrastructure.Catalog;
using OcppLab.Infrastructure.Cluster;
using OcppLab.Infrastructure.Persistence;
using OcppLab.Infrastructure.Persistence.Repositories;
using OcppLab.Infrastructure.Provisioning;
using OcppLab.Infrastructure.Provisioning.Steps;
using OcppLab.Infrastructure.Logging;
using OcppLab.Infrastructure.Network;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.Runtime;
using OcppLab.Infrastructure.Ocpp.Sandbox;
using OcppLab.Infrastructure.Ocpp.Schemas;
using OcppLab.Infrastructure.Ocpp.Statistics;
using OcppLab.Infrastructure.Observability;
using OcppLab.Infrastructure.Ownership;

namespace OcppLab.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPersistence(configuration);
        services.AddFrameLog(configuration);
        services.AddOcppRuntime(configuration);
        services.AddProvisioning(configuration);
        return services;
    }

    private static void AddPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(DatabaseOptions.SectionName);
        services.Configure<DatabaseOptions>(section);
        var options = section.Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);

        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = SqliteConnectionStrings.Prepare(
                    string.IsNullOrWhiteSpace(connectionString) ? DatabaseOptions.DefaultSqliteConnectionString : connectionString);
                services.AddDbContext<SqliteOcppLabDbContext>(o => o
                    .UseSqlite(sqlite)
                    .AddInterceptors(new SqlitePragmaInterceptor()));
                services.AddScoped<OcppLabDbContext>(sp => sp.GetRequiredService<SqliteOcppLabDbContext>());
                break;
            case DatabaseProvider.SqlServer:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException(
                        "Database:Provider is SqlServer but ConnectionStrings:OcppLab is empty; set it to a SQL Server connection string.");
                }

                services.AddDbContext<SqlServerOcppLabDbContext>(o => o.UseSqlServer(
                    connectionString,
                    sql => sql.ExecutionStrategy(d => new SqlServerExecutionStrategy(d, options.MaxRetryCount, options.MaxRetryDelay))));
                services.AddScoped<OcppLabDbContext>(sp => sp.GetRequiredService<SqlServerOcppLabDbContext>());
                break;
            case DatabaseProvider.PostgreSql:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException(
                        "Database:Provider is PostgreSql but ConnectionStrings:OcppLab is empty; set it to a PostgreSQL connection string, e.g. Host=db;Database=ocpplab;Username=ocpplab;Password=...");
                }

                services.AddDbContext<PostgreSqlOcppLabDbContext>(o => o.UseNpgsql(
                    connectionString,
                    pg => pg.ExecutionStrategy(d => new PostgreSqlExecutionStrategy(d, options.MaxRetryCount, options.MaxRetryDelay))));
                services.AddScoped<OcppLabDbContext>(sp => sp.GetRequiredService<PostgreSqlOcppLabDbContext>());
                break;
            default:
                throw new InvalidOperationException($"Unknown Database:Provider '{options.Provider}'; use Sqlite, SqlServer or PostgreSql.");
        }

        services.AddScoped<IUnitOfWork>(sp => sp.GetRequiredService<OcppLabDbContext>());
        services.AddScoped<IChargerRepository, ChargerRepository>();
        services.AddScoped<ILocationRepository, LocationRepository>();
        services.AddScoped<ICatalogRepository, CatalogRepository>();
        services.AddScoped<IWorkflowRepository, WorkflowRepository>();
        services.AddScoped<ILocationJobRepository, LocationJobRepository>();
        services.AddScoped<ILogStore, LogStore>();
        services.AddScoped<CatalogSeeder>();

        // First hosted service: everything after it may use the database.
        services.AddHostedService<DatabaseInitializer>();
        services.AddHealthChecks().AddDbContextCheck<OcppLabDbContext>("database", tags: ["ready"]);
    }

    private static void AddFrameLog(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LogWriterOptions>()
            .Bind(configuration.GetSection(LogWriterOptions.SectionName))
            .Validate(
                o => o.QueueCapacityBytes is >= LogWriterOptions.MinQueueCapacityBytes and <= LogWriterOptions.MaxQueueCapacityBytes,
                $"Logs:QueueCapacityBytes must be between {LogWriterOptions.MinQueueCapacityBytes} and {LogWriterOptions.MaxQueueCapacityBytes} bytes.")
            .Validate(
                o => o.StreamBufferBytes is >= LogWriterOptions.MinStreamBufferBytes and <= LogWriterOptions.MaxStreamBufferBytes,
                $"Logs:StreamBufferBytes must be between {LogWriterOptions.MinStreamBufferBytes} and {LogWriterOptions.MaxStreamBufferBytes} bytes.")
            .Validate(
                o => o.MaxStreams is >= 1 and <= LogWriterOptions.MaxStreamsLimit,
                $"Logs:MaxStreams must be between 1 and {LogWriterOptions.MaxStreamsLimit}.")
            .Validate(
                o => o.MaxStreamsPerTenant >= 1 && o.MaxStreamsPerTenant <= o.MaxStreams,
                "Logs:MaxStreamsPerTenant must be at least 1 and at most Logs:MaxStreams.")
            .ValidateOnStart();
        services.AddSingleton<LiveLogHub>();
        services.AddSingleton<FrameLogWriter>();
        services.AddSingleton<IFrameLog>(sp => sp.GetRequiredService<FrameLogWriter>());

        // Registered before the session manager, so that it stops after it and flushes their last frames.
        services.AddHostedService(sp => sp.GetRequiredService<FrameLogWriter>());
        services.AddSingleton<ILiveLogFeed, LiveLogFeed>();
        services.AddSingleton<LogRetentionService>();
        services.AddHostedService(sp => sp.GetRequiredService<LogRetentionService>());
    }

    private static void AddOcppRuntime(this IServiceCollection services, IConfiguration configuration)
    {
        // Before the silo, so that it stops after it: a session a grain deactivation closes while the
        // silo stops still has its final live state written.
        services.AddSingleton(sp => new LiveStateWriter(
            sp.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<RuntimeOptions>>(),
            sp.GetRequiredService<ILogger<LiveStateWriter>>()));
        services.AddHostedService(sp => sp.GetRequiredService<LiveStateWriter>());

        // The silo starts after the database is migrated (membership tables) and before the session
        // manager (recovery calls grains); it stops after the sessions closed (ADR 11).
        services.AddClusterHost(configuration);
        services.AddOutboundPolicy(configuration);
        services.AddOptions<RuntimeOptions>()
            .Bind(configuration.GetSection(RuntimeOptions.SectionName))
            .Validate(
                o => o.MaxFrameBytes is >= RuntimeOptions.MinFrameBytes and <= RuntimeOptions.MaxFrameBytesLimit,
                $"Ocpp:MaxFrameBytes must be between {RuntimeOptions.MinFrameBytes} and {RuntimeOptions.MaxFrameBytesLimit} bytes.")
            .Validate(
                o => o.LiveStateMaxBytes is >= RuntimeOptions.MinLiveStateBytes and <= RuntimeOptions.MaxLiveStateBytesLimit,
                $"Ocpp:LiveStateMaxBytes must be between {RuntimeOptions.MinLiveStateBytes} and {RuntimeOptions.MaxLiveStateBytesLimit} bytes.")
            .Validate(
                o => o.LiveStateFlushInterval > TimeSpan.Zero && o.ResumeWithoutBootWithin >= TimeSpan.Zero,
                "Ocpp:LiveStateFlushInterval must be positive and Ocpp:ResumeWithoutBootWithin not negative.")
            .ValidateOnStart();
        services.Configure<SandboxOptions>(configuration.GetSection(SandboxOptions.SectionName));
        services.AddSingleton(OcppSchemaValidator.Shared);
        services.AddSingleton<IPayloadValidator, SchemaPayloadValidator>();
        services.AddSingleton<IChargerStateStore, ChargerStateStore>();
        services.Configure<OwnershipOptions>(configuration.GetSection(OwnershipOptions.SectionName));
        services.AddSingleton<RuntimeOwnership>();
        services.AddScoped<RuntimeLeaseStore>();
        services.AddSingleton<SessionManager>();
        services.AddSingleton<IChargerRuntime>(sp => sp.GetRequiredService<SessionManager>());
        services.AddSingleton<ILocalChargerSessions>(sp => sp.GetRequiredService<SessionManager>());
        services.AddSingleton<IChargerSimulator, ChargerSimulator>();
        services.AddSingleton<IOcppSchemas, OcppSchemas>();
        services.AddSingleton<IRuntimeStatistics, RuntimeStatistics>();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<GatewayGauges>();
        services.AddSingleton<SandboxCsms>();

        // Before the workflow runner: the runner stops first, then every session closes cleanly.
        services.AddHostedService(sp => sp.GetRequiredService<SessionManager>());
    }

    /// <summary>
    /// Where chargers may connect (Ocpp:OutboundPolicy): checked by the API's validators on literal
    /// addresses and denied names, and by the connector on every address connected to. A malformed
    /// entry stops the start-up with a message naming it.
    /// </summary>
    private static void AddOutboundPolicy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboundPolicyOptions>()
            .Bind(configuration.GetSection(OutboundPolicyOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<OutboundPolicyOptions>, OutboundPolicyOptionsValidator>();
        services.AddSingleton(sp => new OutboundPolicy(sp.GetRequiredService<IOptions<OutboundPolicyOptions>>().Value));
        services.AddSingleton<IOutboundPolicy>(sp => sp.GetRequiredService<OutboundPolicy>());
        services.AddSingleton<OutboundConnector>();
    }

    private static void AddProvisioning(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WorkflowOptions>(configuration.GetSection(WorkflowOptions.SectionName));
        services.AddSingleton<WorkflowRunner>();
        services.AddSingleton<IWorkflowSignal>(sp => sp.GetRequiredService<WorkflowRunner>());
        services.AddHostedService(sp => sp.GetRequiredService<WorkflowRunner>());

        services.AddScoped<IWorkflowStep, ValidateModelStep>();
        services.AddScoped<IWorkflowStep, PrepareRuntimeStateStep>();
        services.AddScoped<IWorkflowStep, CreateChargersStep>();
        services.AddScoped<IWorkflowStep, StartRuntimeStep>();
        services.AddScoped<IWorkflowStep, AwaitProvisioningStep>();
        services.AddScoped<IWorkflowCompletion, ChargerProvisioningCompletion>();
        services.AddScoped<IWorkflowCompletion, LocationJobCompletion>();
    }
}
