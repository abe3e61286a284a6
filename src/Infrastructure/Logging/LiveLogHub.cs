using System.Collections.Concurrent;
using System.Threading.Channels;
using OcppLab.Domain.Logs;

namespace OcppLab.Infrastructure.Logging;

/// <summary>
/// Fans stored frames out to live subscribers (the SSE stream). Each subscriber has a small
/// bounded buffer that drops its oldest entries if the client reads too slowly, so a slow or
/// vanished client costs a few kilobytes and never slows the writer.
/// </summary>
public sealed class LiveLogHub
{
    private const int SubscriberBuffer = 1_000;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, Channel<ChargerLog>>> _subscribers = new(StringComparer.Ordinal);

    public bool HasSubscribers => !_subscribers.IsEmpty;

    public Subscription Subscribe(string chargerId)
    {
        var channel = Channel.CreateBounded<ChargerLog>(new BoundedChannelOptions(SubscriberBuffer)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
            SingleWriter = true,
        });
        var id = Guid.NewGuid();
        _subscribers.GetOrAdd(chargerId, _ => new ConcurrentDictionary<Guid, Channel<ChargerLog>>())[id] = channel;
        return new Subscription(channel.Reader, () => Unsubscribe(chargerId, id));
    }

    internal void Publish(IReadOnlyList<ChargerLog> batch)
    {
        if (_subscribers.IsEmpty)
        {
            return;
        }

        foreach (var entry in batch)
        {
            if (_subscribers.TryGetValue(entry.ChargerId, out var listeners))
            {
                foreach (var channel in listeners.Values)
                {
                    channel.Writer.TryWrite(entry);
                }
            }
        }
    }

    private void Unsubscribe(string chargerId, Guid id)
    {
        if (_subscribers.TryGetValue(chargerId, out var listeners) && listeners.TryRemove(id, out var channel))
        {
            channel.Writer.TryComplete();
            if (listeners.IsEmpty)
            {
                _subscribers.TryRemove(new KeyValuePair<string, ConcurrentDictionary<Guid, Channel<ChargerLog>>>(chargerId, listeners));
            }
        }
    }

    public sealed class Subscription(ChannelReader<ChargerLog> reader, Action unsubscribe) : IDisposable
    {
        public ChannelReader<ChargerLog> Reader { get; } = reader;

        public void Dispose() => unsubscribe();
    }
}
