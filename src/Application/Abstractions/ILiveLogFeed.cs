using OcppLab.Domain.Logs;

namespace OcppLab.Application.Abstractions;

/// <summary>Frames of a charger as they are stored, live (for server-sent events).</summary>
public interface ILiveLogFeed
{
    /// <summary>
    /// Subscribes now, so that every frame stored from this moment is delivered. The number of open
    /// streams is bounded per tenant and per gateway (Logs:MaxStreamsPerTenant, Logs:MaxStreams): over
    /// either, it throws <see cref="Common.Exceptions.TooManyRequestsException"/> and nothing is held.
    /// </summary>
    ILiveLogSubscription Open(string organizationId, string chargerId);
}

/// <summary>One open live stream; disposing it frees its place and its buffer.</summary>
public interface ILiveLogSubscription : IDisposable
{
    IAsyncEnumerable<ChargerLog> ReadAllAsync(CancellationToken cancellationToken);
}
