using OcppLab.Domain.Logs;

namespace OcppLab.Application.Abstractions;

/// <summary>Stored OCPP frames of chargers.</summary>
public interface ILogStore
{
    /// <summary>
    /// One page of a charger's frames in [from, to] (inclusive), optionally of one action, ordered
    /// by timestamp then arrival; with the number of all matches.
    /// </summary>
    Task<(IReadOnlyList<ChargerLog> Items, int Total)> QueryAsync(
        string chargerId,
        DateTimeOffset? from,
        DateTimeOffset? to,
        string? action,
        int offset,
        int limit,
        CancellationToken cancellationToken);

    /// <summary>
    /// The same page, streamed: the number of all matches at once, the frames one at a time as the
    /// caller enumerates them (the database reader stays open until then), each frame's text as a
    /// reader. A page of large frames is never held in memory whole.
    /// </summary>
    Task<(IAsyncEnumerable<LogRow> Rows, int Total)> StreamAsync(
        string chargerId,
        DateTimeOffset? from,
        DateTimeOffset? to,
        string? action,
        int offset,
        int limit,
        CancellationToken cancellationToken);

    /// <summary>Deletes every stored frame of a charger; returns how many.</summary>
    Task<int> DeleteForChargerAsync(string chargerId, CancellationToken cancellationToken);
}
