using Orleans;
using Orleans.Concurrency;
using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace OcppLab.Infrastructure.Ocpp.Runtime;

/// <summary>One node's load: its silo (parsable address), its node id, and the chargers whose sessions it holds.</summary>
[GenerateSerializer]
[Immutable]
public sealed record NodeLoad(
    [property: Id(0)] string Silo,
    [property: Id(1)] string NodeId,
    [property: Id(2)] string[] Chargers);

/// <summary>
/// One grain per node of the cluster, keyed by its silo's parsable address and always activated on
/// that silo (<see cref="NodePlacement"/>): how a rebalance, from any node, learns which chargers
/// each node runs (its own sessions, not Orleans' activation counts, which include idle grains).
/// </summary>
public interface IClusterNodeGrain : IGrainWithStringKey
{
    [AlwaysInterleave]
    Task<NodeLoad> GetLoadAsync();

    /// <summary>The node's id and how many chargers it runs, without their ids (what GET /ocpp/cluster shows).</summary>
    [AlwaysInterleave]
    Task<(string NodeId, int Chargers)> GetCountAsync();
}

[NodePlacement]
internal sealed class ClusterNodeGrain(ILocalChargerSessions sessions) : Grain, IClusterNodeGrain
{
    public Task<NodeLoad> GetLoadAsync() =>
        Task.FromResult(new NodeLoad(this.GetPrimaryKeyString(), sessions.NodeId, sessions.RunningHere()));

    public Task<(string NodeId, int Chargers)> GetCountAsync() => Task.FromResult((sessions.NodeId, sessions.RunningHereCount));
}

/// <summary>Places a grain keyed by a silo address on that silo, and nowhere else.</summary>
[GenerateSerializer]
[Immutable]
public sealed class NodePlacement : PlacementStrategy
{
    internal static readonly NodePlacement Instance = new();
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class NodePlacementAttribute() : PlacementAttribute(NodePlacement.Instance);

/// <summary>
/// The key is the silo: a node that is not an active member (dead, stopped, not joined yet) has no
/// grain, and the call fails instead of counting another node's chargers as its own.
/// </summary>
internal sealed class NodePlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString();
        var silo = SiloAddress.FromParsableString(key);
        return context.GetCompatibleSilos(target).Contains(silo)
            ? Task.FromResult(silo)
            : throw new OrleansException($"Node {key} is not an active member of the cluster.");
    }
}
