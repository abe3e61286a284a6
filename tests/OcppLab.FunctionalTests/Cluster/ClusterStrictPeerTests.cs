using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using OcppLab.ConformanceTests.Peer;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Cluster;

/// <summary>
/// The cluster at the issue's scale against the independent strict CSMS (issue 12 item 7; ADR 10,
/// ADR 11): three gateway processes on one PostgreSQL database, 1,500 chargers (half OCPP 1.6, half
/// 2.0.1) connected to the strict peer (ocpp-rpc strict mode, tests/OcppLab.ConformanceTests/peer),
/// a session on every charger, kill -9 of the node hosting the most of them. Its chargers are
/// connected again on the survivors within 30 s; they boot and end the transaction that was running
/// with reason PowerLoss (1.6 §5.1 StopTransaction.reason, 2.0.1 E06/E07 TransactionEvent Ended
/// stoppedReason). Then every session is stopped, and the peer is asked, identity by identity: one
/// connection open at a time throughout (max_open_connections 1), exactly one transaction started and
/// exactly one end for it, both answered (none left open, none lost, none doubled), and no violation
/// of any kind. Heavy (about two minutes on two cores): category <see cref="Category"/>, which
/// .ci/run runs in one of its two passes only.
/// </summary>
[NonParallelizable]
[Category("Cluster")]
[Category(Category)]
public sealed class ClusterStrictPeerTests
{
    /// <summary>The heavy cluster tests, run once per CI run (.ci/run leaves them out of its first pass).</summary>
    public const string Category = "ClusterScale";

    private const int PerVersion = 750;
    private const int Chargers = 2 * PerVersion;
    private const string Prefix16 = "SP16-";
    private const string Prefix201 = "SP201-";
    private const string IdTag = "04SCALE01";
    private static readonly TimeSpan FailoverBudget = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly Stopwatch _clock = new();

    [Test]
    public async Task Fifteen_hundred_chargers_kill_9_of_a_node_back_within_30_s_one_connection_each_every_transaction_ended_once()
    {
        GatewayCluster.RequireAvailable();

        _clock.Start();
        await using var peer = await StrictCsms.StartAsync();
        // The test polls the API (pages of the fleet) faster than a tenant's default rate allows, and
        // each node provisions more chargers at once than its default 8 (one workflow run a charger).
        var settings = new Dictionary<string, string> { ["RateLimiting:Enabled"] = "false", ["Workflows:MaxConcurrency"] = "32" };
        await using var cluster = await GatewayCluster.StartAsync(3, settings, testCsms: false);
        await PhaseAsync("the strict peer and three nodes are up");

        var org = GatewayApi.NewOrg("scale");
        using var client = cluster.Nodes[0].Client(org);
        var location = await client.CreateLocationIdAsync("Scale bay");
        // Two bulk jobs (at most 1,000 chargers a call), at once: the nodes' job runners share the work.
        await Task.WhenAll(
            GatewayCluster.AddChargersAsync(client, location, peer.WsBase.ToString(), Deadline, (Prefix16, "OCPP1.6", PerVersion)),
            GatewayCluster.AddChargersAsync(client, location, peer.WsBase.ToString(), Deadline, (Prefix201, "OCPP2.0.1", PerVersion)));
        var ids = (await GatewayCluster.ChargersAsync(client, location)).ToDictionary(c => c.Str("identity"), c => c.Str("id"), StringComparer.Ordinal);
        Assert.That(ids, Has.Count.EqualTo(Chargers));
        await PhaseAsync($"{Chargers} chargers created");

        await Eventually.UntilAsync(
            async () => (await FleetAsync(peer, ids)).Values.Count(s => s is { Connected: true, OpenConnections: 1, BootStatus: "Accepted" }),
            n => n == Chargers,
            Deadline,
            $"all {Chargers} chargers connected to the strict peer and accepted");
        await PhaseAsync("every charger connected and accepted");

        // A session on every charger: plug in, Authorize, StartTransaction / TransactionEvent Started.
        var started = await FanOutAsync(client, "start-session", location, new JsonObject { ["id_tag"] = IdTag, ["connector_id"] = 1 });
        Assert.That(started["queued_count"]!.GetValue<int>(), Is.EqualTo(Chargers), started["failed"]?.ToJsonString());

        // The kill comes only once every running transaction is in the store (live state is written in
        // batches), in 1.6 with the id the CSMS answered, and with no start still queued: otherwise the
        // next life would send the start again (a second StartTransaction gets a new id) instead of ending it.
        await Eventually.UntilAsync(
            async () =>
            {
                var states = await cluster.LiveStatesAsync();
                return ids.Count(p => RunningAndStored(states.GetValueOrDefault(p.Value), p.Key.StartsWith(Prefix16, StringComparison.Ordinal)));
            },
            n => n == Chargers,
            Deadline,
            "every charger's running transaction is stored (1.6: with the CSMS's transactionId), no start queued");
        await PhaseAsync("a transaction runs on every charger and is stored");

        var hosts = await HostsAsync(client, location);
        await TestContext.Out.WriteLineAsync(
            $"chargers per node: {string.Join(", ", cluster.Nodes.Select(n => $"{n}={hosts.Values.Count(h => h == n.NodeId)}"))}");
        Assert.That(hosts.Keys, Is.EquivalentTo(ids.Keys), "every charger is hosted by a node");
        var victim = cluster.Nodes.Skip(1).OrderByDescending(n => hosts.Values.Count(h => h == n.NodeId)).First();
        var lost = hosts.Where(h => h.Value == victim.NodeId).Select(h => h.Key).ToHashSet(StringComparer.Ordinal);
        var before = await FleetAsync(peer, ids);
        Assert.That(lost, Is.Not.Empty);

        var failover = Stopwatch.StartNew();
        await victim.Process.KillAsync();
        await Eventually.UntilAsync(
            async () =>
            {
                var now = await FleetAsync(peer, ids);
                return lost.Count(i => now[i] is { Connected: true, OpenConnections: 1 } s && s.Connections > before[i].Connections);
            },
            n => n == lost.Count,
            Deadline,
            $"the {lost.Count} chargers of killed {victim} are connected to the peer again");
        var back = failover.Elapsed;
        await TestContext.Out.WriteLineAsync(
            $"kill -9 of {victim}: its {lost.Count} of {Chargers} chargers connected again on the survivors after {back.TotalSeconds:0.0} s");
        await PhaseAsync("failover done");

        // Each rebooted charger ends its transaction (PowerLoss) by itself; the sessions are stopped
        // only then, so a stop-session never ends one of those with another reason.
        await Eventually.UntilAsync(
            async () =>
            {
                var chargers = await GatewayCluster.ChargersAsync(client, location);
                return chargers.Count(c => lost.Contains(c.Str("identity")) && c["runtime"]?["state"]?.GetValue<string>() == "connected"
                    && c["runtime"]?["connectors"]?.AsArray().All(k => k?["transaction_id"] is null) == true);
            },
            n => n == lost.Count,
            Deadline,
            "the killed node's chargers run on the survivors without a transaction");
        var stopped = await FanOutAsync(client, "stop-session", location, new JsonObject { ["connector_id"] = 1 });
        var failedToStop = stopped["failed"]!.AsArray().Select(f => f!.Str("identity")).ToList();
        Assert.That(failedToStop.Where(i => !lost.Contains(i)), Is.Empty, $"stop-session on the chargers that kept running: {stopped["failed"]!.ToJsonString()}");

        // Every start has its end, both answered; frames are read again only for the identities still missing one.
        var verdicts = new Dictionary<string, Verdict>(StringComparer.Ordinal);
        await Eventually.UntilAsync(
            async () =>
            {
                var pending = ids.Keys.Where(i => verdicts.GetValueOrDefault(i)?.Complete != true).ToList();
                await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (identity, token) =>
                {
                    var verdict = Judge(identity, await peer.GetFramesAsync(identity, token), lost.Contains(identity));
                    lock (verdicts)
                    {
                        verdicts[identity] = verdict;
                    }
                });
                var incomplete = verdicts.Values.Where(v => !v.Complete).ToList();
                return incomplete.Count == 0 ? string.Empty : $"{incomplete.Count} without an answered end, e.g. {string.Join("; ", incomplete.Take(5))}";
            },
            summary => summary.Length == 0,
            Deadline,
            "every transaction ended, the end answered by the peer");
        await PhaseAsync("every session stopped");

        var fleet = await FleetAsync(peer, ids);
        var after = await HostsAsync(client, location);
        var violations = await peer.GetViolationsAsync();
        await TestContext.Out.WriteLineAsync(
            $"violations at the peer: {violations.Count}{string.Concat(violations.GroupBy(v => v.Kind).Select(g => $"{Environment.NewLine}  {g.Key} x{g.Count()}: {g.First()}"))}");
        await TestContext.Out.WriteLineAsync(
            $"transactions ended at the peer: {string.Join(", ", verdicts.Values.SelectMany(v => v.EndReasons).GroupBy(r => r).Select(g => $"{g.Count()} {g.Key}"))}");
        await TestContext.Out.WriteLineAsync($"failover of {lost.Count} chargers: {back.TotalSeconds:0.0} s (budget {FailoverBudget.TotalSeconds:0} s); test {_clock.Elapsed.TotalSeconds:0} s");
        Assert.Multiple(() =>
        {
            Assert.That(back, Is.LessThan(FailoverBudget), "the killed node's chargers are back within 30 s");
            Assert.That(fleet.Values.Where(s => s.MaxOpenConnections != 1).Select(s => $"{s.Identity}: {s.MaxOpenConnections}"), Is.Empty,
                "max_open_connections is 1 for every identity, throughout");
            Assert.That(fleet.Values.Where(s => !lost.Contains(s.Identity) && s.Connections != 1).Select(s => $"{s.Identity}: {s.Connections}"), Is.Empty,
                "the chargers of the survivors were never disconnected");
            Assert.That(lost.Where(i => fleet[i].Connections != 2).Select(i => $"{i}: {fleet[i].Connections}"), Is.Empty,
                "each charger of the killed node connected exactly once more");
            Assert.That(lost.Where(i => after.GetValueOrDefault(i) is null || after[i] == victim.NodeId), Is.Empty, "hosted by the survivors");
            Assert.That(fleet.Values.Where(s => !s.Connected).Select(s => s.Identity), Is.Empty, "the whole fleet is connected");
            Assert.That(verdicts.Values.Where(v => v.Problems.Count > 0).Select(v => v.ToString()).Take(20), Is.Empty,
                "one transaction per charger, started and ended once, PowerLoss on the killed node, Local elsewhere");
            Assert.That(violations.Select(v => v.ToString()).Take(20), Is.Empty, "no violation at the strict peer");
        });
    }

    private async Task PhaseAsync(string what) =>
        await TestContext.Out.WriteLineAsync($"[{_clock.Elapsed.TotalSeconds,5:0.0} s] {what}");

    /// <summary>The peer's view of each of the test's identities (one request for the whole fleet).</summary>
    private static async Task<Dictionary<string, PeerIdentity>> FleetAsync(StrictCsms peer, Dictionary<string, string> ids)
    {
        var known = (await peer.GetIdentitiesAsync()).ToDictionary(s => s.Identity, StringComparer.Ordinal);
        return ids.Keys.ToDictionary(
            i => i,
            i => known.GetValueOrDefault(i) ?? new PeerIdentity(i, false, null, 0, 0, 0, null, null, null, 0, [], null),
            StringComparer.Ordinal);
    }

    /// <summary>Identity → node id of the node hosting its session, for every charger of the location that runs.</summary>
    private static async Task<Dictionary<string, string>> HostsAsync(HttpClient client, string location) =>
        (await GatewayCluster.ChargersAsync(client, location))
            .Where(c => c["runtime"]?["node"] is not null)
            .ToDictionary(c => c.Str("identity"), c => c["runtime"].Str("node"), StringComparer.Ordinal);

    private static async Task<JsonNode> FanOutAsync(HttpClient client, string command, string location, JsonObject evt) =>
        await (await client.PostJsonAsync($"/ocpp/commands/{command}", new JsonObject
        {
            ["target"] = new JsonObject { ["location_id"] = location },
            ["event"] = evt,
        })).ExpectJsonAsync(202);

    /// <summary>
    /// Whether a charger's stored live state (ADR 10) has its connector's transaction running, with
    /// the CSMS's transactionId for 1.6, and no transaction start left in the stored queue.
    /// </summary>
    private static bool RunningAndStored(JsonNode? state, bool v16) =>
        state?["model"]?["connectors"]?[0]?["transaction"] is JsonObject transaction
        && (!v16 || transaction["csms_transaction_id"] is not null)
        && state["queue"]?.AsArray().Any(m => m?["action"]?.GetValue<string>() is "StartTransaction"
            || (m?["action"]?.GetValue<string>() == "TransactionEvent" && m["payload"]?["eventType"]?.GetValue<string>() == "Started")) != true;

    /// <summary>
    /// Reads one identity's frames at the peer: its transactions, each start and end with whether the
    /// peer answered it. Complete once every transaction started has an answered end; any other
    /// deviation (no start, two starts, two ends, an end of an unknown transaction, the wrong reason)
    /// is a problem.
    /// </summary>
    private static Verdict Judge(string identity, IReadOnlyList<PeerFrame> frames, bool killed)
    {
        // The peer's CALLRESULTs by connection and message id (a CALLERROR is no answer here).
        var answered = new Dictionary<(int, string), JsonNode?>();
        foreach (var frame in frames.Where(f => !f.FromChargePoint && f.MessageType == 3 && f.MessageId is not null))
        {
            answered.TryAdd((frame.Connection, frame.MessageId!), frame.TryParse()![2]);
        }

        var calls = frames.Where(f => f.FromChargePoint && f.MessageType == 2)
            .Select(f => (Frame: f, Payload: f.TryParse()![3]!, Answer: answered.TryGetValue((f.Connection, f.MessageId!), out var answer) ? answer ?? new JsonObject() : null))
            .ToList();
        var v16 = identity.StartsWith(Prefix16, StringComparison.Ordinal);
        var expected = killed ? "PowerLoss" : "Local";
        var problems = new List<string>();
        List<(string Transaction, bool Answered)> starts;
        List<(string Transaction, bool Answered, string Reason)> ends;
        if (v16)
        {
            // 1.6: the CSMS gives the id in its StartTransaction answer; a stop without a reason means Local.
            starts = calls.Where(c => c.Frame.Action == "StartTransaction")
                .Select(c => (Id(c.Answer?["transactionId"]) ?? "(unanswered)", c.Answer is not null)).ToList();
            ends = calls.Where(c => c.Frame.Action == "StopTransaction")
                .Select(c => (Id(c.Payload["transactionId"])!, c.Answer is not null, c.Payload["reason"]?.GetValue<string>() ?? "Local")).ToList();
        }
        else
        {
            var events = calls.Where(c => c.Frame.Action == "TransactionEvent").ToList();
            starts = events.Where(c => c.Payload["eventType"]?.GetValue<string>() == "Started")
                .Select(c => (Id(c.Payload["transactionInfo"]?["transactionId"])!, c.Answer is not null)).ToList();
            ends = events.Where(c => c.Payload["eventType"]?.GetValue<string>() == "Ended")
                .Select(c => (Id(c.Payload["transactionInfo"]?["transactionId"])!, c.Answer is not null, c.Payload["transactionInfo"]?["stoppedReason"]?.GetValue<string>() ?? "Local")).ToList();
        }

        if (starts.Count != 1)
        {
            problems.Add($"{starts.Count} transaction starts ({string.Join(", ", starts.Select(s => s.Transaction))})");
        }

        problems.AddRange(starts.Where(s => !s.Answered).Select(s => $"start of {s.Transaction} unanswered"));
        problems.AddRange(ends.Where(e => !starts.Any(s => s.Transaction == e.Transaction)).Select(e => $"end of {e.Transaction}, which never started"));
        problems.AddRange(ends.Where(e => e.Reason != expected).Select(e => $"{e.Transaction} ended with {e.Reason}, not {expected}"));
        problems.AddRange(ends.GroupBy(e => e.Transaction).Where(g => g.Count() > 1).Select(g => $"{g.Key} ended {g.Count()} times"));
        var complete = starts.Count > 0 && starts.All(s => ends.Any(e => e.Transaction == s.Transaction && e.Answered));
        return new Verdict(identity, complete, problems, ends.Select(e => e.Reason).ToList());
    }

    private static string? Id(JsonNode? value) => value switch
    {
        null => null,
        JsonValue v when v.TryGetValue<int>(out var number) => number.ToString(CultureInfo.InvariantCulture),
        _ => value.GetValue<string>(),
    };

    private sealed record Verdict(string Identity, bool Complete, IReadOnlyList<string> Problems, IReadOnlyList<string> EndReasons)
    {
        public override string ToString() => $"{Identity}: {(Complete ? "ended" : "not ended")}{(Problems.Count == 0 ? string.Empty : " — " + string.Join("; ", Problems))}";
    }
}
