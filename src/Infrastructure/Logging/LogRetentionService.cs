using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OcppLab.Infrastructure.Persistence;

namespace OcppLab.Infrastructure.Logging;

/// <summary>
/// Applies the log retention policy in the background: frames older than <c>Logs:MaxAge</c>,
/// frames beyond the newest <c>Logs:MaxEntriesPerCharger</c> of a charger, and frames of deleted
/// chargers. Deletes go in small chunks, each its own short transaction, so the log writer is
/// never held up for long.
/// </summary>
public sealed class LogRetentionService(
    IServiceScopeFactory scopes,
    IOptions<LogWriterOptions> options,
    TimeProvider time,
    ILogger<LogRetentionService> logger) : BackgroundService
{
    private readonly LogWriterOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.RetentionInterval <= TimeSpan.Zero)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.RetentionInterval, time, stoppingToken);
                await PruneAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Log retention failed; it runs again in {Interval}", _options.RetentionInterval);
            }
        }
    }

    /// <summary>One retention pass; returns how many frames were deleted.</summary>
    public async Task<long> PruneAsync(CancellationToken cancellationToken)
    {
        long deleted = 0;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OcppLabDbContext>();
        var chunk = Math.Max(100, _options.RetentionChunkSize);

        if (_options.MaxAge > TimeSpan.Zero)
        {
            var cutoff = time.GetUtcNow() - _options.MaxAge;
            deleted += await DeleteInChunksAsync(db, db.ChargerLogs.Where(l => l.Timestamp < cutoff).Select(l => l.Id), chunk, cancellationToken);
        }

        if (_options.MaxEntriesPerCharger > 0)
        {
            var max = _options.MaxEntriesPerCharger;
            var over = await db.ChargerLogs.GroupBy(l => l.ChargerId)
                .Where(g => g.Count() > max)
                .Select(g => g.Key)
                .ToListAsync(cancellationToken);
            foreach (var chargerId in over)
            {
                // The oldest frame to keep; everything before it (in timestamp, arrival order) goes.
                var keep = await db.ChargerLogs.AsNoTracking()
                    .Where(l => l.ChargerId == chargerId)
                    .OrderByDescending(l => l.Timestamp).ThenByDescending(l => l.Id)
                    .Skip(max - 1)
                    .Select(l => new { l.Timestamp, l.Id })
                    .FirstAsync(cancellationToken);
                deleted += await DeleteInChunksAsync(
                    db,
                    db.ChargerLogs
                        .Where(l => l.ChargerId == chargerId && (l.Timestamp < keep.Timestamp || (l.Timestamp == keep.Timestamp && l.Id < keep.Id)))
                        .Select(l => l.Id),
                    chunk,
                    cancellationToken);
            }
        }

        // Frames that arrived for a charger after it was deleted.
        deleted += await DeleteInChunksAsync(
            db,
            db.ChargerLogs.Where(l => !db.Chargers.Any(c => c.Id == l.ChargerId)).Select(l => l.Id),
            chunk,
            cancellationToken);

        if (deleted > 0)
        {
            logger.LogInformation("Log retention deleted {Count} frame(s)", deleted);
        }

        return deleted;
    }

    private static async Task<long> DeleteInChunksAsync(OcppLabDbContext db, IQueryable<long> ids, int chunk, CancellationToken cancellationToken)
    {
        long total = 0;
        while (true)
        {
            var batch = await ids.Take(chunk).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return total;
            }

            total += await db.ChargerLogs.Where(l => batch.Contains(l.Id)).ExecuteDeleteAsync(cancellationToken);
            if (batch.Count < chunk)
            {
                return total;
            }
        }
    }
}
