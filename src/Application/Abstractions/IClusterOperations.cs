using OcppLab.Application.Cluster;

namespace OcppLab.Application.Abstractions;

/// <summary>The operator's view of the gateway's cluster (ADR 11): its nodes, and rebalancing the fleet over them.</summary>
public interface IClusterOperations
{
    Task<ClusterResponse> GetAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Plans moves from the nodes above the mean to the least loaded ones and starts them. When a
    /// rebalance runs already (anywhere in the cluster), <c>Started</c> is false and <c>Run</c> is that one.
    /// </summary>
    Task<(bool Started, RebalanceResponse Run)> RebalanceAsync(CancellationToken cancellationToken);
}
