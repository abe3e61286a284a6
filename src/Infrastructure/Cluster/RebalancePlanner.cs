using OcppLab.Infrastructure.Ocpp.Runtime;

namespace OcppLab.Infrastructure.Cluster;

/// <summary>A charger to move from one node (its silo address, parsable form) to another.</summary>
internal sealed record PlannedMove(string ChargerId, string From, string To);

/// <summary>
/// Plans a rebalance of running chargers over the active nodes (ADR 11), as pure logic: each node's
/// share is the mean, rounded so that the shares add up to the fleet (the most loaded nodes keep the
/// one extra each); a node above its share gives its surplus, the least loaded nodes take it first.
/// That is the fewest moves that leave every node within one charger of every other. The same loads
/// give the same plan (chargers and ties in ordinal order).
/// </summary>
internal static class RebalancePlanner
{
    public static IReadOnlyList<PlannedMove> Plan(IReadOnlyList<NodeLoad> nodes)
    {
        if (nodes.Count < 2)
        {
            return [];
        }

        var total = nodes.Sum(n => n.Chargers.Length);
        var share = total / nodes.Count;
        var extra = total % nodes.Count;
        var shares = nodes
            .OrderByDescending(n => n.Chargers.Length)
            .ThenBy(n => n.Silo, StringComparer.Ordinal)
            .Select((node, rank) => (Node: node, Share: share + (rank < extra ? 1 : 0)))
            .ToList();

        var surplus = new Queue<(string ChargerId, string From)>(shares
            .Where(s => s.Node.Chargers.Length > s.Share)
            .SelectMany(s => s.Node.Chargers.Order(StringComparer.Ordinal).Skip(s.Share).Select(id => (id, s.Node.Silo))));
        var moves = new List<PlannedMove>(surplus.Count);
        foreach (var (node, target) in shares
                     .Where(s => s.Node.Chargers.Length < s.Share)
                     .OrderBy(s => s.Node.Chargers.Length)
                     .ThenBy(s => s.Node.Silo, StringComparer.Ordinal))
        {
            for (var count = node.Chargers.Length; count < target && surplus.Count > 0; count++)
            {
                var (chargerId, from) = surplus.Dequeue();
                moves.Add(new PlannedMove(chargerId, from, node.Silo));
            }
        }

        return moves;
    }
}
