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
        var loads = await LoadsAsync(cancellationToken);
        var rebalance = await Coordinator.GetLastAsync().WaitAsync(cancellationToken);
        var nodes = loads
            .Select(l => new ClusterNodeResponse(l.Load?.NodeId ?? l.Silo.ToParsableString(), l.Silo.Endpoint.ToString(), l.Load?.Chargers.Length))
            .ToList();
        return new ClusterResponse(nodes, nodes.Sum(n => n.Chargers ?? 0), rebalance);
    }

    public async Task<(bool Started, RebalanceResponse Run)> RebalanceAsync(CancellationToken cancellationToken)
    {
        // A node that does not answer is left out of the plan: it neither gives nor takes chargers.
        var loads = (await LoadsAsync(cancellationToken)).Where(l => l.Load is not null).Select(l => l.Load!).ToArray();
        var start = await Coordinator.StartAsync(loads).WaitAsync(cancellationToken);
        return (start.Started, start.Run);
    }

    /// <summary>Every active node, in address order, with its load (null when it did not answer in time).</summary>
    private async Task<List<(SiloAddress Silo, NodeLoad? Load)>> LoadsAsync(CancellationToken cancellationToken)
    {
        var active = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress)
            .OrderBy(a => a.ToParsableString(), StringComparer.Ordinal)
            .ToList();
        var loads = await Task.WhenAll(active.Select(async silo =>
        {
            try
            {
                var load = await grains.GetGrain<IClusterNodeGrain>(silo.ToParsableString()).GetLoadAsync().WaitAsync(NodeTimeout, cancellationToken);
                return (silo, (NodeLoad?)load);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Node {Silo} did not list its chargers", silo);
                return (silo, (NodeLoad?)null);
            }
        }));
        return loads.ToList();
    }
}
