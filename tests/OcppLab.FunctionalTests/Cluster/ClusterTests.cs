using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using OcppLab.FunctionalTests.Infrastructure;
using OcppLab.FunctionalTests.Logs;

namespace OcppLab.FunctionalTests.Cluster;

/// <summary>
/// Three gateway processes as one Orleans cluster on one PostgreSQL database (issue 12 items 4, 5;
/// ADR 11), against one loopback CSMS that counts each identity's live connections: chargers spread
/// over the nodes and connect once; every node serves every charger; a location fan-out from one
/// node reaches all; the live log stream of one node shows a charger hosted on another; a killed
/// node's chargers are back on the others within 30 s, a stopped node's are handed over with normal
/// closures, and a node that joins takes new chargers. No identity ever has two live connections.
/// The tests share one cluster and run in order (the last ones kill and stop nodes).
/// </summary>
[NonParallelizable]
[Category("Cluster")]
public sealed class ClusterTests
{
    private const int Chargers = 90;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan FailoverBudget = TimeSpan.FromSeconds(30);

    private GatewayCluster _cluster = null!;
    private string _org = null!;
    private string _location = null!;
    private List<string> _identities = null!;

    [OneTimeSetUp]
    public async Task StartClusterAsync()
    {
        GatewayCluster.RequireAvailable();

        _cluster = await GatewayCluster.StartAsync(3);
        _org = GatewayApi.NewOrg("cluster");
        using var client = _cluster.Nodes[0].Client(_org);
        _location = await client.CreateLocationIdAsync("Cluster bay");
        await AddChargersAsync(client, ("CL16-", "OCPP1.6", Chargers / 2), ("CL201-", "OCPP2.0.1", Chargers / 2));
        var chargers = await GatewayCluster.ChargersAsync(client, _location);
        _identities = chargers.Select(c => c!.Str("identity")).ToList();
        Assert.That(_identities, Has.Count.EqualTo(Chargers));
        await Eventually.UntilAsync(
            () => Task.FromResult(_identities.Count(i => _cluster.Csms[i].Open == 1)),
            n => n == Chargers,
            Deadline,
            "every charger is connected");
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
    public async Task Chargers_spread_over_the_three_nodes_and_each_connects_once()
    {
        using var client = _cluster.Nodes[1].Client(_org);
        var byNode = (await HostsAsync(client)).GroupBy(h => h.Value).ToDictionary(g => g.Key, g => g.Count());
        await TestContext.Out.WriteLineAsync($"chargers per node: {string.Join(", ", byNode.Select(n => $"{n.Key}={n.Value}"))}");
        Assert.Multiple(() =>
        {
            Assert.That(byNode.Keys, Is.EquivalentTo(_cluster.Nodes.Select(n => n.NodeId)), "every node hosts chargers, and only the cluster's nodes do");
            Assert.That(byNode.Values, Has.All.GreaterThanOrEqualTo(Chargers / 3 / 2), "placement by load: no node has less than half its share");
            Assert.That(_identities.Select(i => _cluster.Csms[i].Connections), Has.All.EqualTo(1), "each charger connected exactly once");
            Assert.That(_cluster.DoubleConnected(_identities), Is.Empty, "no identity ever had two live connections");
        });
    }

    [Test]
    [Order(2)]
    public async Task A_location_fan_out_from_one_node_answers_202_quickly_and_reaches_the_chargers_of_every_node()
    {
        using var client = _cluster.Nodes[2].Client(_org);
        var clock = Stopwatch.StartNew();
        var response = await client.PostJsonAsync("/ocpp/commands/plug-connector", new { target = new { location_id = _location }, @event = new { connector_id = 1 } });
        var answered = clock.Elapsed;
        var answer = await response.ExpectJsonAsync(202);
        await Eventually.UntilAsync(
            async () => (await GatewayCluster.ChargersAsync(client, _location)).Count(c => Connector1(c) is "Preparing" or "Occupied"),
            n => n == Chargers,
            Deadline,
            "every charger, whatever node hosts it, plugged in");
        await TestContext.Out.WriteLineAsync($"fan-out to {Chargers} chargers on 3 nodes answered 202 in {answered.TotalMilliseconds:0} ms");
        Assert.Multiple(() =>
        {
            Assert.That(answered, Is.LessThan(TimeSpan.FromSeconds(1)), "202 within a second");
            Assert.That(answer["queued_count"]!.GetValue<int>(), Is.EqualTo(Chargers), answer["failed"]?.ToJsonString());
        });
    }

    [Test]
    [Order(3)]
    public async Task Every_node_serves_a_charger_hosted_on_another_state_commands_proxy_stats_stop_start_restart()
    {
        var (id, identity, host, other) = await HostedElsewhereAsync();
        using var client = other.Client(_org);
        var station = _cluster.Csms[identity];

        var heartbeats = Heartbeats(station);
        var charger = await client.GetJsonAsync($"/ocpp/chargers/{id}");
        var stats = await client.GetJsonAsync($"/ocpp/chargers/{id}/stats");
        var proxy = await (await client.PostJsonAsync("/ocpp/commands/proxy-message", new
        {
            target = new { charger_id = id },
            @event = new { action = "Heartbeat", payload = new { } },
        })).ExpectJsonAsync(200);
        Assert.Multiple(() =>
        {
            Assert.That(charger["runtime"].Str("state"), Is.EqualTo("connected"), $"the state of a charger on {host} read through {other}");
            Assert.That(charger["runtime"].Str("node"), Is.EqualTo(host.NodeId));
            Assert.That(stats["connection"]!["connections"]!.GetValue<int>(), Is.EqualTo(1), stats.ToJsonString());
            Assert.That(proxy["response"].Str("message_type"), Is.EqualTo("call_result"), proxy.ToJsonString());
            Assert.That(Heartbeats(station), Has.Count.EqualTo(heartbeats.Count + 1), "the proxied CALL reached the CSMS over the charger's connection");
        });

        // A simulator command, through a node that does not host the charger.
        await (await client.PostJsonAsync("/ocpp/commands/unplug-connector", new { target = new { charger_id = id }, @event = new { connector_id = 1 } })).ExpectJsonAsync(202);
        await Eventually.UntilAsync(async () => Connector1(await client.GetJsonAsync($"/ocpp/chargers/{id}")) == "Available", Deadline, "unplugged");

        await (await client.PostAsync($"/ocpp/chargers/{id}/stop-charger", null)).ExpectJsonAsync(202);
        await Eventually.UntilAsync(() => Task.FromResult(station.Open == 0), Deadline, "stopped through another node");
        Assert.That((await client.GetJsonAsync($"/ocpp/chargers/{id}"))["runtime"].Str("state"), Is.EqualTo("stopped"));

        await (await client.PostAsync($"/ocpp/chargers/{id}/start-charger", null)).ExpectJsonAsync(202);
        await Eventually.UntilAsync(() => Task.FromResult(station.Open == 1 && station.Connections == 2), Deadline, "started again");

        await (await client.PostAsync($"/ocpp/chargers/{id}/restart-charger", null)).ExpectJsonAsync(202);
        await Eventually.UntilAsync(() => Task.FromResult(station.Open == 1 && station.Connections == 3), Deadline, "restarted");
        Assert.That(station.MaxOpen, Is.EqualTo(1), "never two live connections, through stop, start and restart from another node");
    }

    [Test]
    [Order(4)]
    public async Task The_live_log_stream_of_one_node_shows_the_frames_of_a_charger_hosted_on_another_once_each()
    {
        var (remoteId, _, host, other) = await HostedElsewhereAsync();
        var localId = (await HostsAsync(other.Client(_org))).First(h => h.Value == other.NodeId).Key;
        using var client = other.Client(_org);
        foreach (var (id, what) in new[] { (remoteId, $"a charger on {host}"), (localId, "a charger on the serving node") })
        {
            await using var stream = await EventStreamReader.OpenAsync(client, $"/ocpp/chargers/{id}/logs/stream?event=Heartbeat");
            var station = _cluster.Csms[IdentityOf(id)];

            // The watch reaches the remote charger's grain right after the stream opens: heartbeats
            // are proxied until one shows (each a CALL and its result; these chargers send no others).
            var reading = stream.NextAsync();
            var first = Stopwatch.StartNew();
            while (true)
            {
                await ProxyHeartbeatAsync(client, id);
                if (await Task.WhenAny(reading, Task.Delay(TimeSpan.FromMilliseconds(500))) == reading)
                {
                    break;
                }

                Assert.That(first.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), $"a Heartbeat of {what} on the stream of {other}");
            }

            // Drain what the probing heartbeats left, then one more: its CALL and result, once each.
            var seen = new List<JsonNode> { (await reading).Data };
            await ProxyHeartbeatAsync(client, id);
            var messageId = MessageIdOf(Heartbeats(station)[^1]);
            var marker = await ProxyHeartbeatAsync(client, id);
            var markerId = MessageIdOf(Heartbeats(station)[^1]);
            while (seen.Count(e => e.Str("message_id") == markerId) < 2)
            {
                seen.Add((await stream.NextAsync()).Data);
            }

            Assert.That(seen.Where(e => e.Str("message_id") == messageId).Select(e => e.Str("direction")), Is.EquivalentTo(new[] { "cp_to_csms", "csms_to_cp" }),
                $"{what}: the CALL and its CALLRESULT, once each, on the stream of {other} ({marker})");
        }
    }

    [Test]
    [Order(5)]
    public async Task Reconciliation_is_quiet_once_every_charger_runs()
    {
        // The reconcile interval is 1 s: over several rounds no node starts anything, as every
        // charger runs and each node knows it (before, each node called every foreign charger's grain each round).
        // Two rounds first: a charger restarted just before (a new restart epoch) is checked once.
        var settle = Stopwatch.StartNew();
        await Eventually.UntilAsync(() => Task.FromResult(settle.Elapsed > TimeSpan.FromSeconds(2)), Deadline, "two reconcile rounds");
        var marks = _cluster.Live.ToDictionary(n => n, n => n.Process.Lines.Count);
        var quiet = Stopwatch.StartNew();
        await Eventually.UntilAsync(() => Task.FromResult(quiet.Elapsed > TimeSpan.FromSeconds(4)), Deadline, "four reconcile rounds");
        foreach (var (node, mark) in marks)
        {
            var lines = node.Process.Lines.Skip(mark).Where(l => l.Contains("Reconciling with the stored desired states", StringComparison.Ordinal)).ToList();
            Assert.That(lines, Is.Empty, $"{node} reconciled chargers that run: {string.Join(Environment.NewLine, lines)}");
        }
    }

    [Test]
    [Order(10)]
    public async Task A_killed_node_s_chargers_are_connected_again_on_the_others_within_30_s_never_twice()
    {
        using var observer = _cluster.Nodes[0].Client(_org);
        var hosts = await HostsAsync(observer);
        var victim = _cluster.Nodes.Skip(1).OrderByDescending(n => hosts.Count(h => h.Value == n.NodeId)).First();
        var lost = hosts.Where(h => h.Value == victim.NodeId).Select(h => IdentityOf(h.Key)).ToList();
        var before = lost.ToDictionary(i => i, i => _cluster.Csms[i].Connections);
        Assert.That(lost, Is.Not.Empty);

        var clock = Stopwatch.StartNew();
        await TestContext.Out.WriteLineAsync($"killing {victim} at {DateTime.UtcNow:HH:mm:ss.fff}");
        await victim.Process.KillAsync();
        await Eventually.UntilAsync(
            () => Task.FromResult(lost.Count(i => _cluster.Csms[i].Open == 1 && _cluster.Csms[i].Connections > before[i])),
            n => n == lost.Count,
            Deadline,
            $"the {lost.Count} chargers of killed {victim} are connected again");
        var failover = clock.Elapsed;
        await TestContext.Out.WriteLineAsync($"kill -9 of {victim}: its {lost.Count} chargers connected again on the survivors after {failover.TotalSeconds:0.0} s");
        foreach (var survivor in _cluster.Live)
        {
            var lines = survivor.Process.Lines.Where(l => l.Contains("active nodes changed", StringComparison.Ordinal) || l.Contains("Reconciling", StringComparison.Ordinal)
                || l.Contains("dead", StringComparison.OrdinalIgnoreCase)).TakeLast(10);
            await TestContext.Out.WriteLineAsync($"{survivor}:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}");
        }


        // The others were never disturbed; a short grace for the report below to be exact, not a wait.
        SpinWait.SpinUntil(() => _identities.All(i => _cluster.Csms[i].Open == 1), TimeSpan.FromSeconds(5));
        var after = await HostsAsync(observer);
        var down = _identities.Where(i => _cluster.Csms[i].Open != 1)
            .Select(i => $"{i} (lost: {lost.Contains(i)}, open {_cluster.Csms[i].Open}, connections {_cluster.Csms[i].Connections}, host {after.GetValueOrDefault(IdOf(i))})")
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(failover, Is.LessThan(FailoverBudget), "back within 30 s");
            Assert.That(lost.Select(i => after[IdOf(i)]), Has.None.EqualTo(victim.NodeId), "hosted by survivors");
            Assert.That(down, Is.Empty, "the whole fleet runs");
            Assert.That(_cluster.DoubleConnected(_identities), Is.Empty, "no identity ever had two live connections");
        });
    }

    [Test]
    [Order(11)]
    public async Task A_stopped_node_hands_its_chargers_over_with_normal_closures_and_a_node_that_joins_takes_new_chargers()
    {
        var live = _cluster.Live.ToList();
        Assert.That(live, Has.Count.EqualTo(2), "after the kill");
        using var observer = live[0].Client(_org);
        var hosts = await HostsAsync(observer);
        var leaving = live[1];
        var handed = hosts.Where(h => h.Value == leaving.NodeId).Select(h => IdentityOf(h.Key)).ToList();
        var before = handed.ToDictionary(i => i, i => (Connections: _cluster.Csms[i].Connections, Closes: _cluster.Csms[i].Closes.Count));
        Assert.That(handed, Is.Not.Empty);

        var handover = Stopwatch.StartNew();
        Assert.That(await leaving.Process.TerminateAsync(TimeSpan.FromSeconds(60)), Is.Zero, "a graceful stop");
        var stopped = handover.Elapsed;
        await Eventually.UntilAsync(
            () => Task.FromResult(handed.Count(i => _cluster.Csms[i].Open == 1 && _cluster.Csms[i].Connections > before[i].Connections)),
            n => n == handed.Count,
            Deadline,
            $"the {handed.Count} chargers of stopped {leaving} are connected again");
        await TestContext.Out.WriteLineAsync(
            $"SIGTERM of {leaving}: stopped after {stopped.TotalSeconds:0.0} s, its {handed.Count} chargers connected again after {handover.Elapsed.TotalSeconds:0.0} s");
        Assert.Multiple(() =>
        {
            foreach (var identity in handed)
            {
                var closes = _cluster.Csms[identity].Closes.Skip(before[identity].Closes).Select(c => c.Status).ToList();
                Assert.That(closes, Is.EqualTo(new WebSocketCloseStatus?[] { WebSocketCloseStatus.NormalClosure }), $"{identity} closed once, normally");
            }

            Assert.That(_cluster.DoubleConnected(_identities), Is.Empty, "no identity ever had two live connections");
        });

        // A node joins: new chargers go to it too (placement by load: it has none yet).
        var joined = await _cluster.AddNodeAsync();
        await _cluster.WaitForMembersAsync(2);
        await AddChargersAsync(observer, ("CLJ-", "OCPP1.6", 30));
        var fresh = (await GatewayCluster.ChargersAsync(observer, _location)).Where(c => c.Str("identity").StartsWith("CLJ-", StringComparison.Ordinal)).ToList();
        Assert.That(fresh, Has.Count.EqualTo(30));
        await Eventually.UntilAsync(
            () => Task.FromResult(fresh.Count(c => _cluster.Csms[c.Str("identity")].Open == 1)),
            n => n == fresh.Count,
            Deadline,
            "the new chargers connect");
        var placed = await HostsAsync(observer);
        var onJoined = fresh.Count(c => placed[c.Str("id")] == joined.NodeId);
        await TestContext.Out.WriteLineAsync($"of 30 new chargers, {onJoined} went to the node that joined");
        Assert.Multiple(() =>
        {
            Assert.That(onJoined, Is.GreaterThanOrEqualTo(10), "the joined node takes at least a third of the new chargers");
            Assert.That(_cluster.DoubleConnected(fresh.Select(c => c.Str("identity")).Concat(_identities)), Is.Empty);
        });
    }

    private readonly Dictionary<string, string> _idsByIdentity = new(StringComparer.Ordinal);

    /// <summary>Charger id → node id of the node hosting its session, for every charger of the location.</summary>
    private async Task<Dictionary<string, string>> HostsAsync(HttpClient client)
    {
        var chargers = await GatewayCluster.ChargersAsync(client, _location);
        foreach (var c in chargers)
        {
            _idsByIdentity[c.Str("identity")] = c.Str("id");
        }

        return chargers.Where(c => c["runtime"]?["node"] is not null)
            .ToDictionary(c => c.Str("id"), c => c["runtime"].Str("node"), StringComparer.Ordinal);
    }

    private string IdOf(string identity) => _idsByIdentity[identity];

    private string IdentityOf(string chargerId) => _idsByIdentity.Single(p => p.Value == chargerId).Key;

    /// <summary>A charger hosted on one live node, and another live node to ask.</summary>
    private async Task<(string Id, string Identity, GatewayCluster.Node Host, GatewayCluster.Node Other)> HostedElsewhereAsync()
    {
        var hosts = await HostsAsync(_cluster.Nodes[0].Client(_org));
        var (id, nodeId) = hosts.First(h => h.Value != _cluster.Nodes[0].NodeId);
        return (id, IdentityOf(id), _cluster.ByNodeId(nodeId), _cluster.Nodes[0]);
    }

    private static async Task<string> ProxyHeartbeatAsync(HttpClient client, string id) =>
        (await (await client.PostJsonAsync("/ocpp/commands/proxy-message", new
        {
            target = new { charger_id = id },
            @event = new { action = "Heartbeat", payload = new { } },
        })).ExpectJsonAsync(200)).Str("id");

    /// <summary>The Heartbeat CALLs the CSMS received from the station, in order.</summary>
    private static List<string> Heartbeats(TestCsms.Station station) =>
        station.Received.Where(f => f.StartsWith("[2,", StringComparison.Ordinal) && f.Contains("\"Heartbeat\"", StringComparison.Ordinal)).ToList();

    private static string MessageIdOf(string frame) => JsonNode.Parse(frame)!.AsArray()[1]!.GetValue<string>();

    private static string? Connector1(JsonNode charger) =>
        charger["runtime"]!["connectors"]!.AsArray().Select(c => c?["status"]?.GetValue<string>()).FirstOrDefault();

    private Task AddChargersAsync(HttpClient client, params (string Prefix, string Version, int Count)[] groups) =>
        GatewayCluster.AddChargersAsync(client, _location, _cluster.Csms.Url(), Deadline, groups);
}
