using OcppLab.Infrastructure.Cluster;
using OcppLab.Infrastructure.Ocpp.Runtime;
using OcppLab.Infrastructure.Persistence;

namespace OcppLab.UnitTests.Cluster;

/// <summary>
/// Issue 12 item 5: the rebalance of a running fleet over the nodes (ADR 11). The planner is pure:
/// every node ends within one charger of every other, with the fewest moves, from the nodes above
/// the mean to the least loaded ones; Cluster:RebalanceParallelism is checked at start-up.
/// </summary>
public sealed class RebalanceSettingsAndPlanTests
{
    [Test]
    public void RebalanceParallelism_defaults_to_8_and_takes_1_to_64()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ClusterHosting.Resolve(new ClusterHostingOptions(), DatabaseProvider.Sqlite, null).RebalanceParallelism, Is.EqualTo(8));
            Assert.That(ClusterHosting.Resolve(new ClusterHostingOptions { RebalanceParallelism = 1 }, DatabaseProvider.Sqlite, null).RebalanceParallelism, Is.EqualTo(1));
            Assert.That(ClusterHosting.Resolve(new ClusterHostingOptions { RebalanceParallelism = 64 }, DatabaseProvider.Sqlite, null).RebalanceParallelism, Is.EqualTo(64));
        });
    }

    [TestCase(0)]
    [TestCase(-3)]
    [TestCase(65)]
    public void A_RebalanceParallelism_out_of_range_stops_the_start_up_naming_the_setting(int parallelism)
    {
        Assert.That(
            () => ClusterHosting.Resolve(new ClusterHostingOptions { RebalanceParallelism = parallelism }, DatabaseProvider.Sqlite, null),
            Throws.InvalidOperationException.With.Message.Contains("Cluster:RebalanceParallelism").And.Message.Contains("between 1 and 64"));
    }

    [Test]
    public void Two_nodes_of_30_and_a_node_that_joined_end_with_20_each_moving_10_from_each()
    {
        var nodes = new[] { Node("a", "A", 30), Node("b", "B", 30), Node("c", "C", 0) };

        var moves = RebalancePlanner.Plan(nodes);

        Assert.Multiple(() =>
        {
            Assert.That(moves, Has.Count.EqualTo(20));
            Assert.That(moves.Count(m => m.From == "a"), Is.EqualTo(10));
            Assert.That(moves.Count(m => m.From == "b"), Is.EqualTo(10));
            Assert.That(moves.Select(m => m.To), Has.All.EqualTo("c"));
            Assert.That(After(nodes, moves).Values, Has.All.EqualTo(20));
            Assert.That(moves.Select(m => m.ChargerId).Distinct().Count(), Is.EqualTo(20), "each charger moves once");
            Assert.That(moves.All(m => nodes.Single(n => n.Silo == m.From).Chargers.Contains(m.ChargerId)), "a charger moves from the node that runs it");
        });
    }

    [Test]
    public void An_uneven_fleet_ends_within_one_charger_everywhere_with_the_fewest_moves()
    {
        // 61 chargers over 4 nodes: shares 16, 15, 15, 15 (the most loaded keeps the extra one).
        var nodes = new[] { Node("a", "A", 40), Node("b", "B", 15), Node("c", "C", 6), Node("d", "D", 0) };

        var moves = RebalancePlanner.Plan(nodes);
        var after = After(nodes, moves);

        Assert.Multiple(() =>
        {
            Assert.That(after.Values.Max() - after.Values.Min(), Is.LessThanOrEqualTo(1), string.Join(", ", after));
            Assert.That(after["a"], Is.EqualTo(16));
            Assert.That(moves, Has.Count.EqualTo(40 - 16), "only the surplus moves");
            Assert.That(moves.Select(m => m.From), Has.All.EqualTo("a"), "nothing moves from a node at its share");
            Assert.That(moves[0].To, Is.EqualTo("d"), "the least loaded node is served first");
        });
    }

    [Test]
    public void A_balanced_fleet_one_node_or_no_node_plans_nothing()
    {
        Assert.Multiple(() =>
        {
            Assert.That(RebalancePlanner.Plan([Node("a", "A", 10), Node("b", "B", 11), Node("c", "C", 10)]), Is.Empty, "within one charger already");
            Assert.That(RebalancePlanner.Plan([Node("a", "A", 50)]), Is.Empty, "one node");
            Assert.That(RebalancePlanner.Plan([]), Is.Empty);
            Assert.That(RebalancePlanner.Plan([Node("a", "A", 0), Node("b", "B", 0)]), Is.Empty, "no chargers");
        });
    }

    [Test]
    public void The_same_loads_give_the_same_plan()
    {
        var nodes = new[] { Node("b", "B", 25), Node("a", "A", 25), Node("c", "C", 1) };
        var shuffled = new[] { nodes[2], nodes[0], nodes[1] };

        Assert.That(RebalancePlanner.Plan(shuffled), Is.EqualTo(RebalancePlanner.Plan(nodes)));
    }

    private static NodeLoad Node(string silo, string nodeId, int chargers) =>
        new(silo, nodeId, Enumerable.Range(0, chargers).Select(i => $"dep-{silo}-{i:000}").Reverse().ToArray());

    private static Dictionary<string, int> After(IEnumerable<NodeLoad> nodes, IReadOnlyList<PlannedMove> moves)
    {
        var counts = nodes.ToDictionary(n => n.Silo, n => n.Chargers.Length);
        foreach (var move in moves)
        {
            counts[move.From]--;
            counts[move.To]++;
        }

        return counts;
    }
}
