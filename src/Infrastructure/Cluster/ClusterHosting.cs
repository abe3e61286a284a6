using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;
using OcppLab.Infrastructure.Ocpp.Runtime;
using OcppLab.Infrastructure.Persistence;

namespace OcppLab.Infrastructure.Cluster;

/// <summary>
/// Co-hosts an Orleans silo in the gateway process (ADR 11): one grain per charger owns its
/// session. The configuration is checked here, before the host is built, so that a wrong
/// <c>Cluster:*</c> setting stops the start-up with a message naming it.
/// </summary>
internal static class ClusterHosting
{
    /// <summary>The ClusterId/ServiceId of the nodes of an ADO.NET cluster when none is configured.</summary>
    public const string DefaultClusterId = "ocpplab";

    public static void AddClusterHost(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = Resolve(
            configuration.GetSection(ClusterHostingOptions.SectionName).Get<ClusterHostingOptions>() ?? new ClusterHostingOptions(),
            (configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions()).Provider,
            configuration.GetConnectionString(DatabaseOptions.ConnectionStringName));
        services.AddSingleton(settings);
        services.AddOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings.ClusterId;
                o.ServiceId = settings.ServiceId;
            });

            // The ports are taken when the silo starts, not when the host is configured (the build-time
            // OpenAPI generation builds the host without running it).
            silo.Services.AddOptions<EndpointOptions>().Configure(o =>
            {
                o.AdvertisedIPAddress = settings.AdvertisedAddress;
                o.SiloPort = settings.SiloPort != 0 ? settings.SiloPort : FreePort(settings.ListenAddress);
                o.GatewayPort = settings.GatewayPort;
                o.SiloListeningEndpoint = new IPEndPoint(settings.ListenAddress, o.SiloPort);
                o.GatewayListeningEndpoint = settings.GatewayPort != 0 ? new IPEndPoint(settings.ListenAddress, settings.GatewayPort) : null;
            });

            if (settings.Clustering == ClusteringMode.Localhost)
            {
                // A single node is its own primary silo: membership stays in this process.
                silo.UseDevelopmentClustering(b => b.Configure<Microsoft.Extensions.Options.IOptions<EndpointOptions>>(
                    (dev, endpoints) => dev.PrimarySiloEndpoint = new IPEndPoint(settings.AdvertisedAddress, endpoints.Value.SiloPort)));
            }
            else
            {
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = settings.Invariant!;
                    o.ConnectionString = settings.ConnectionString!;
                });

                // The strongly consistent directory (Orleans 9+, opt-in): when a silo dies, the directory's
                // partitions are rebuilt from the survivors' activations before serving again, so a call
                // in the meantime never creates a second activation of a charger that still runs on a
                // survivor (the default, eventually consistent directory resolves such duplicates only
                // afterwards, by deactivating one: a second connection, then a closed one).
#pragma warning disable ORLEANSEXP003
                silo.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003

                // A killed node is declared dead within a few probe periods (Orleans' defaults take
                // about 30 s), so that its chargers come back on the others well within the 30 s budget.
                silo.Configure<ClusterMembershipOptions>(o =>
                {
                    o.ProbeTimeout = settings.ProbeTimeout;
                    o.NumMissedProbesLimit = settings.MissedProbesLimit;
                    o.NumVotesForDeathDeclaration = settings.DeathVotes;
                    o.TableRefreshTimeout = settings.ProbeTimeout;
                });
            }

            AddGrainSerialization(silo.Services);
            AddRebalancing(silo.Services);
        });
        services.AddSingleton<ClusterPartition>();
        services.AddSingleton<LiveLogRelay>();
        services.AddSingleton<OcppLab.Application.Abstractions.IClusterOperations, ClusterOperations>();
    }

    /// <summary>The placement of the per-node grains a rebalance asks for their chargers (<see cref="NodePlacement"/>).</summary>
    internal static void AddRebalancing(IServiceCollection services) =>
        services.AddPlacementDirector<NodePlacement, NodePlacementDirector>();

    /// <summary>
    /// The grain interface carries the Application's records (simulator actions and outcomes,
    /// runtime state, statistics): System.Text.Json serialises and copies them, the Application
    /// keeps no Orleans attributes (it knows only IChargerRuntime).
    /// </summary>
    internal static void AddGrainSerialization(IServiceCollection services) =>
        services.AddSerializer(s => s.AddJsonSerializer(IsJsonSerialized, IsJsonSerialized));

    /// <summary>The settings to run with, or an error that names the setting to fix.</summary>
    internal static ClusterSettings Resolve(ClusterHostingOptions options, DatabaseProvider provider, string? connectionString)
    {
        if (options.SiloPort is < 0 or > 65535 || options.GatewayPort is < 0 or > 65535)
        {
            throw new InvalidOperationException("Cluster:SiloPort and Cluster:GatewayPort must be between 0 (a free port / no client gateway) and 65535.");
        }

        if (options.ProbeTimeout <= TimeSpan.Zero || options.MissedProbesLimit < 1 || options.DeathVotes < 1)
        {
            throw new InvalidOperationException(
                "Cluster:ProbeTimeout must be positive and Cluster:MissedProbesLimit and Cluster:DeathVotes at least 1.");
        }

        if (options.RebalanceParallelism is < 1 or > ClusterHostingOptions.MaxRebalanceParallelism)
        {
            throw new InvalidOperationException(
                $"Cluster:RebalanceParallelism must be between 1 and {ClusterHostingOptions.MaxRebalanceParallelism} (chargers moved at once by a rebalance); it is {options.RebalanceParallelism}.");
        }

        IPAddress? advertised = null;
        if (!string.IsNullOrWhiteSpace(options.AdvertisedAddress) && !IPAddress.TryParse(options.AdvertisedAddress, out advertised))
        {
            throw new InvalidOperationException($"Cluster:AdvertisedAddress '{options.AdvertisedAddress}' is not an IP address.");
        }

        switch (options.Clustering)
        {
            case ClusteringMode.Localhost:
                if (advertised is not null && !IPAddress.IsLoopback(advertised))
                {
                    throw new InvalidOperationException("Cluster:Clustering Localhost is one node on loopback; Cluster:AdvertisedAddress applies to AdoNet clustering only.");
                }

                // Unique per process: two embedded gateways on one machine never form a cluster.
                var id = string.IsNullOrWhiteSpace(options.ClusterId) ? $"ocpplab-{Guid.NewGuid():N}" : options.ClusterId;
                return Settings(options, ClusteringMode.Localhost, id, IPAddress.Loopback, IPAddress.Loopback, null, null);
            case ClusteringMode.AdoNet:
                var invariant = string.IsNullOrWhiteSpace(options.Invariant) ? InvariantOf(provider) : options.Invariant.Trim();
                if (invariant is not (NpgsqlInvariant or SqlServerInvariant))
                {
                    throw new InvalidOperationException(
                        $"Cluster:Invariant '{invariant}' is not supported; use {NpgsqlInvariant} (PostgreSQL) or {SqlServerInvariant} (SQL Server).");
                }

                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException(
                        "Cluster:Clustering is AdoNet but ConnectionStrings:OcppLab is empty: the membership table lives in the gateway's own database.");
                }

                if (FactoryTypeOf(invariant) is { } factory && Type.GetType(factory) is null)
                {
                    throw new InvalidOperationException(
                        $"Cluster:Invariant {invariant} needs its ADO.NET provider ({factory}), which this gateway does not ship; use the invariant of Database:Provider.");
                }

                var clusterId = string.IsNullOrWhiteSpace(options.ClusterId) ? DefaultClusterId : options.ClusterId;
                return Settings(
                    options,
                    ClusteringMode.AdoNet,
                    clusterId,
                    advertised ?? IPAddress.Loopback,
                    advertised is null || IPAddress.IsLoopback(advertised) ? IPAddress.Loopback : IPAddress.Any,
                    invariant,
                    connectionString);
            default:
                throw new InvalidOperationException($"Unknown Cluster:Clustering '{options.Clustering}'; use Localhost or AdoNet.");
        }
    }

    /// <summary>The settings of either clustering mode: the ids, ports and failure detection as configured.</summary>
    private static ClusterSettings Settings(
        ClusterHostingOptions options, ClusteringMode mode, string clusterId, IPAddress advertised, IPAddress listen, string? invariant, string? connectionString) =>
        new(
            mode,
            clusterId,
            string.IsNullOrWhiteSpace(options.ServiceId) ? clusterId : options.ServiceId,
            options.SiloPort,
            options.GatewayPort,
            advertised,
            listen,
            invariant,
            connectionString)
        {
            ProbeTimeout = options.ProbeTimeout,
            MissedProbesLimit = options.MissedProbesLimit,
            DeathVotes = options.DeathVotes,
            RebalanceParallelism = options.RebalanceParallelism,
        };

    private const string NpgsqlInvariant = ClusterHostingOptions.NpgsqlInvariant;
    private const string SqlServerInvariant = ClusterHostingOptions.SqlServerInvariant;

    private static string InvariantOf(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => throw new InvalidOperationException(
            "Cluster:Clustering AdoNet needs the gateway's database on PostgreSQL or SQL Server; with SQLite the gateway is one node (Cluster:Clustering Localhost, the default)."),
        DatabaseProvider.SqlServer => SqlServerInvariant,

        // The PostgreSQL provider's name, whatever its enum member is called.
        _ when provider.ToString().StartsWith("Postgre", StringComparison.OrdinalIgnoreCase) => NpgsqlInvariant,
        _ => throw new InvalidOperationException($"Database:Provider {provider} has no Orleans clustering; set Cluster:Invariant."),
    };

    private static string? FactoryTypeOf(string invariant) => invariant switch
    {
        NpgsqlInvariant => "Npgsql.NpgsqlFactory, Npgsql",
        SqlServerInvariant => "Microsoft.Data.SqlClient.SqlClientFactory, Microsoft.Data.SqlClient",
        _ => null,
    };

    /// <summary>The project's own records and the JSON nodes they carry go through System.Text.Json.</summary>
    internal static bool IsJsonSerialized(Type type) =>
        (type.Namespace?.StartsWith("OcppLab.Application", StringComparison.Ordinal) ?? false)
        || typeof(JsonNode).IsAssignableFrom(type);

    /// <summary>
    /// A free TCP port on <paramref name="address"/>: the OS picks one, the silo binds it right after.
    /// Fixed ports would collide between the gateways of one machine (tests run many at once).
    /// </summary>
    private static int FreePort(IPAddress address)
    {
        using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}

/// <summary>The cluster settings this process runs with (resolved and validated from <see cref="ClusterHostingOptions"/>).</summary>
public sealed record ClusterSettings(
    ClusteringMode Clustering,
    string ClusterId,
    string ServiceId,
    int SiloPort,
    int GatewayPort,
    IPAddress AdvertisedAddress,
    IPAddress ListenAddress,
    string? Invariant,
    string? ConnectionString)
{
    /// <summary>How long a silo waits for a probe's answer (<c>Cluster:ProbeTimeout</c>).</summary>
    public TimeSpan ProbeTimeout { get; init; } = ClusterHostingOptions.DefaultProbeTimeout;

    /// <summary>Probes missed in a row before a silo suspects another (<c>Cluster:MissedProbesLimit</c>).</summary>
    public int MissedProbesLimit { get; init; } = ClusterHostingOptions.DefaultMissedProbesLimit;

    /// <summary>Suspicions that declare a silo dead (<c>Cluster:DeathVotes</c>).</summary>
    public int DeathVotes { get; init; } = ClusterHostingOptions.DefaultDeathVotes;

    /// <summary>Chargers a rebalance moves at once (<c>Cluster:RebalanceParallelism</c>).</summary>
    public int RebalanceParallelism { get; init; } = ClusterHostingOptions.DefaultRebalanceParallelism;

    /// <summary>Whether other nodes may host this database's chargers (then no runtime lease: the cluster decides).</summary>
    public bool IsMultiNode => Clustering == ClusteringMode.AdoNet;
}
