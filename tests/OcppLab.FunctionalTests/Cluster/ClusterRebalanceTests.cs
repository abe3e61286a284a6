using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Cluster;

/// <summary>
/// Issue 12 item 5: a node that joins a running fleet receives chargers by an operator's rebalance
/// (POST /ocpp/cluster/rebalance, ADR 11), without a double connection. Two gateway processes on one
/// PostgreSQL database run 60 chargers, each in a transaction; a third joins and runs none; the
/// rebalance moves the surplus of the two to it. Each moved charger's old connection closes normally
/// before its new one opens (the CSMS never sees two), it reconnects once, without a new
/// BootNotification (a handover saves a clean live state, ADR 10), and its transaction goes on under
/// the same id (OCPP 1.6 StopTransaction.transactionId; 2.0.1 E06 TransactionEvent Ended with the
/// transactionId it started with). A second rebalance while one runs is a 409.
/// </summary>
[NonParallelizable]
[Category("Cluster")]
public sealed class ClusterRebalanceTests
{
    private const int Chargers = 60;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private GatewayCluster _cluster = null!;
    private string _org = null!;
    private string _location = null!;
    private Dictionary<string, string> _identities = null!;

    [OneTimeSetUp]
    public async Task StartClusterAsync()
    {
        GatewayCluster.RequireAvailable();

        // Two moves at once: the rebalance of 20 chargers lasts long enough for the 409 test below.
        _cluster = await GatewayCluster.StartAsync(2, new Dictionary<string, string> { ["Cluster:RebalanceParallelism"] = "2" });
        _org = GatewayApi.NewOrg("rebalance");
        using var client = _cluster.Nodes[0].Client(_org);
        _location = await client.CreateLocationIdAsync("Rebalance bay");
        var body = new object[]
        {
            new { template = Template("RB16-", "OCPP1.6"), chargers_number = Chargers / 2 },
            new { template = Template("RB201-", "OCPP2.0.1"), chargers_number = Chargers / 2 },
        };
        var accepted = await (await client.PostJsonAsync($"/ocpp/locations/{_location}/chargers", body)).ExpectJsonAsync(202);
        var job = await client.WaitForJobAsync(accepted.Str("status_url"), Deadline);
        Assert.That(job.Str("status"), Is.EqualTo("READY"), job.ToJsonString());
        _identities = (await GatewayCluster.ChargersAsync(client, _location)).ToDictionary(c => c.Str("id"), c => c.Str("identity"));
        Assert.That(_identities, Has.Count.EqualTo(Chargers));
        await Eventually.UntilAsync(
            async () => (await GatewayCluster.ChargersAsync(client, _location)).Count(c => (string?)c["runtime"]?["boot_status"] == "Accepted"),
            n => n == Chargers,
            Deadline,
            "every charger is connected and accepted");

        // A transaction on every charger (one fan-out), so that whichever moves has one running.
        var started = await (await client.PostJsonAsync("/ocpp/commands/start-session", new
        {
            target = new { location_id = _location },
            @event = new { connector_id = 1, id_tag = "04REBAL1" },
        })).ExpectJsonAsync(202);
        Assert.That(started["queued_count"]!.GetValue<int>(), Is.EqualTo(Chargers), started.ToJsonString());
        await Eventually.UntilAsync(
            async () => (await GatewayCluster.ChargersAsync(client, _location)).Count(c => TransactionOf(c) is not null && TransactionIdAtCsms(c.Str("identity"), TransactionOf(c)!)),
            n => n == Chargers,
            Deadline,
            "every charger runs a transaction under the id the CSMS knows");
    }

    [OneTimeTearDown]
    public async Task StopClusterAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Test]
    [Order(1)]
    public async Task The_cluster_lists_its_nodes_and_their_chargers_to_an_admin_and_refuses_a_user()
    {
        using var admin = Admin(_cluster.Nodes[1]);
        var cluster = await admin.GetJsonAsync("/ocpp/cluster");
        using var user = _cluster.Nodes[1].Client(_org);
        await (await user.GetAsync("/ocpp/cluster")).AssertProblemAsync(403);
        await (await user.PostAsync("/ocpp/cluster/rebalance", null)).AssertProblemAsync(403);

        var nodes = cluster["nodes"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(nodes.Select(n => n.Str("node")), Is.EquivalentTo(_cluster.Nodes.Select(n => n.NodeId)), cluster.ToJsonString());
            Assert.That(cluster["chargers"]!.GetValue<int>(), Is.EqualTo(Chargers), "every charger counted once, on the node that runs it");
        });
    }

    [Test]
    [Order(2)]
    public async Task A_node_that_joins_receives_a_share_of_the_running_fleet_by_a_rebalance_without_a_double_connection()
    {
        using var observer = _cluster.Nodes[0].Client(_org);
        var before = await ChargersAsync(observer);
        var connections = _identities.Values.ToDictionary(i => i, i => (Connections: _cluster.Csms[i].Connections, Closes: _cluster.Csms[i].Closes.Count, Boots: _cluster.Csms[i].BootNotifications));
        Assert.That(connections.Values.Select(c => c.Connections), Has.All.EqualTo(1), "each charger connected once before");

        var joined = await _cluster.AddNodeAsync();
        await _cluster.WaitForMembersAsync(3);
        using var admin = Admin(_cluster.Nodes[1]);
        await Eventually.UntilAsync(
            async () => (await admin.GetJsonAsync("/ocpp/cluster"))["nodes"]!.AsArray().Count(n => n?["chargers"] is not null),
            n => n == 3,
            Deadline,
            "the node that joined is listed with its charger count");
        Assert.That(before.Values.Select(c => c.Node), Has.None.EqualTo(joined.NodeId), "the joined node runs nothing before the rebalance");

        var clock = Stopwatch.StartNew();
        var response = await admin.PostAsync("/ocpp/cluster/rebalance", null);
        var answered = clock.Elapsed;
        var plan = await response.ExpectJsonAsync(202);

        // While it runs, a second one (through another node) is refused: one rebalance in the whole cluster.
        using var other = Admin(_cluster.Nodes[0]);
        var conflict = await (await other.PostAsync("/ocpp/cluster/rebalance", null)).AssertProblemAsync(409);

        var done = (await Eventually.UntilAsync(
            async () => (await admin.GetJsonAsync("/ocpp/cluster"))["rebalance"],
            r => (string?)r?["status"] == "completed",
            Deadline,
            "the rebalance completes"))!;
        var cluster = await admin.GetJsonAsync("/ocpp/cluster");
        var after = await ChargersAsync(observer);
        var moved = after.Where(c => c.Value.Node != before[c.Key].Node).Select(c => c.Key).ToList();
        await Eventually.UntilAsync(
            () => Task.FromResult(moved.Count(id => _cluster.Csms[_identities[id]].Open == 1)),
            n => n == moved.Count,
            Deadline,
            "every moved charger is connected");
        var reconnected = clock.Elapsed;
        var took = DateTimeOffset.Parse(done.Str("finished_at"), CultureInfo.InvariantCulture) - DateTimeOffset.Parse(done.Str("started_at"), CultureInfo.InvariantCulture);
        await TestContext.Out.WriteLineAsync(
            $"rebalance of {moved.Count} chargers onto {joined}: 202 in {answered.TotalMilliseconds:0} ms, done in {took.TotalSeconds:0.00} s (Cluster:RebalanceParallelism 2), all reconnected {reconnected.TotalSeconds:0.00} s after the request; plan {plan["moves"]!.ToJsonString()}");

        var counts = cluster["nodes"]!.AsArray().ToDictionary(n => n.Str("node"), n => n!["chargers"]!.GetValue<int>());
        Assert.Multiple(() =>
        {
            Assert.That(plan.Str("status"), Is.EqualTo("running"), plan.ToJsonString());
            Assert.That(plan["moves"]!.AsArray().Select(m => m.Str("to")), Has.All.EqualTo(joined.NodeId), "every move goes to the node that joined");
            Assert.That((string?)conflict["detail"], Does.Contain("rebalance is running"));
            Assert.That(done["moved"]!.GetValue<int>(), Is.EqualTo(plan["planned"]!.GetValue<int>()), done.ToJsonString());
            Assert.That(done["failed"]!.GetValue<int>(), Is.Zero, done.ToJsonString());
            Assert.That(moved, Has.Count.EqualTo(plan["planned"]!.GetValue<int>()), "the planned chargers moved, no others");
            Assert.That(counts.Values, Has.All.InRange(Chargers / 3 - 1, Chargers / 3 + 1), $"each node within one charger of the mean: {string.Join(", ", counts)}");
            Assert.That(after.Values.GroupBy(c => c.Node).Select(g => g.Count()), Is.EquivalentTo(counts.Values), "the runtime of every charger agrees with the counts");
            Assert.That(moved.Select(id => after[id].Node), Has.All.EqualTo(joined.NodeId));
            Assert.That(_cluster.DoubleConnected(_identities.Values), Is.Empty, "no identity ever had two live connections");
            foreach (var id in _identities.Keys)
            {
                var identity = _identities[id];
                var station = _cluster.Csms[identity];
                var was = connections[identity];
                if (moved.Contains(id))
                {
                    Assert.That(station.Connections, Is.EqualTo(was.Connections + 1), $"{identity} reconnected exactly once");
                    Assert.That(station.Closes.Skip(was.Closes).Select(c => c.Status), Is.EqualTo(new WebSocketCloseStatus?[] { WebSocketCloseStatus.NormalClosure }), $"{identity}'s old connection closed once, normally");
                    Assert.That(station.BootNotifications, Is.EqualTo(was.Boots), $"{identity} resumed without a new BootNotification");
                    Assert.That(after[id].Transaction, Is.EqualTo(before[id].Transaction), $"{identity}'s transaction goes on");
                }
                else
                {
                    Assert.That(station.Connections, Is.EqualTo(was.Connections), $"{identity} did not move and was not disturbed");
                    Assert.That(station.Closes, Has.Count.EqualTo(was.Closes));
                }
            }
        });
    }

    [Test]
    [Order(3)]
    public async Task A_moved_charger_s_transaction_ends_normally_later_under_the_id_it_started_with()
    {
        using var client = _cluster.Nodes[2].Client(_org);
        var chargers = await ChargersAsync(client);
        var joined = _cluster.Nodes[2].NodeId;
        foreach (var prefix in new[] { "RB16-", "RB201-" })
        {
            var (id, charger) = chargers.First(c => c.Value.Node == joined && _identities[c.Key].StartsWith(prefix, StringComparison.Ordinal));
            var identity = _identities[id];
            var station = _cluster.Csms[identity];
            var seen = station.Received.Count;
            var answer = await (await client.PostJsonAsync("/ocpp/commands/stop-session", new { target = new { charger_id = id }, @event = new { connector_id = 1 } })).ExpectJsonAsync(202);
            Assert.That(answer["queued_count"]!.GetValue<int>(), Is.EqualTo(1), answer.ToJsonString());

            var ended = await Eventually.UntilAsync(
                () => Task.FromResult(Calls(station).Skip(seen).FirstOrDefault(f => f.Action == "StopTransaction" || (f.Action == "TransactionEvent" && (string?)f.Payload["eventType"] == "Ended"))),
                f => f is not null,
                Deadline,
                $"{identity} ends its transaction");
            var (transactionId, reason) = ended!.Action == "StopTransaction"
                ? (ended.Payload["transactionId"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture), (string?)ended.Payload["reason"])
                : ((string)ended.Payload["transactionInfo"]!["transactionId"]!, (string?)ended.Payload["transactionInfo"]!["stoppedReason"]);
            Assert.Multiple(() =>
            {
                Assert.That(transactionId, Is.EqualTo(charger.Transaction), $"{identity}: ended under the id it ran with before its move");
                Assert.That(reason, Is.Not.EqualTo("PowerLoss"), $"{identity}: a move is not a power cut");
                Assert.That(station.BootNotifications, Is.EqualTo(1), $"{identity} booted once in all");
            });
        }
    }

    private static HttpClient Admin(GatewayCluster.Node node) => node.Process.Client(TestTokens.Create(organizationId: "operator", role: "admin"));

    /// <summary>Charger id → (node hosting its session, its connector 1 transaction id), for every charger of the location.</summary>
    private async Task<Dictionary<string, (string? Node, string? Transaction)>> ChargersAsync(HttpClient client) =>
        (await GatewayCluster.ChargersAsync(client, _location)).ToDictionary(c => c.Str("id"), c => ((string?)c["runtime"]?["node"], TransactionOf(c)));

    private static string? TransactionOf(JsonNode charger) => (string?)charger["runtime"]?["connectors"]?[0]?["transaction_id"];

    /// <summary>
    /// Whether the CSMS knows <paramref name="transactionId"/> for the identity: (1.6) it gave it in a
    /// StartTransaction answer, (2.0.1) a TransactionEvent Started carried it.
    /// </summary>
    private bool TransactionIdAtCsms(string identity, string transactionId)
    {
        var station = _cluster.Csms[identity];
        var calls = Calls(station);
        if (calls.FirstOrDefault(f => f.Action == "StartTransaction") is { } start)
        {
            return station.Sent.Select(s => JsonNode.Parse(s) as JsonArray)
                .Any(a => a is { Count: 3 } && (string?)a[1] == start.Id && a[2]?["transactionId"]?.ToString() == transactionId);
        }

        return calls.Any(f => f.Action == "TransactionEvent" && (string?)f.Payload["eventType"] == "Started" && (string?)f.Payload["transactionInfo"]?["transactionId"] == transactionId);
    }

    /// <summary>The CALLs the charger sent, in order.</summary>
    private static List<Call> Calls(TestCsms.Station station) =>
        station.Received
            .Select(text => JsonNode.Parse(text) as JsonArray)
            .Where(a => a is { Count: 4 } && a[0]!.GetValue<int>() == 2)
            .Select(a => new Call((string)a![1]!, (string)a[2]!, a[3]!.AsObject()))
            .ToList();

    private JsonObject Template(string prefix, string version) => new()
    {
        ["brand_slug"] = "wallbox",
        ["model_slug"] = "wallbox-pulsar-plus",
        ["connector_type"] = "Type2",
        ["ws_url"] = _cluster.Csms.Url(),
        ["ocpp_version"] = version,
        ["identity_prefix"] = prefix,
        ["template_name"] = "Bay",
    };

    private sealed record Call(string Id, string Action, JsonObject Payload);
}
