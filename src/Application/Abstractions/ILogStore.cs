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

    /// <summary>Deletes every stored frame of a charger; returns how many.</summary>
    Task<int> DeleteForChargerAsync(string chargerId, CancellationToken cancellationToken);
}
