using OcppLab.Domain.Logs;

namespace OcppLab.Application.Abstractions;

/// <summary>Frames of a charger as they are stored, live (for server-sent events).</summary>
public interface ILiveLogFeed
{
    IAsyncEnumerable<ChargerLog> FollowAsync(string chargerId, CancellationToken cancellationToken);
}
