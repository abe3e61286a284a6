using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OcppLab.Application.Common.Exceptions;
using OcppLab.Domain.Logs;

namespace OcppLab.Infrastructure.Logging;

/// <summary>
/// Fans stored frames out to live subscribers (the SSE stream). Each subscriber has a buffer bounded
/// in entries (<see cref="EntryCapacity"/>) and in estimated bytes (<c>Logs:StreamBufferBytes</c>)
/// that drops its oldest entries when the client reads too slowly, so a slow or vanished client
/// costs at most that much and never slows the writer. An entry larger than the whole byte budget
/// is still delivered, alone, to a client that has read everything before it. The number of
/// subscribers is bounded as well, per tenant (<c>Logs:MaxStreamsPerTenant</c>) and in all
/// (<c>Logs:MaxStreams</c>): one tenant's clients cannot take every place.
/// </summary>
public sealed class LiveLogHub(IOptions<LogWriterOptions> options)
{
    /// <summary>Entries a subscriber's buffer holds at most, whatever their size.</summary>
    public const int EntryCapacity = 1_000;

    /// <summary>What a refused client is told to wait: streams are long-lived, places free up slowly.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    private readonly long _capacityBytes = options.Value.StreamBufferBytes;
    private readonly int _maxStreams = options.Value.MaxStreams;
    private readonly int _maxStreamsPerTenant = options.Value.MaxStreamsPerTenant;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, Subscription>> _subscribers = new(StringComparer.Ordinal);
    private readonly Lock _admission = new();
    private readonly Dictionary<string, int> _perTenant = new(StringComparer.Ordinal);
    private int _open;

    public bool HasSubscribers => !_subscribers.IsEmpty;

    /// <summary>Open streams now, in all.</summary>
    public int OpenStreams
    {
        get
        {
            lock (_admission)
            {
                return _open;
            }
        }
    }

    /// <summary>
    /// A new subscriber of the charger's frames, counted against its tenant's and the gateway's
    /// maximum; over either it throws <see cref="TooManyRequestsException"/> (a 429) and holds nothing.
    /// </summary>
    public Subscription Subscribe(string organizationId, string chargerId)
    {
        lock (_admission)
        {
            if (_open >= _maxStreams)
            {
                throw new TooManyRequestsException(
                    $"The gateway already serves {_maxStreams} live log streams (Logs:MaxStreams); close one or retry later.", RetryAfter);
            }

            var tenantOpen = _perTenant.GetValueOrDefault(organizationId);
            if (tenantOpen >= _maxStreamsPerTenant)
            {
                throw new TooManyRequestsException(
                    $"This tenant already has {_maxStreamsPerTenant} live log streams open (Logs:MaxStreamsPerTenant); close one or retry later.", RetryAfter);
            }

            _perTenant[organizationId] = tenantOpen + 1;
            _open++;
        }

        var id = Guid.NewGuid();
        var released = 0;
        var subscription = new Subscription(_capacityBytes, () =>
        {
            // Once per subscription, whatever happened to the charger's listener set meanwhile: the
            // place is never leaked nor given back twice.
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                Release(organizationId);
                Unsubscribe(chargerId, id);
            }
        });
        _subscribers.GetOrAdd(chargerId, _ => new ConcurrentDictionary<Guid, Subscription>())[id] = subscription;
        return subscription;
    }

    /// <summary>
    /// Frames this process stored, after its own subscribers were offered them: the cluster's relay
    /// sends them on to the streams other nodes serve (ADR 11).
    /// </summary>
    internal event Action<IReadOnlyList<ChargerLog>>? Published;

    internal void Publish(IReadOnlyList<ChargerLog> batch)
    {
        Deliver(batch);
        Published?.Invoke(batch);
    }

    /// <summary>Offers frames to this process's subscribers only (frames stored here, or relayed from the node that stored them).</summary>
    internal void Deliver(IReadOnlyList<ChargerLog> batch)
    {
        if (_subscribers.IsEmpty)
        {
            return;
        }

        foreach (var entry in batch)
        {
            if (_subscribers.TryGetValue(entry.ChargerId, out var listeners))
            {
                foreach (var subscription in listeners.Values)
                {
                    subscription.Offer(entry);
                }
            }
        }
    }

    private void Unsubscribe(string chargerId, Guid id)
    {
        if (_subscribers.TryGetValue(chargerId, out var listeners) && listeners.TryRemove(id, out var subscription))
        {
            subscription.Complete();
            if (listeners.IsEmpty)
            {
                _subscribers.TryRemove(new KeyValuePair<string, ConcurrentDictionary<Guid, Subscription>>(chargerId, listeners));
            }
        }
    }

    private void Release(string organizationId)
    {
        lock (_admission)
        {
            _open--;
            var left = _perTenant.GetValueOrDefault(organizationId) - 1;
            if (left <= 0)
            {
                _perTenant.Remove(organizationId);
            }
            else
            {
                _perTenant[organizationId] = left;
            }
        }
    }

    /// <summary>One subscriber's buffer: one writer (the log writer's loop), one reader (its stream).</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly object _gate = new();
        private readonly Queue<(ChargerLog Entry, long Bytes)> _buffer = new();
        private readonly long _capacityBytes;
        private readonly Action _unsubscribe;
        private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _completed;
        private long _bytes;
        private long _dropped;

        internal Subscription(long capacityBytes, Action unsubscribe)
        {
            _capacityBytes = capacityBytes;
            _unsubscribe = unsubscribe;
        }

        /// <summary>Estimated bytes buffered for this subscriber now.</summary>
        public long BufferedBytes
        {
            get
            {
                lock (_gate)
                {
                    return _bytes;
                }
            }
        }

        /// <summary>Entries dropped (oldest first) because the client did not keep up.</summary>
        public long Dropped => Interlocked.Read(ref _dropped);

        internal void Offer(ChargerLog entry)
        {
            var size = FrameLogWriter.EstimateBytes(entry);
            TaskCompletionSource signal;
            lock (_gate)
            {
                if (_completed)
                {
                    return;
                }

                while (_buffer.Count > 0 && (_buffer.Count >= EntryCapacity || _bytes + size > _capacityBytes))
                {
                    _bytes -= _buffer.Dequeue().Bytes;
                    _dropped++;
                }

                _buffer.Enqueue((entry, size));
                _bytes += size;
                signal = _signal;
            }

            signal.TrySetResult();
        }

        public bool TryRead(out ChargerLog entry)
        {
            lock (_gate)
            {
                if (_buffer.TryDequeue(out var item))
                {
                    _bytes -= item.Bytes;
                    entry = item.Entry;
                    return true;
                }
            }

            entry = null!;
            return false;
        }

        /// <summary>True when an entry can be read; false once the subscription has ended and is empty.</summary>
        public async ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                Task wait;
                lock (_gate)
                {
                    if (_buffer.Count > 0)
                    {
                        return true;
                    }

                    if (_completed)
                    {
                        return false;
                    }

                    if (_signal.Task.IsCompleted)
                    {
                        _signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    }

                    wait = _signal.Task;
                }

                await wait.WaitAsync(cancellationToken);
            }
        }

        internal void Complete()
        {
            TaskCompletionSource signal;
            lock (_gate)
            {
                _completed = true;
                _buffer.Clear();
                _bytes = 0;
                signal = _signal;
            }

            signal.TrySetResult();
        }

        public void Dispose() => _unsubscribe();
    }
}
