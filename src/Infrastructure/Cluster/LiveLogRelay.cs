using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using OcppLab.Domain.Logs;
using OcppLab.Infrastructure.Logging;
using OcppLab.Infrastructure.Ocpp.Runtime;
using Orleans;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace OcppLab.Infrastructure.Cluster;

/// <summary>A node that serves live log streams, as the node storing a charger's frames reaches it.</summary>
public interface ILiveLogObserver : IGrainObserver
{
    /// <summary>
    /// Frames of chargers this node watches. The sending node awaits each call before the next to
    /// the same node (Orleans does not order calls), on a sender of its own: its frame log never waits.
    /// </summary>
    Task OnFramesAsync(LiveLogFrame[] frames);
}

/// <summary>A stored frame on its way to another node's live log streams (a <see cref="ChargerLog"/>, as Orleans copies it).</summary>
[GenerateSerializer]
[Immutable]
public sealed record LiveLogFrame(
    [property: Id(0)] long Id,
    [property: Id(1)] string ChargerId,
    [property: Id(2)] int Direction,
    [property: Id(3)] string? Action,
    [property: Id(4)] string Message,
    [property: Id(5)] DateTimeOffset Timestamp,
    [property: Id(6)] int MessageType,
    [property: Id(7)] string? MessageId)
{
    public static LiveLogFrame From(ChargerLog log) =>
        new(log.Id, log.ChargerId, (int)log.Direction, log.Action, log.Message, log.Timestamp, (int)log.MessageType, log.MessageId);

    public ChargerLog ToLog() => new()
    {
        Id = Id,
        ChargerId = ChargerId,
        Direction = (LogDirection)Direction,
        Action = Action,
        Message = Message,
        Timestamp = Timestamp,
        MessageType = (LogMessageType)MessageType,
        MessageId = MessageId,
    };
}

/// <summary>
/// The live log stream across the nodes of a cluster (ADR 11). A charger's frames are stored, and
/// offered to the local <see cref="LiveLogHub"/>, by the node hosting its session; a stream served by
/// another node must get them from there. So, while a stream is open on a node (<see cref="Watch"/>),
/// that node registers itself with the charger's grain, wherever it is activated, for a lease it
/// renews every <see cref="RenewEvery"/>: after a failover the next renewal reaches the new host.
/// The hosting node (<see cref="Host"/>) queues each stored batch's frames of watched chargers for
/// the watching nodes, at most <see cref="LiveLogHub.EntryCapacity"/> frames a batch (a subscriber's
/// buffer keeps no more) and <see cref="QueuedBatches"/> batches a node (the oldest dropped beyond:
/// a slow or gone node costs that much at most); one sender per watching node delivers them in
/// order, one call at a time (Orleans does not order concurrent calls: one-way calls were seen to
/// overtake each other). The watching node offers them to its own subscribers, whose buffers are
/// bounded as for local frames. One node only: nothing is relayed.
/// </summary>
public sealed class LiveLogRelay : ILiveLogObserver, IDisposable
{
    /// <summary>How long a watch lasts unless renewed.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(15);

    /// <summary>How often an open stream renews its watch (a moved grain is found again within this).</summary>
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(3);

    /// <summary>Batches queued for one watching node at most; beyond, the oldest are dropped.</summary>
    public const int QueuedBatches = 64;

    private readonly LiveLogHub _hub;
    private readonly IGrainFactory _grains;
    private readonly ClusterSettings _cluster;
    private readonly TimeProvider _time;
    private readonly ILogger<LiveLogRelay> _logger;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<GrainId, Watcher>> _watchers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<GrainId, Channel<LiveLogFrame[]>> _senders = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lazy<ILiveLogObserver> _self;

    public LiveLogRelay(LiveLogHub hub, IGrainFactory grains, ClusterSettings cluster, TimeProvider time, ILogger<LiveLogRelay> logger)
    {
        _hub = hub;
        _grains = grains;
        _cluster = cluster;
        _time = time;
        _logger = logger;
        _self = new Lazy<ILiveLogObserver>(() => _grains.CreateObjectReference<ILiveLogObserver>(this));
        if (cluster.IsMultiNode)
        {
            hub.Published += Forward;
        }
    }

    /// <summary>Watching nodes registered here, per charger (for tests and diagnostics).</summary>
    internal int Watches => _watchers.Values.Sum(w => w.Count);

    /// <summary>
    /// Relays the charger's frames to this node until the result is disposed (a no-op on one node:
    /// the session and its frames are here).
    /// </summary>
    public IDisposable Watch(string chargerId)
    {
        if (!_cluster.IsMultiNode)
        {
            return NoWatch.Instance;
        }

        var end = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        _ = Task.Run(() => RenewAsync(chargerId, end.Token), CancellationToken.None);
        return new Stop(end);
    }

    /// <summary>The hosting side: <paramref name="observer"/> gets the charger's frames stored here until the lease ends.</summary>
    internal void Host(string chargerId, ILiveLogObserver observer, TimeSpan lease)
    {
        var id = observer.GetGrainId();
        if (_self.IsValueCreated && _self.Value.GetGrainId() == id)
        {
            // This node's own streams get the frames from its hub already.
            return;
        }

        var watchers = _watchers.GetOrAdd(chargerId, _ => new ConcurrentDictionary<GrainId, Watcher>());
        watchers[id] = new Watcher(observer, _time.GetUtcNow() + lease);
    }

    /// <summary>The watching side: frames from the node that stored them, for this node's subscribers.</summary>
    public Task OnFramesAsync(LiveLogFrame[] frames)
    {
        _hub.Deliver(frames.Select(f => f.ToLog()).ToList());
        return Task.CompletedTask;
    }

    private async Task RenewAsync(string chargerId, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await _grains.GetGrain<IChargerGrain>(chargerId).WatchLogsAsync(_self.Value, Lease).WaitAsync(cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The grain's node may be gone; the next renewal finds its new activation.
                    _logger.LogDebug(ex, "Watching the frames of charger {ChargerId} failed; retrying in {Interval}", chargerId, RenewEvery);
                }

                await Task.Delay(RenewEvery, _time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void Forward(IReadOnlyList<ChargerLog> batch)
    {
        if (_watchers.IsEmpty)
        {
            return;
        }

        var now = _time.GetUtcNow();
        Dictionary<GrainId, (ILiveLogObserver Observer, Queue<LiveLogFrame> Frames)>? outgoing = null;
        foreach (var entry in batch)
        {
            if (!_watchers.TryGetValue(entry.ChargerId, out var watchers))
            {
                continue;
            }

            foreach (var (id, watcher) in watchers)
            {
                if (watcher.Until <= now)
                {
                    watchers.TryRemove(new KeyValuePair<GrainId, Watcher>(id, watcher));
                    continue;
                }

                outgoing ??= [];
                if (!outgoing.TryGetValue(id, out var target))
                {
                    target = (watcher.Observer, new Queue<LiveLogFrame>());
                    outgoing[id] = target;
                }

                if (target.Frames.Count == LiveLogHub.EntryCapacity)
                {
                    target.Frames.Dequeue();
                }

                target.Frames.Enqueue(LiveLogFrame.From(entry));
            }

            if (watchers.IsEmpty)
            {
                _watchers.TryRemove(new KeyValuePair<string, ConcurrentDictionary<GrainId, Watcher>>(entry.ChargerId, watchers));
            }
        }

        foreach (var (id, (observer, frames)) in outgoing ?? [])
        {
            // The queue is bounded and drops its oldest batch when full: TryWrite always succeeds.
            _senders.GetOrAdd(id, _ => StartSender(id, observer)).Writer.TryWrite([.. frames]);
        }
    }

    /// <summary>One watching node's queue and the loop that delivers it, one call at a time.</summary>
    private Channel<LiveLogFrame[]> StartSender(GrainId id, ILiveLogObserver observer)
    {
        var queue = Channel.CreateBounded<LiveLogFrame[]>(
            new BoundedChannelOptions(QueuedBatches) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true });
        _ = Task.Run(
            async () =>
            {
                try
                {
                    await foreach (var frames in queue.Reader.ReadAllAsync(_stopping.Token))
                    {
                        try
                        {
                            await observer.OnFramesAsync(frames).WaitAsync(Lease, _stopping.Token);
                        }
                        catch (Exception ex) when (ex is not OperationCanceledException || !_stopping.IsCancellationRequested)
                        {
                            _logger.LogDebug(ex, "Relaying {Count} frame(s) to {Observer} failed", frames.Length, id);
                        }
                    }
                }
                catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                {
                }
            },
            CancellationToken.None);
        return queue;
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private sealed record Watcher(ILiveLogObserver Observer, DateTimeOffset Until);

    private sealed class Stop(CancellationTokenSource end) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                end.Cancel();
                end.Dispose();
            }
        }
    }

    private sealed class NoWatch : IDisposable
    {
        public static readonly NoWatch Instance = new();

        public void Dispose()
        {
        }
    }
}
