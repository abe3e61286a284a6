using System.Runtime.CompilerServices;
using OcppLab.Application.Abstractions;
using OcppLab.Domain.Logs;

namespace OcppLab.Infrastructure.Logging;

/// <summary>Live frames of a charger, from the moment of subscription, as the writer stores them.</summary>
internal sealed class LiveLogFeed(LiveLogHub hub) : ILiveLogFeed
{
    public ILiveLogSubscription Open(string organizationId, string chargerId) => new FeedSubscription(hub.Subscribe(organizationId, chargerId));

    private sealed class FeedSubscription(LiveLogHub.Subscription subscription) : ILiveLogSubscription
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

        public void Dispose() => subscription.Dispose();
    }
}
