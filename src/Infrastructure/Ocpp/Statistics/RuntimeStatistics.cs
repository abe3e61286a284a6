using OcppLab.Application.Abstractions;
using OcppLab.Application.Chargers.Queries.GetChargerStats;
using OcppLab.Application.Common.Exceptions;
using OcppLab.Infrastructure.Ocpp.Runtime;
using OcppLab.Infrastructure.Ownership;

namespace OcppLab.Infrastructure.Ocpp.Statistics;

/// <summary>
/// A session's statistics, asked of the charger's grain (the session manager reads and shapes them
/// on the node that runs it). They live in that node's memory: a standby answers 409, naming the owner.
/// </summary>
internal sealed class RuntimeStatistics(SessionManager sessions, RuntimeOwnership ownership) : IRuntimeStatistics
{
    public Task<ChargerStatsResponse?> GetAsync(string chargerId, CancellationToken cancellationToken) =>
        sessions.RunsChargers
            ? sessions.GetStatsAsync(chargerId, cancellationToken)
            : throw new ConflictException(ownership.StandbyMessage(chargerId));
}
