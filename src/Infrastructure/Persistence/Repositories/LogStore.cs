using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OcppLab.Application.Abstractions;
using OcppLab.Domain.Logs;
using OcppLab.Infrastructure.Logging;

namespace OcppLab.Infrastructure.Persistence.Repositories;

internal sealed class LogStore(OcppLabDbContext db, FrameLogWriter writer, IServiceScopeFactory scopes) : ILogStore
{
    // The seed query runs for every logs request: compiled once, so each call skips LINQ translation.
    // Missing bounds become the widest range, keeping one shape per index: (ChargerId, Timestamp, Id)
    // without an action, (ChargerId, Action, Timestamp, Id) with one.
    private static readonly Func<OcppLabDbContext, string, DateTimeOffset, DateTimeOffset, Task<int>> Count =
        EF.CompileAsyncQuery((OcppLabDbContext context, string chargerId, DateTimeOffset from, DateTimeOffset to) =>
            context.ChargerLogs.Count(l => l.ChargerId == chargerId && l.Timestamp >= from && l.Timestamp <= to));

    private static readonly Func<OcppLabDbContext, string, string, DateTimeOffset, DateTimeOffset, Task<int>> CountOfAction =
        EF.CompileAsyncQuery((OcppLabDbContext context, string chargerId, string action, DateTimeOffset from, DateTimeOffset to) =>
            context.ChargerLogs.Count(l => l.ChargerId == chargerId && l.Action == action && l.Timestamp >= from && l.Timestamp <= to));

    private static readonly Func<OcppLabDbContext, string, DateTimeOffset, DateTimeOffset, int, int, IAsyncEnumerable<ChargerLog>> Page =
        EF.CompileAsyncQuery((OcppLabDbContext context, string chargerId, DateTimeOffset from, DateTimeOffset to, int skip, int take) =>
            context.ChargerLogs.AsNoTracking()
                .Where(l => l.ChargerId == chargerId && l.Timestamp >= from && l.Timestamp <= to)
                .OrderBy(l => l.Timestamp).ThenBy(l => l.Id)
                .Skip(skip).Take(take));

    private static readonly Func<OcppLabDbContext, string, string, DateTimeOffset, DateTimeOffset, int, int, IAsyncEnumerable<ChargerLog>> PageOfAction =
        EF.CompileAsyncQuery((OcppLabDbContext context, string chargerId, string action, DateTimeOffset from, DateTimeOffset to, int skip, int take) =>
            context.ChargerLogs.AsNoTracking()
                .Where(l => l.ChargerId == chargerId && l.Action == action && l.Timestamp >= from && l.Timestamp <= to)
                .OrderBy(l => l.Timestamp).ThenBy(l => l.Id)
                .Skip(skip).Take(take));

    // The same pages for streaming: their own delegates, so that they compile unbuffered (UnbufferedQueries).
    private static readonly Func<OcppLabDbContext, string, DateTimeOffset, DateTimeOffset, int, int, IAsyncEnumerable<ChargerLog>> StreamedPage =
        EF.CompileAsyncQuery((OcppLabDbContext context, string chargerId, DateTimeOffset from, DateTimeOffset to, int skip, int take) =>
            context.ChargerLogs.AsNoTracking()
                .Where(l => l.ChargerId == chargerId && l.Timestamp >= from && l.Timestamp <= to)
                .OrderBy(l => l.Timestamp).ThenBy(l => l.Id)
                .Skip(skip).Take(take));

    private static readonly Func<OcppLabDbContext, string, string, DateTimeOffset, DateTimeOffset, int, int, IAsyncEnumerable<ChargerLog>> StreamedPageOfAction =
        EF.CompileAsyncQuery((OcppLabDbContext context, string chargerId, string action, DateTimeOffset from, DateTimeOffset to, int skip, int take) =>
            context.ChargerLogs.AsNoTracking()
                .Where(l => l.ChargerId == chargerId && l.Action == action && l.Timestamp >= from && l.Timestamp <= to)
                .OrderBy(l => l.Timestamp).ThenBy(l => l.Id)
                .Skip(skip).Take(take));

    public async Task<(IReadOnlyList<ChargerLog> Items, int Total)> QueryAsync(
        string chargerId,
        DateTimeOffset? from,
        DateTimeOffset? to,
        string? action,
        int offset,
        int limit,
        CancellationToken cancellationToken)
    {
        var start = from ?? DateTimeOffset.MinValue;
        var end = to ?? DateTimeOffset.MaxValue;
        var total = action is null
            ? await Count(db, chargerId, start, end)
            : await CountOfAction(db, chargerId, action, start, end);
        if (total == 0 || offset >= total)
        {
            return ([], total);
        }

        var rows = action is null
            ? Page(db, chargerId, start, end, offset, limit)
            : PageOfAction(db, chargerId, action, start, end, offset, limit);
        var items = new List<ChargerLog>(Math.Min(limit, total - offset));
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            items.Add(row);
        }

        return (items, total);
    }

    public async Task<(IAsyncEnumerable<LogRow> Rows, int Total)> StreamAsync(
        string chargerId,
        DateTimeOffset? from,
        DateTimeOffset? to,
        string? action,
        int offset,
        int limit,
        CancellationToken cancellationToken)
    {
        var start = from ?? DateTimeOffset.MinValue;
        var end = to ?? DateTimeOffset.MaxValue;
        var total = action is null
            ? await Count(db, chargerId, start, end)
            : await CountOfAction(db, chargerId, action, start, end);
        if (total == 0 || offset >= total)
        {
            return (AsyncEnumerable.Empty<LogRow>(), total);
        }

        // Rows one at a time as the caller enumerates (the page is never held whole, one frame at a time is),
        // also under a retrying execution strategy.
        var rows = UnbufferedQueries.Stream(scopes, context => action is null
            ? StreamedPage(context, chargerId, start, end, offset, limit)
            : StreamedPageOfAction(context, chargerId, action, start, end, offset, limit),
            CancellationToken.None); // the caller's enumeration token applies
        return (rows.Select(l => new LogRow(l.Direction, l.Action, l.Timestamp, l.MessageType, l.MessageId, new StringReader(l.Message))), total);
    }

    public async Task<int> DeleteForChargerAsync(string chargerId, CancellationToken cancellationToken)
    {
        // The charger's runtime is stopped by now, but frames it handed over may still be queued:
        // written after this delete, they would outlive the charger. Let them land first.
        await writer.FlushAsync(cancellationToken);
        return await db.ChargerLogs.Where(l => l.ChargerId == chargerId).ExecuteDeleteAsync(cancellationToken);
    }
}
