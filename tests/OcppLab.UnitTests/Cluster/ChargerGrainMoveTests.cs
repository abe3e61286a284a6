using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OcppLab.Application.Cluster;
using OcppLab.Infrastructure.Cluster;
using OcppLab.Infrastructure.Ocpp.Runtime;
using Orleans;
using Orleans.Runtime;
using Orleans.Runtime.Placement;
using Orleans.TestingHost;

namespace OcppLab.UnitTests.Cluster;

/// <summary>
/// Issue 12 item 5 on three silos in one process (Orleans TestingHost): a charger grain moves to
/// another silo by migration after closing its session (never two sessions, the old one closed
/// before the new one opens), and the coordinator grain rebalances a fleet crowded on one silo.
/// </summary>
[NonParallelizable]
public sealed class ChargerGrainMoveTests : ThreeSiloTests
{
    private FakeSiloSessions Sessions(int silo) => FakeSiloSessions.For(ClusterId, On<ILocalSiloDetails>(silo).Name);

    private int SiloOf(string sessionsKey) => Enumerable.Range(0, 3).Single(i => Sessions(i).Silo == sessionsKey);

    [Test]
    public async Task A_moved_charger_closes_its_session_then_opens_it_on_the_target_silo_once()
    {
        const string Id = "move-1";
        var grain = On<IGrainFactory>(0).GetGrain<IChargerGrain>(Id);
        await grain.StartAsync(CancellationToken.None);
        var from = SiloOf((await grain.GetStateAsync())!.Node!);
        var to = (from + 1) % 3;

        var moved = await grain.MoveAsync(Silos.Silos[to].SiloAddress, CancellationToken.None);
        var state = await Eventually.UntilAsync(() => grain.GetStateAsync(), s => s is not null, Deadline, "the charger runs again");

        Assert.Multiple(() =>
        {
            Assert.That(moved, Is.True);
            Assert.That(state!.Node, Is.EqualTo(Sessions(to).Silo), "it runs on the target silo");
            Assert.That(FakeSiloSessions.RunningCount(ClusterId, Id), Is.EqualTo(1), "one session in the cluster");
            Assert.That(Sessions(from).Journal.Where(e => e.EndsWith($" {Id}", StringComparison.Ordinal)), Is.EqualTo(new[] { $"start {Id}", $"stop {Id}" }), "closed on the old silo");
            Assert.That(Sessions(to).Journal.Where(e => e.EndsWith($" {Id}", StringComparison.Ordinal)), Is.EqualTo(new[] { $"start {Id}" }), "opened once on the new one, by the moved activation itself");
            Assert.That(FakeSiloSessions.MaxStartsInProgress(Id), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_charger_without_a_session_or_already_on_the_target_does_not_move()
    {
        var stopped = On<IGrainFactory>(1).GetGrain<IChargerGrain>("move-stopped");
        var running = On<IGrainFactory>(1).GetGrain<IChargerGrain>("move-here");
        await running.StartAsync(CancellationToken.None);
        var here = SiloOf((await running.GetStateAsync())!.Node!);

        var nothing = await stopped.MoveAsync(Silos.Silos[2].SiloAddress, CancellationToken.None);
        var there = await running.MoveAsync(Silos.Silos[here].SiloAddress, CancellationToken.None);
        var state = await running.GetStateAsync();

        Assert.Multiple(() =>
        {
            Assert.That(nothing, Is.False, "nothing to move");
            Assert.That(there, Is.False, "already there");
            Assert.That(state?.Node, Is.EqualTo(Sessions(here).Silo), "left running where it was");
            Assert.That(Sessions(here).Journal, Has.No.Member("stop move-here"));
        });
    }

    [Test]
    public async Task The_coordinator_spreads_a_fleet_crowded_on_one_silo_and_refuses_a_second_run_meanwhile()
    {
        var factory = On<IGrainFactory>(2);
        var ids = Enumerable.Range(0, 12).Select(i => $"crowd-{i:00}").ToList();
        RequestContext.Set(IPlacementDirector.PlacementHintKey, Silos.Silos[0].SiloAddress);
        try
        {
            foreach (var id in ids)
            {
                await factory.GetGrain<IChargerGrain>(id).StartAsync(CancellationToken.None);
            }
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }

        // The moved chargers' starts wait for their gates: the first rebalance is still running when the second is asked for.
        var gates = ids.ToDictionary(id => id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        foreach (var (id, gate) in gates)
        {
            FakeSiloSessions.StartGates[id] = gate;
        }

        var operations = new ClusterOperations(factory, On<IClusterMembershipService>(2), NullLogger<ClusterOperations>.Instance);
        var before = await operations.GetAsync(CancellationToken.None);
        var (started, run) = await operations.RebalanceAsync(CancellationToken.None);
        var (again, _) = await operations.RebalanceAsync(CancellationToken.None);
        foreach (var gate in gates.Values)
        {
            gate.SetResult();
        }

        var done = await Eventually.UntilAsync(
            async () => (await operations.GetAsync(CancellationToken.None)).Rebalance,
            r => r?.Status == RebalanceStatus.Completed,
            Deadline,
            "the rebalance completes");
        var hosts = new List<string?>();
        foreach (var id in ids)
        {
            hosts.Add((await factory.GetGrain<IChargerGrain>(id).GetStateAsync())?.Node);
        }

        var others = before.Chargers - ids.Count;
        Assert.Multiple(() =>
        {
            Assert.That(started, Is.True);
            Assert.That(run.Status, Is.EqualTo(RebalanceStatus.Running));
            Assert.That(again, Is.False, "one rebalance at a time");
            Assert.That(done!.Failed, Is.Zero, done.ToString());
            Assert.That(done.Moved, Is.EqualTo(run.Planned));
            Assert.That(hosts, Has.None.Null, "every charger runs");
            Assert.That(ids.Sum(id => FakeSiloSessions.RunningCount(ClusterId, id)), Is.EqualTo(ids.Count), "one session each");
            Assert.That(run.Planned, Is.GreaterThan(0), $"crowded on one silo ({others} other sessions in the cluster)");
        });
        var after = await operations.GetAsync(CancellationToken.None);
        var counts = after.Nodes.Select(n => n.Chargers!.Value).ToList();
        Assert.That(counts.Max() - counts.Min(), Is.LessThanOrEqualTo(1), string.Join(", ", after.Nodes));
    }
}
