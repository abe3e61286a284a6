namespace OcppLab.Application.Cluster;

/// <summary>The nodes of the gateway's cluster, the chargers each runs, and the current or last rebalance.</summary>
public sealed record ClusterResponse(IReadOnlyList<ClusterNodeResponse> Nodes, int Chargers, RebalanceResponse? Rebalance);

/// <summary>
/// One active node: its node id (as <c>runtime.node</c> and <c>/health/ready</c> name it), its
/// silo address, and the chargers whose connections it holds (null when it did not answer).
/// </summary>
public sealed record ClusterNodeResponse(string Node, string Address, int? Chargers);

/// <summary>Where a rebalance is.</summary>
public enum RebalanceStatus
{
    /// <summary>Chargers are being moved.</summary>
    Running,

    /// <summary>Every planned move was tried (or there was nothing to move).</summary>
    Completed,
}

/// <summary>
/// A rebalance: the moves it planned, by node pair, and how they went. <c>Moved</c> chargers run on
/// their new node; <c>Skipped</c> ones no longer ran on the node they were planned from (stopped or
/// moved meanwhile); <c>Failed</c> ones did not come up on the planned node (they run wherever the
/// cluster placed them, or the next reconciliation starts them).
/// </summary>
public sealed record RebalanceResponse(
    RebalanceStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    int Planned,
    int Moved,
    int Skipped,
    int Failed,
    IReadOnlyList<RebalanceMoveResponse> Moves);

/// <summary>Chargers planned to move from one node to another.</summary>
public sealed record RebalanceMoveResponse(string From, string To, int Chargers);
