using System.Runtime.CompilerServices;
using OcppLab.Application.Abstractions;
using OcppLab.Domain.Logs;
using OcppLab.Infrastructure.Cluster;

namespace OcppLab.Infrastructure.Logging;

/// <summary>Live frames of a charger, from the moment of subscription, as the writer stores them.</summary>
/// <remarks>In a cluster the frames of a charger hosted on another node are relayed here as long as the subscription lasts.</remarks>
internal sealed class LiveLogFeed(LiveLogHub hub, LiveLogRelay relay) : ILiveLogFeed
{
    public ILiveLogSubscription Open(string organizationId, string chargerId)
    {
        var subscription = hub.Subscribe(organizationId, chargerId);
        return new FeedSubscription(subscription, relay.Watch(chargerId));
    }

    private sealed class FeedSubscription(LiveLogHub.Subscription subscription, IDisposable watch) : ILiveLogSubscription
    {
        public async IAsyncEnumerable<ChargerLog> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            while (await subscription.WaitToReadAsync(cancellationToken))
            {
                while (subscription.TryRead(out var entry))
                {
                    yield return entry;
                }
            }
        }

        public void Dispose()
        {
            watch.Dispose();
            subscription.Dispose();
        }
    }
}
