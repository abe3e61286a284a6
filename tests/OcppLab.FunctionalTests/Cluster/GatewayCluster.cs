using System.Text.Json.Nodes;
using OcppLab.FunctionalTests.Infrastructure;
using OcppLab.Infrastructure.Persistence;

namespace OcppLab.FunctionalTests.Cluster;

/// <summary>
/// Gateway child processes forming one Orleans cluster (ADR 11): one PostgreSQL database of the
/// run's <see cref="PostgreSqlServer"/>, <c>Cluster:Clustering=AdoNet</c> with a cluster id of their
/// own, one JWT signing key (a token works on every node), and (unless started without) a loopback
/// <see cref="TestCsms"/> that counts, per identity, the open connections and the most ever open at
/// once; chargers may point at any other CSMS (their <c>ws_url</c>). The first node migrates the
/// database alone; the others start together once it is up.
/// </summary>
public sealed class GatewayCluster : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly string _database;
    private readonly Dictionary<string, string> _settings;
    private readonly List<Node> _nodes = [];
    private readonly TestCsms? _csms;
    private int _started;

    private GatewayCluster(string database, Dictionary<string, string> settings, TestCsms? csms)
    {
        _database = database;
        _settings = settings;
        _csms = csms;
    }

    /// <summary>Whether the cluster tests can run here: a PostgreSQL server can be started (or the run is on PostgreSQL).</summary>
    public static bool IsAvailable => PostgreSqlServer.IsInstalled || TestDatabase.Provider == DatabaseProvider.PostgreSql;

    /// <summary>Ignores the calling test (or fixture) where no PostgreSQL server can be had.</summary>
    public static void RequireAvailable()
    {
        if (!IsAvailable)
        {
            Assert.Ignore("PostgreSQL is not installed here (apt-get install postgresql; .ci/run does it)");
        }
    }

    /// <summary>The cluster's loopback CSMS (not there when started with <c>testCsms: false</c>).</summary>
    public TestCsms Csms => _csms ?? throw new InvalidOperationException("This cluster was started without its TestCsms (testCsms: false).");

    /// <summary>The nodes started, in order (a stopped or killed one stays listed, <see cref="Node.HasExited"/>).</summary>
    public IReadOnlyList<Node> Nodes => _nodes;

    public IEnumerable<Node> Live => _nodes.Where(n => !n.HasExited);

    /// <summary>A token of <paramref name="organizationId"/>, valid on every node.</summary>
    public static string Token(string organizationId) => TestTokens.Create(organizationId: organizationId);

    public static async Task<GatewayCluster> StartAsync(int nodes, IDictionary<string, string>? extra = null, bool testCsms = true)
    {
        var csms = testCsms ? await TestCsms.StartAsync() : null;
        var database = PostgreSqlServer.Shared.CreateDatabase();
        // One database, one cluster id, one signing key; reconciliation every second so the tests are quick.
        string[] pairs =
        [
            "Database:Provider", nameof(DatabaseProvider.PostgreSql),
            "ConnectionStrings:OcppLab", database,
            "Cluster:Clustering", "AdoNet",
            "Cluster:ClusterId", $"test-{Guid.NewGuid():N}",
            "Auth:SigningKey", GatewayFactory.SigningKey,
            "Ownership:ReconcileInterval", "00:00:01",
            "Workflows:PollInterval", "00:00:00.200",
            "Serilog:MinimumLevel:Override:Microsoft.AspNetCore", "Warning",
            "Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore", "Warning",
        ];
        var settings = pairs.Chunk(2).ToDictionary(p => p[0], p => p[1]);
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var cluster = new GatewayCluster(database, settings, csms);
        try
        {
            await cluster.AddNodeAsync();
            await Task.WhenAll(Enumerable.Range(1, nodes - 1).Select(_ => cluster.AddNodeAsync()));
            await cluster.WaitForMembersAsync(nodes);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>Starts one more node on the cluster's database (a node that joins).</summary>
    public async Task<Node> AddNodeAsync()
    {
        var name = $"n{Interlocked.Increment(ref _started)}";
        var process = await GatewayProcess.StartAsync(name, _settings, StartTimeout);
        using var probe = process.Client(Token("probe"));
        var ready = await probe.GetJsonAsync("/health/ready");
        var node = new Node(name, process, ready.Str("node"));
        lock (_nodes)
        {
            _nodes.Add(node);
        }

        return node;
    }

    /// <summary>Until every live node's silo is an active member of the cluster (the membership table says so).</summary>
    public Task WaitForMembersAsync(int count) =>
        Eventually.UntilAsync(
            async () => await ActiveSilosAsync() == count,
            StartTimeout,
            $"{count} silos are active in the membership table");

    /// <summary>Active silos in the membership table of this cluster's database.</summary>
    public async Task<int> ActiveSilosAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = @id AND Status = 3", connection);
        command.Parameters.AddWithValue("id", _settings["Cluster:ClusterId"]);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The stored live state of every charger in the cluster's database (charger_states.LiveStateJson,
    /// ADR 10), by charger id; null for a charger whose live state was not written yet.
    /// </summary>
    public async Task<Dictionary<string, JsonNode?>> LiveStatesAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT \"ChargerId\", \"LiveStateJson\" FROM charger_states", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var states = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            states[reader.GetString(0)] = reader.IsDBNull(1) ? null : JsonNode.Parse(reader.GetString(1));
        }

        return states;
    }

    /// <summary>The node whose node id is <paramref name="nodeId"/>.</summary>
    public Node ByNodeId(string nodeId) => _nodes.Single(n => n.NodeId == nodeId);

    /// <summary>Every charger of a location, a page of 100 at a time, through <paramref name="client"/>.</summary>
    public static async Task<List<JsonNode>> ChargersAsync(HttpClient client, string location)
    {
        var all = new List<JsonNode>();
        for (var page = 1; ; page++)
        {
            var data = (await client.GetJsonAsync($"/ocpp/locations/{location}/chargers?limit=100&page={page}"))["data"]!.AsArray();
            all.AddRange(data.Select(c => c!));
            if (data.Count < 100)
            {
                return all;
            }
        }
    }

    /// <summary>
    /// Bulk-creates chargers in <paramref name="location"/> pointed at the CSMS <paramref name="wsUrl"/>
    /// (one template per group, all in one call: at most 1,000 chargers) and waits for the job. The
    /// identities are the prefix and 0001, 0002, … (random suffixes could collide in a large group).
    /// </summary>
    public static async Task AddChargersAsync(HttpClient client, string location, string wsUrl, TimeSpan deadline, params (string Prefix, string Version, int Count)[] groups)
    {
        var body = groups.Select(g => (object)new
        {
            template = Template(g.Prefix, g.Version, wsUrl),
            charger_ids = Enumerable.Range(1, g.Count).Select(n => n.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        }).ToArray();
        var accepted = await (await client.PostJsonAsync($"/ocpp/locations/{location}/chargers", body)).ExpectJsonAsync(202);
        var job = await client.WaitForJobAsync(accepted.Str("status_url"), deadline);
        Assert.That(job.Str("status"), Is.EqualTo("READY"), job.ToJsonString());
    }

    private static JsonObject Template(string prefix, string version, string wsUrl) => new()
    {
        ["brand_slug"] = "wallbox",
        ["model_slug"] = "wallbox-pulsar-plus",
        ["connector_type"] = "Type2",
        ["ws_url"] = wsUrl,
        ["ocpp_version"] = version,
        ["identity_prefix"] = prefix,
        ["template_name"] = "Bay",
    };

    /// <summary>The identities that ever had two live connections at once (must stay empty).</summary>
    public IReadOnlyList<string> DoubleConnected(IEnumerable<string> identities) =>
        identities.Where(i => Csms[i].MaxOpen > 1).ToList();

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.Process.DisposeAsync();
        }

        if (_csms is not null)
        {
            await _csms.DisposeAsync();
        }

        PostgreSqlServer.Shared.DropDatabase(_database);
    }

    /// <summary>One gateway process of the cluster and its node id (as <c>/health/ready</c> and the runtime state name it).</summary>
    public sealed record Node(string Name, GatewayProcess Process, string NodeId)
    {
        public bool HasExited => Process.HasExited;

        public HttpClient Client(string organizationId) => Process.Client(Token(organizationId));

        public override string ToString() => $"{Name} ({NodeId})";
    }
}
