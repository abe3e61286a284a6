namespace OcppLab.Infrastructure.Cluster;

/// <summary>How the gateway's nodes find each other (<c>Cluster:Clustering</c>).</summary>
public enum ClusteringMode
{
    /// <summary>One node, in-process membership (the embedded default): no other process, no configuration.</summary>
    Localhost,

    /// <summary>Orleans' ADO.NET membership table in the gateway's own database (PostgreSQL or SQL Server).</summary>
    AdoNet,
}

/// <summary>
/// Section <c>Cluster</c>: the Orleans silo co-hosted in every gateway process (ADR 11). The
/// defaults make the embedded gateway one node on loopback with ports chosen at start-up, so
/// that any number of gateways (the functional tests' in-process factories, parallel processes)
/// run side by side without colliding or joining each other.
/// </summary>
public sealed class ClusterHostingOptions
{
    public const string SectionName = "Cluster";

    /// <summary>The ADO.NET invariant of PostgreSQL's provider.</summary>
    public const string NpgsqlInvariant = "Npgsql";

    /// <summary>The ADO.NET invariant of SQL Server's provider.</summary>
    public const string SqlServerInvariant = "Microsoft.Data.SqlClient";

    public ClusteringMode Clustering { get; set; } = ClusteringMode.Localhost;

    /// <summary>
    /// The nodes of one cluster share it. Empty: unique per process with <see cref="ClusteringMode.Localhost"/>
    /// (two embedded gateways never join each other), <c>ocpplab</c> with <see cref="ClusteringMode.AdoNet"/>.
    /// </summary>
    public string? ClusterId { get; set; }

    /// <summary>Identifies the deployment across cluster restarts; empty: as <see cref="ClusterId"/>.</summary>
    public string? ServiceId { get; set; }

    /// <summary>Silo-to-silo port; 0 (the default) takes a free port at start-up (the membership table publishes it).</summary>
    public int SiloPort { get; set; }

    /// <summary>
    /// Orleans' client gateway port, for external Orleans clients only; 0 (the default) disables
    /// it: the API is co-hosted in the silo and calls its grains directly.
    /// </summary>
    public int GatewayPort { get; set; }

    /// <summary>
    /// The address other nodes reach this silo at; empty: loopback (every node on one machine).
    /// Nodes on different machines set their own routable address here.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>
    /// ADO.NET invariant of the membership table's provider (<c>Npgsql</c> or <c>Microsoft.Data.SqlClient</c>);
    /// empty: the one of <c>Database:Provider</c>.
    /// </summary>
    public string? Invariant { get; set; }

    /// <summary>How long a silo waits for a probe's answer before counting it missed (Orleans' default is 5 s).</summary>
    public TimeSpan ProbeTimeout { get; set; } = DefaultProbeTimeout;

    /// <summary>Probes missed in a row before a silo votes another dead (Orleans' default is 3).</summary>
    public int MissedProbesLimit { get; set; } = DefaultMissedProbesLimit;

    /// <summary>
    /// Votes that declare a silo dead (Orleans' default is 2). One: any survivor that misses its probes
    /// declares the silo dead, so a cluster of two detects a dead peer as fast as one of three.
    /// </summary>
    public int DeathVotes { get; set; } = DefaultDeathVotes;

    /// <summary>
    /// How many chargers an operator's rebalance (<c>POST /ocpp/cluster/rebalance</c>) moves at once:
    /// each move closes the charger's connection on its node and opens it on another.
    /// </summary>
    public int RebalanceParallelism { get; set; } = DefaultRebalanceParallelism;

    internal static readonly TimeSpan DefaultProbeTimeout = TimeSpan.FromSeconds(2);
    internal const int DefaultMissedProbesLimit = 2;
    internal const int DefaultDeathVotes = 1;
    internal const int DefaultRebalanceParallelism = 8;
    internal const int MaxRebalanceParallelism = 64;
}
