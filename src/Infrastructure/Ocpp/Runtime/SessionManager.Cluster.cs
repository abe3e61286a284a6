using Microsoft.Extensions.DependencyInjection;
using OcppLab.Domain.Chargers;
using OcppLab.Infrastructure.Cluster;

namespace OcppLab.Infrastructure.Ocpp.Runtime;

/// <summary>
/// Reconciliation on a node of a cluster (ADR 11): each charger not running here is reconciled by
/// one node only, and not at all once that node saw it running, until the membership changes
/// (<see cref="ClusterPartition"/>). One node: everything as before.
/// </summary>
public sealed partial class SessionManager
{
    private ClusterPartition? _partition;

    /// <summary>Resolved on first use: only a node of a cluster needs it (it needs the silo's membership).</summary>
    private ClusterPartition Partition
    {
        get
        {
            if (_partition is null)
            {
                using var scope = _scopes.CreateScope();
                _partition = scope.ServiceProvider.GetRequiredService<ClusterPartition>();
            }

            return _partition;
        }
    }

    /// <summary>Until the next reconciliation: the interval, or at once on a node of a cluster whose active nodes changed.</summary>
    private Task NextReconcileAsync(CancellationToken cancellationToken) =>
        _cluster.IsMultiNode
            ? Partition.WaitAsync(_ownershipOptions.ReconcileInterval, _time, cancellationToken)
            : Task.Delay(_ownershipOptions.ReconcileInterval, _time, cancellationToken);

    /// <summary>Of the chargers to start (not running here), those this node reconciles: its share, not already known running.</summary>
    private List<string> ClusterShare(List<string> toStart, Dictionary<string, (ProvisioningStatus Status, int Epoch)> wanted)
    {
        if (!_cluster.IsMultiNode)
        {
            return toStart;
        }

        var partition = Partition;
        partition.BeginRound(wanted.Keys, _time);
        return toStart.Where(id => partition.IsMine(id) && !partition.IsKnownRunning(id, wanted[id].Epoch)).ToList();
    }

    /// <summary>Whether recovery on this node brings up <paramref name="chargerId"/> (on a cluster: its share only).</summary>
    private bool RecoversHere(string chargerId) => !_cluster.IsMultiNode || Partition.IsMine(chargerId);

    /// <summary>The charger's grain reconciled it to running with <paramref name="restartEpoch"/>.</summary>
    private void NoteReconciled(string chargerId, int restartEpoch)
    {
        if (_cluster.IsMultiNode)
        {
            Partition.NoteRunning(chargerId, restartEpoch);
        }
    }
}
