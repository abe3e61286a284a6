using OcppLab.Application.Abstractions;
using OcppLab.Application.Chargers.Queries.GetChargerStats;
using OcppLab.Application.Common.Exceptions;
using OcppLab.Application.Logs;
using OcppLab.Domain.Logs;
using OcppLab.Infrastructure.Ocpp.Runtime;
using OcppLab.Infrastructure.Ownership;

namespace OcppLab.Infrastructure.Ocpp.Statistics;

/// <summary>
/// Reads a session's statistics on its actor (so the figures are consistent) and shapes them. They
/// live in the memory of the gateway that runs the charger: a standby answers 409, naming the owner.
/// </summary>
internal sealed class RuntimeStatistics(SessionManager sessions, RuntimeOwnership ownership) : IRuntimeStatistics
{
    public async Task<ChargerStatsResponse?> GetAsync(string chargerId, CancellationToken cancellationToken)
    {
        if (!sessions.RunsChargers)
        {
            throw new ConflictException(ownership.StandbyMessage(chargerId));
        }

        if (sessions.Find(chargerId) is not { } session)
        {
            return null;
        }

        StatisticsSnapshot snapshot;
        try
        {
            snapshot = await session.InvokeAsync(s => s.Statistics()).WaitAsync(cancellationToken);
        }
        catch (InvalidOperationException)
        {
            return null;
        }

        return new ChargerStatsResponse(
            chargerId,
            true,
            snapshot.Since,
            new ConnectionStats(
                snapshot.ConnectedAt,
                Math.Round(snapshot.CurrentUptime.TotalSeconds, 3),
                Math.Round(snapshot.TotalConnected.TotalSeconds, 3),
                snapshot.Connections,
                snapshot.Reconnects),
            snapshot.Actions.Select(a => new ActionStats(
                a.Action,
                a.Direction == LogDirection.CpToCsms ? LogDirectionName.CpToCsms : LogDirectionName.CsmsToCp,
                a.Requests,
                a.Responses,
                a.Errors,
                a.Timeouts,
                a.Latency is { } l ? new LatencyStats(l.Min, l.Avg, l.P50, l.P95, l.P99, l.Max) : null)).ToList());
    }
}
