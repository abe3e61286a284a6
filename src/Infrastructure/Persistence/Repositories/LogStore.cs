using Microsoft.EntityFrameworkCore;
using OcppLab.Application.Abstractions;
using OcppLab.Domain.Logs;
using OcppLab.Infrastructure.Logging;

namespace OcppLab.Infrastructure.Persistence.Repositories;

internal sealed class LogStore(OcppLabDbContext db, FrameLogWriter writer) : ILogStore
{
    public async Task<(IReadOnlyList<ChargerLog> Items, int Total)> QueryAsync(
        string chargerId,
        DateTimeOffset? from,
        DateTimeOffset? to,
        string? action,
        int offset,
        int limit,
        CancellationToken cancellationToken)
    {
        // Shaped to hit (ChargerId, Timestamp, Id) or, with an action, (ChargerId, Action, Timestamp, Id).
        var query = db.ChargerLogs.AsNoTracking().Where(l => l.ChargerId == chargerId);
        if (action is not null)
        {
            query = query.Where(l => l.Action == action);
        }

        if (from is { } start)
        {
            query = query.Where(l => l.Timestamp >= start);
        }

        if (to is { } end)
        {
            query = query.Where(l => l.Timestamp <= end);
        }

        var total = await query.CountAsync(cancellationToken);
        if (total == 0 || offset >= total)
        {
            return ([], total);
        }

        var items = await query.OrderBy(l => l.Timestamp).ThenBy(l => l.Id).Skip(offset).Take(limit).ToListAsync(cancellationToken);
        return (items, total);
    }

    public async Task<int> DeleteForChargerAsync(string chargerId, CancellationToken cancellationToken)
    {
        // The charger's runtime is stopped by now, but frames it handed over may still be queued:
        // written after this delete, they would outlive the charger. Let them land first.
        await writer.FlushAsync(cancellationToken);
        return await db.ChargerLogs.Where(l => l.ChargerId == chargerId).ExecuteDeleteAsync(cancellationToken);
    }
}
