using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OcppLab.Application.Simulator;
using OcppLab.Domain.Logs;
using OcppLab.Infrastructure.Cluster;
using OcppLab.Infrastructure.Logging;
using OcppLab.Infrastructure.Ocpp.Runtime;
using Orleans;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace OcppLab.UnitTests.Cluster;

/// <summary>
/// Issue 12 item 1 (and the groundwork of item 4): the charger grain's semantics on three silos in
/// one process (Orleans TestingHost). Calls are made from the silos themselves, as the gateway's
/// API does (co-hosted), so a call from one node reaches the session hosted on another.
/// </summary>
[NonParallelizable]
public sealed class ChargerGrainClusterTests : ThreeSiloTests
{
    private IGrainFactory From(int silo) => On<IGrainFactory>(silo);

    private IChargerGrain Charger(int silo, string id) => From(silo).GetGrain<IChargerGrain>(id);

    [Test]
    public async Task Concurrent_starts_from_three_silos_open_one_session_in_the_cluster()
    {
        const string Id = "single-1";
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        FakeSiloSessions.StartGates[Id] = gate;

        // All three are in flight before the first can finish (it waits for the gate).
        var starts = Enumerable.Range(0, 3).Select(silo => Charger(silo, Id).StartAsync(CancellationToken.None)).ToList();
        await Eventually.UntilAsync(() => Task.FromResult(FakeSiloSessions.MaxStartsInProgress(Id) >= 1), Deadline);
        gate.SetResult();
        await Task.WhenAll(starts).WaitAsync(Deadline);

        Assert.Multiple(() =>
        {
            Assert.That(FakeSiloSessions.RunningCount(ClusterId, Id), Is.EqualTo(1), "one session in the whole cluster");
            Assert.That(FakeSiloSessions.StartsOf(ClusterId, Id), Is.EqualTo(1), "opened once");
            Assert.That(FakeSiloSessions.MaxStartsInProgress(Id), Is.EqualTo(1), "the starts ran one after the other, in one activation");
        });
    }

    [Test]
    public async Task Every_silo_reads_the_state_and_runs_commands_on_the_silo_hosting_the_session()
    {
        const string Id = "routed-1";
        await Charger(1, Id).StartAsync(CancellationToken.None);
        var host = (await Charger(1, Id).GetStateAsync())!.LastError;

        for (var silo = 0; silo < 3; silo++)
        {
            var state = await Charger(silo, Id).GetStateAsync();
            var outcome = await Charger(silo, Id).ExecuteAsync(new SimulatorAction.Plug(new ConnectorRef(null, 1)), CancellationToken.None);
            var proxied = await Charger(silo, Id).ProxyAsync("DataTransfer", new JsonObject { ["vendorId"] = "lab", ["n"] = silo }, TimeSpan.FromSeconds(7), CancellationToken.None);
            var stats = await Charger(silo, Id).GetStatsAsync(CancellationToken.None);
            Assert.Multiple(() =>
            {
                Assert.That(state?.LastError, Is.EqualTo(host), $"silo {silo}: the state of the hosting silo");
                Assert.That(outcome.Succeeded, Is.True);
                Assert.That(outcome.Result!["silo"]!.GetValue<string>(), Is.EqualTo(host), "the command ran where the session is");
                Assert.That(outcome.Result["action"]!.GetValue<string>(), Does.Contain("Plug").And.Contain("ConnectorId = 1"), "the polymorphic action arrived whole");
                Assert.That(proxied.Result!["echo"]!["n"]!.GetValue<int>(), Is.EqualTo(silo), "the JSON payload arrived whole");
                Assert.That(proxied.LatencyMs, Is.EqualTo(7000), "the timeout arrived");
                Assert.That(stats?.ChargerId, Is.EqualTo(Id));
            });
        }
    }

    [Test]
    public async Task A_slow_start_does_not_hold_up_state_reads_and_commands()
    {
        const string Id = "slow-1";
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        FakeSiloSessions.StartGates[Id] = gate;
        var start = Charger(0, Id).StartAsync(CancellationToken.None);
        await Eventually.UntilAsync(() => Task.FromResult(FakeSiloSessions.MaxStartsInProgress(Id) == 1), Deadline);

        // Interleaved: answered while the start turn still waits (a non-interleaved query would wait for the gate).
        var state = await Charger(2, Id).GetStateAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var outcome = await Charger(1, Id).ExecuteAsync(new SimulatorAction.ResetCache(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Multiple(() =>
        {
            Assert.That(start.IsCompleted, Is.False, "the start is still in flight");
            Assert.That(state, Is.Null, "no session yet");
            Assert.That(outcome.Failure, Is.EqualTo(SimulatorFailure.NotConnected));
        });

        gate.SetResult();
        await start.WaitAsync(Deadline);
        Assert.That(await Charger(2, Id).GetStateAsync(), Is.Not.Null);
    }

    [Test]
    public async Task A_running_charger_s_grain_survives_activation_collection_an_idle_one_does_not()
    {
        const string Running = "keep-1";
        const string Idle = "idle-1";
        await Charger(0, Running).StartAsync(CancellationToken.None);
        Assert.That(await Charger(0, Idle).GetStateAsync(), Is.Null);
        Assert.That(await IsActiveAsync(Idle), Is.True, "the query activated the idle charger's grain");

        var management = From(0).GetGrain<IManagementGrain>(0);
        await Eventually.UntilAsync(
            async () =>
            {
                await management.ForceActivationCollection(TimeSpan.Zero);
                return !await IsActiveAsync(Idle);
            },
            Deadline);

        Assert.Multiple(async () =>
        {
            Assert.That(await IsActiveAsync(Running), Is.True, "kept alive while its session runs");
            Assert.That(FakeSiloSessions.RunningCount(ClusterId, Running), Is.EqualTo(1), "its session still runs");
            Assert.That(FakeSiloSessions.StartsOf(ClusterId, Running), Is.EqualTo(1), "never reopened");
        });
    }

    [Test]
    public async Task A_stopped_charger_s_grain_lets_go_of_its_activation()
    {
        const string Id = "stopped-1";
        await Charger(2, Id).StartAsync(CancellationToken.None);
        Assert.That(await IsActiveAsync(Id), Is.True);

        await Charger(0, Id).StopAsync(CancellationToken.None);

        Assert.That(FakeSiloSessions.RunningCount(ClusterId, Id), Is.Zero);
        await Eventually.UntilAsync(async () => !await IsActiveAsync(Id), Deadline);
    }

    [Test]
    public async Task A_start_that_fails_reaches_the_caller_and_leaves_no_session_nor_activation()
    {
        const string Id = "broken-1";
        var failure = Assert.ThrowsAsync<InvalidOperationException>(() => Charger(1, Id).StartAsync(CancellationToken.None));

        Assert.That(failure!.Message, Does.Contain(Id));
        Assert.That(FakeSiloSessions.RunningCount(ClusterId, Id), Is.Zero);
        await Eventually.UntilAsync(async () => !await IsActiveAsync(Id), Deadline);
    }

    private async Task<bool> IsActiveAsync(string chargerId)
    {
        var management = From(0).GetGrain<IManagementGrain>(0);
        var statistics = await management.GetDetailedGrainStatistics();
        return statistics.Any(s => s.GrainId.Key.ToString() == chargerId);
    }

    /// <summary>The index of the silo whose sessions run <paramref name="id"/>.</summary>
    private async Task<int> HostOfAsync(string id)
    {
        var host = (await Charger(0, id).GetStateAsync())!.LastError;
        return Enumerable.Range(0, 3).Single(i => FakeSiloSessions.For(ClusterId, On<ILocalSiloDetails>(i).Name).Silo == host);
    }

    private static ChargerLog Frame(string chargerId, string messageId) => new()
    {
        ChargerId = chargerId,
        Direction = LogDirection.CpToCsms,
        Action = "Heartbeat",
        Message = $"[2,\"{messageId}\",\"Heartbeat\",{{}}]",
        Timestamp = DateTimeOffset.UtcNow,
        MessageType = LogMessageType.Call,
        MessageId = messageId,
    };

    private static async Task<string?> NextMessageIdAsync(IAsyncEnumerator<ChargerLog> entries)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        return await entries.MoveNextAsync().AsTask().WaitAsync(timeout.Token) ? entries.Current.MessageId : null;
    }

    [Test]
    public async Task A_live_log_stream_on_one_silo_gets_the_frames_of_a_charger_hosted_on_another_once_and_only_its_own()
    {
        const string Id = "relay-1";
        await Charger(0, Id).StartAsync(CancellationToken.None);
        var host = await HostOfAsync(Id);
        var watcher = (host + 1) % 3;
        var hostHub = On<LiveLogHub>(host);

        using var remote = new LiveLogFeed(On<LiveLogHub>(watcher), On<LiveLogRelay>(watcher)).Open("org", Id);
        using var local = new LiveLogFeed(hostHub, On<LiveLogRelay>(host)).Open("org", Id);
        await Eventually.UntilAsync(() => Task.FromResult(On<LiveLogRelay>(host).Watches == 1), Deadline);
        await using var remoteEntries = remote.ReadAllAsync(CancellationToken.None).GetAsyncEnumerator();
        await using var localEntries = local.ReadAllAsync(CancellationToken.None).GetAsyncEnumerator();

        // What the host's frame log stores: a frame of another charger, this charger's, then a marker.
        hostHub.Publish([Frame("relay-other", "not-mine"), Frame(Id, "f-1")]);
        hostHub.Publish([Frame(Id, "marker")]);

        var remoteSeen = new[] { await NextMessageIdAsync(remoteEntries), await NextMessageIdAsync(remoteEntries) };
        var localSeen = new[] { await NextMessageIdAsync(localEntries), await NextMessageIdAsync(localEntries) };
        Assert.Multiple(() =>
        {
            Assert.That(remoteSeen, Is.EqualTo(new[] { "f-1", "marker" }), "relayed to the other silo, in order, only this charger's");
            Assert.That(localSeen, Is.EqualTo(new[] { "f-1", "marker" }), "the host's own stream once each: its own watch is not relayed back");
            Assert.That(On<LiveLogRelay>(host).Watches, Is.EqualTo(1), "one watching node: the host does not watch itself");
        });
    }

    [Test]
    public void Each_charger_is_reconciled_by_exactly_one_of_the_active_silos_and_the_shares_are_even()
    {
        var ids = Enumerable.Range(0, 600).Select(i => $"part-{i}").ToList();
        var shares = Enumerable.Range(0, 3).Select(silo => ids.Where(On<ClusterPartition>(silo).IsMine).ToHashSet()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(ids.Select(id => shares.Count(s => s.Contains(id))), Has.All.EqualTo(1), "one silo each");
            Assert.That(shares.Select(s => s.Count), Has.All.InRange(150, 250), "about a third each");
            Assert.That(On<ClusterPartition>(0).Active, Has.Count.EqualTo(3));
        });
    }
}

/// <summary>
/// A silo that stops (graceful shutdown, rolling restart) closes the sessions of its charger
/// grains before it goes, and the charger can then be started again on another silo.
/// </summary>
[NonParallelizable]
public sealed class ChargerGrainDeactivationTests
{
    [Test]
    public async Task A_stopping_silo_closes_its_sessions_and_the_charger_can_run_on_another()
    {
        const string Id = "moving-1";
        var builder = new TestClusterBuilder(2);
        builder.AddSiloBuilderConfigurator<FakeSiloSessions.Configurator>();
        builder.AddClientBuilderConfigurator<FakeSiloSessions.ClientConfigurator>();
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var secondary = (InProcessSiloHandle)cluster.SecondarySilos[0];
        Assert.That(cluster.Primary, Is.Not.Null);
        var primary = (InProcessSiloHandle)cluster.Primary!;
        var onSecondary = FakeSiloSessions.For(cluster.Options.ClusterId, secondary.SiloHost.Services.GetRequiredService<ILocalSiloDetails>().Name);
        await secondary.SiloHost.Services.GetRequiredService<IGrainFactory>().GetGrain<IChargerGrain>(Id).StartAsync(CancellationToken.None);
        Assert.That(onSecondary.IsRunningHere(Id), Is.True, "placed on the calling silo");

        await cluster.StopSiloAsync(secondary);

        Assert.Multiple(() =>
        {
            Assert.That(onSecondary.IsRunningHere(Id), Is.False, "closed by the grain's deactivation");
            Assert.That(onSecondary.Journal, Is.EqualTo(new[] { $"start {Id}", $"stop {Id}" }));
        });

        var again = primary.SiloHost.Services.GetRequiredService<IGrainFactory>().GetGrain<IChargerGrain>(Id);
        await again.StartAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(FakeSiloSessions.RunningCount(cluster.Options.ClusterId, Id), Is.EqualTo(1), "running again, once, on the remaining silo");
    }
}
