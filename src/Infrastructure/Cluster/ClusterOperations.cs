using Microsoft.Extensions.Logging;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Cluster;
using OcppLab.Infrastructure.Ocpp.Runtime;
using Orleans;
using Orleans.Runtime;

namespace OcppLab.Infrastructure.Cluster;

/// <summary>
/// The operator's cluster routes (ADR 11): the active nodes (Orleans' membership) and their
/// chargers (each node's own grain), and a rebalance through the cluster's coordinator grain.
/// One node (the embedded default) is a cluster of one: nothing ever moves.
/// </summary>
internal sealed class ClusterOperations(IGrainFactory grains, IClusterMembershipService membership, ILogger<ClusterOperations> logger) : IClusterOperations
{
    /// <summary>How long a node may take to list its chargers before it is shown without a count.</summary>
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(5);

    private IClusterRebalanceGrain Coordinator => grains.GetGrain<IClusterRebalanceGrain>(0);

    public async Task<ClusterResponse> GetAsync(CancellationToken cancellationToken)
    {
        // Counts only: the nodes' charger ids are asked for by a rebalance, not by every look.
        var counts = await AskEachAsync(node => node.GetCountAsync(), cancellationToken);
        var rebalance = await Coordinator.GetLastAsync().WaitAsync(cancellationToken);
        var nodes = counts
            .Select(c => new ClusterNodeResponse(c.Answered ? c.Value.NodeId : c.Silo.ToParsableString(), c.Silo.Endpoint.ToString(), c.Answered ? c.Value.Chargers : null))
            .ToList();
        return new ClusterResponse(nodes, nodes.Sum(n => n.Chargers ?? 0), rebalance);
    }

    public async Task<(bool Started, RebalanceResponse Run)> RebalanceAsync(CancellationToken cancellationToken)
    {
        // A node that does not answer is left out of the plan: it neither gives nor takes chargers.
        var loads = (await AskEachAsync(node => node.GetLoadAsync(), cancellationToken)).Where(l => l.Answered).Select(l => l.Value).ToArray();
        var start = await Coordinator.StartAsync(loads).WaitAsync(cancellationToken);
        return (start.Started, start.Run);
    }

    /// <summary>Every active node, in address order, with its answer (not answered when it did not answer in time).</summary>
    private async Task<List<(SiloAddress Silo, bool Answered, T Value)>> AskEachAsync<T>(Func<IClusterNodeGrain, Task<T>> ask, CancellationToken cancellationToken)
    {
        var active = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress)
            .OrderBy(a => a.ToParsableString(), StringComparer.Ordinal)
            .ToList();
        var answers = await Task.WhenAll(active.Select(async silo =>
        {
            try
            {
                var value = await ask(grains.GetGrain<IClusterNodeGrain>(silo.ToParsableString())).WaitAsync(NodeTimeout, cancellationToken);
                return (silo, true, value);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Node {Silo} did not list its chargers", silo);
                return (silo, false, default(T)!);
            }
        }));
        return answers.ToList();
    }
}
