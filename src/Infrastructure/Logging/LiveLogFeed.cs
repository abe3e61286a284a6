using System.Runtime.CompilerServices;
using OcppLab.Application.Abstractions;
using OcppLab.Domain.Logs;

namespace OcppLab.Infrastructure.Logging;

/// <summary>Live frames of a charger, from the moment of subscription, as the writer stores them.</summary>
internal sealed class LiveLogFeed(LiveLogHub hub) : ILiveLogFeed
{
    public async IAsyncEnumerable<ChargerLog> FollowAsync(string chargerId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var subscription = hub.Subscribe(chargerId);
        while (await subscription.WaitToReadAsync(cancellationToken))
        {
            while (subscription.TryRead(out var entry))
            {
                yield return entry;
            }
        }
    }
}
