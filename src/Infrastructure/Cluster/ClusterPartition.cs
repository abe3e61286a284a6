using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace OcppLab.Infrastructure.Cluster;

/// <summary>
/// Shares the reconciliation of a cluster's chargers among its live nodes (ADR 11). Without it every
/// node called, every interval, the grain of every running charger hosted elsewhere: n - 1 calls per
/// charger and interval for nothing. Now:
/// <list type="bullet">
/// <item>a charger not running here is reconciled by one node only, the one its stable hash picks
/// among the active silos (<see cref="IsMine"/>);</item>
/// <item>a charger that node has seen running (reconciled or recovered through its grain) is not
/// called again while the membership stays the same (<see cref="IsKnownRunning"/>);</item>
/// <item>any change of the active silos (one died, stopped or joined) forgets what was known and
/// wakes the reconciliation at once (<see cref="WaitAsync"/>): the chargers of a dead node come back
/// on the others in one round, not after the next interval;</item>
/// <item>every <see cref="ForgetEvery"/> it forgets anyway, a safety net for a session lost without a
/// membership change (none is known: a running grain is never deactivated but by its silo's end).</item>
/// </list>
/// </summary>
public sealed class ClusterPartition(IClusterMembershipService membership, ILocalSiloDetails local, ILogger<ClusterPartition> logger) : IDisposable
{
    /// <summary>How often every charger is reconciled through its grain again, membership change or not.</summary>
    public static readonly TimeSpan ForgetEvery = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, int> _known = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SiloAddress[] _active = [];
    private int _watching;
    private long _forgetAt = long.MaxValue;

    /// <summary>The active silos, in a stable order every node agrees on.</summary>
    public IReadOnlyList<SiloAddress> Active => ActiveNow();

    /// <summary>Whether this node reconciles <paramref name="chargerId"/> (its hash picks this silo among the active ones).</summary>
    public bool IsMine(string chargerId)
    {
        var active = ActiveNow();
        if (active.Length == 0)
        {
            return true;
        }

        var index = Array.IndexOf(active, local.SiloAddress);
        return index >= 0 && (int)(StableHash(chargerId) % (uint)active.Length) == index;
    }

    public bool IsKnownRunning(string chargerId, int restartEpoch) => _known.TryGetValue(chargerId, out var epoch) && epoch == restartEpoch;

    /// <summary>The charger's grain has brought it up with <paramref name="restartEpoch"/>: no call for it while the membership holds.</summary>
    public void NoteRunning(string chargerId, int restartEpoch) => _known[chargerId] = restartEpoch;

    /// <summary>
    /// Starts a round: forgets the chargers no longer wanted, and every charger once per
    /// <see cref="ForgetEvery"/>.
    /// </summary>
    public void BeginRound(ICollection<string> wanted, TimeProvider time)
    {
        EnsureWatching();
        var now = time.GetTimestamp();
        if (Interlocked.Read(ref _forgetAt) == long.MaxValue)
        {
            Interlocked.Exchange(ref _forgetAt, now + (long)(ForgetEvery.TotalSeconds * time.TimestampFrequency));
        }
        else if (now >= Interlocked.Read(ref _forgetAt))
        {
            Interlocked.Exchange(ref _forgetAt, now + (long)(ForgetEvery.TotalSeconds * time.TimestampFrequency));
            _known.Clear();
            return;
        }

        foreach (var id in _known.Keys)
        {
            if (!wanted.Contains(id))
            {
                _known.TryRemove(id, out _);
            }
        }
    }

    /// <summary>Waits for the next round: <paramref name="interval"/>, or less when the active silos change.</summary>
    public async Task WaitAsync(TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
    {
        EnsureWatching();
        Task changed;
        lock (_gate)
        {
            changed = _changed.Task;
        }

        using var delayEnd = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAny(Task.Delay(interval, time, delayEnd.Token), changed);
        await delayEnd.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    private SiloAddress[] ActiveNow()
    {
        var snapshot = membership.CurrentSnapshot;
        return snapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress)
            .OrderBy(a => a.ToParsableString(), StringComparer.Ordinal)
            .ToArray();
    }

    private void EnsureWatching()
    {
        if (Interlocked.Exchange(ref _watching, 1) == 0)
        {
            _active = ActiveNow();
            _ = Task.Run(() => WatchAsync(_stopping.Token), CancellationToken.None);
        }
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var _ in membership.MembershipUpdates.WithCancellation(cancellationToken))
            {
                var active = ActiveNow();
                if (active.SequenceEqual(_active))
                {
                    continue;
                }

                logger.LogInformation(
                    "The cluster's active nodes changed from {Before} to {After}: reconciling the chargers at once",
                    _active.Length, active.Length);
                _active = active;
                _known.Clear();
                lock (_gate)
                {
                    _changed.TrySetResult();
                    _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Watching the cluster membership failed; reconciliation goes on at its interval");
        }
    }

    /// <summary>FNV-1a over the id's UTF-16 code units: the same on every node and every run (string.GetHashCode is not).</summary>
    internal static uint StableHash(string value)
    {
        var hash = 2166136261u;
        foreach (var c in value)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }
}
