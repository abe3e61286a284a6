using Microsoft.Extensions.Logging;
using OcppLab.Application.Cluster;
using OcppLab.Infrastructure.Cluster;
using Orleans;
using Orleans.Concurrency;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace OcppLab.Infrastructure.Ocpp.Runtime;

/// <summary>
/// The cluster's one rebalance coordinator (a single grain, key 0, so that at most one rebalance runs
/// in the whole cluster, whichever node the operator asked): it plans from every node's chargers
/// (<see cref="RebalancePlanner"/>) and moves them, at most <c>Cluster:RebalanceParallelism</c> at once,
/// in the background of its activation; the current or last run is its answer to a status query.
/// </summary>
public interface IClusterRebalanceGrain : IGrainWithIntegerKey
{
    /// <summary>Starts a rebalance, or answers the running one (Started false).</summary>
    Task<RebalanceStart> StartAsync(NodeLoad[] nodes);

    [AlwaysInterleave]
    Task<RebalanceResponse?> GetLastAsync();
}

/// <summary>The answer to a rebalance request (carried as JSON: the run is an Application record).</summary>
[GenerateSerializer]
[Immutable]
public sealed record RebalanceStart([property: Id(0)] bool Started, [property: Id(1)] RebalanceResponse Run);

[CollectionAgeLimit(Minutes = 30)]
internal sealed class ClusterRebalanceGrain(IGrainFactory grains, ClusterSettings settings, TimeProvider time, ILogger<ClusterRebalanceGrain> logger)
    : Grain, IClusterRebalanceGrain
{
    private RebalanceResponse? _last;

    public Task<RebalanceResponse?> GetLastAsync() => Task.FromResult(_last);

    public Task<RebalanceStart> StartAsync(NodeLoad[] nodes)
    {
        if (_last is { Status: RebalanceStatus.Running } running)
        {
            return Task.FromResult(new RebalanceStart(false, running));
        }

        var moves = RebalancePlanner.Plan(nodes);
        var nodeIds = nodes.ToDictionary(n => n.Silo, n => n.NodeId, StringComparer.Ordinal);
        var groups = moves
            .GroupBy(m => (m.From, m.To))
            .Select(g => new RebalanceMoveResponse(nodeIds[g.Key.From], nodeIds[g.Key.To], g.Count()))
            .OrderBy(g => g.From, StringComparer.Ordinal)
            .ThenBy(g => g.To, StringComparer.Ordinal)
            .ToList();
        var now = time.GetUtcNow();
        _last = new RebalanceResponse(
            moves.Count == 0 ? RebalanceStatus.Completed : RebalanceStatus.Running, now, moves.Count == 0 ? now : null, moves.Count, 0, 0, 0, groups);
        logger.LogInformation(
            "Rebalancing {Chargers} charger(s) over {Nodes} node(s): {Moves} move(s) planned ({Groups})",
            nodes.Sum(n => n.Chargers.Length), nodes.Length, moves.Count, string.Join(", ", groups.Select(g => $"{g.From}→{g.To}: {g.Chargers}")));
        if (moves.Count > 0)
        {
            DelayDeactivation(Timeout.InfiniteTimeSpan);

            // On this activation's scheduler: the counters below are touched by one turn at a time.
            _ = RunAsync(moves, nodeIds);
        }

        return Task.FromResult(new RebalanceStart(true, _last));
    }

    private async Task RunAsync(IReadOnlyList<PlannedMove> moves, Dictionary<string, string> nodeIds)
    {
        using var slots = new SemaphoreSlim(settings.RebalanceParallelism);
        await Task.WhenAll(moves.Select(async move =>
        {
            await slots.WaitAsync();
            try
            {
                var outcome = await MoveAsync(move, nodeIds[move.To]);
                _last = outcome switch
                {
                    Outcome.Moved => _last! with { Moved = _last.Moved + 1 },
                    Outcome.Skipped => _last! with { Skipped = _last.Skipped + 1 },
                    _ => _last! with { Failed = _last.Failed + 1 },
                };
            }
            finally
            {
                slots.Release();
            }
        }));

        _last = _last! with { Status = RebalanceStatus.Completed, FinishedAt = time.GetUtcNow() };
        logger.LogInformation(
            "Rebalance done in {Seconds:0.0} s: {Moved} moved, {Skipped} skipped, {Failed} failed of {Planned}",
            (_last.FinishedAt!.Value - _last.StartedAt).TotalSeconds, _last.Moved, _last.Skipped, _last.Failed, _last.Planned);
        DelayDeactivation(TimeSpan.Zero);
    }

    private enum Outcome
    {
        Moved,
        Skipped,
        Failed,
    }

    /// <summary>
    /// One move: the charger's grain closes its session and migrates (<see cref="IChargerGrain.MoveAsync"/>);
    /// then a reconcile, with the same placement hint, reaches the new activation (or, when Orleans did
    /// not migrate it, activates the grain on the target) and starts the charger if it is not running.
    /// </summary>
    private async Task<Outcome> MoveAsync(PlannedMove move, string targetNode)
    {
        var grain = grains.GetGrain<IChargerGrain>(move.ChargerId);
        var target = SiloAddress.FromParsableString(move.To);
        try
        {
            if (!await grain.MoveAsync(target, CancellationToken.None))
            {
                return Outcome.Skipped;
            }

            RequestContext.Set(IPlacementDirector.PlacementHintKey, target);
            try
            {
                await grain.ReconcileAsync(CancellationToken.None);
            }
            finally
            {
                RequestContext.Remove(IPlacementDirector.PlacementHintKey);
            }

            var state = await grain.GetStateAsync();
            if (state?.Node == targetNode)
            {
                return Outcome.Moved;
            }

            logger.LogWarning("Charger {ChargerId} did not come up on node {Node} after its move (now: {Now})", move.ChargerId, targetNode, state?.Node ?? "not running");
            return Outcome.Failed;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Moving charger {ChargerId} to node {Node} failed", move.ChargerId, targetNode);
            return Outcome.Failed;
        }
    }
}
