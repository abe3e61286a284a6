using OcppLab.Application.Chargers.Queries.GetChargerStats;

namespace OcppLab.Application.Abstractions;

/// <summary>The in-memory statistics of running chargers.</summary>
public interface IRuntimeStatistics
{
    /// <summary>The charger's statistics, or null when it has no runtime in this process.</summary>
    Task<ChargerStatsResponse?> GetAsync(string chargerId, CancellationToken cancellationToken);
}
