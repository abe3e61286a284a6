using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OcppLab.Domain.Chargers;
using OcppLab.Infrastructure.Persistence;

namespace OcppLab.Infrastructure.Ocpp.Runtime;

/// <summary>One charger's captured live state, with the order in which it was captured.</summary>
public sealed record LiveStateRecord(string ChargerId, long Sequence, string Json);

/// <summary>
/// Writes the chargers' live states in batches: sessions hand over a captured state (never waiting),
/// the latest per charger is kept, and every <see cref="RuntimeOptions.LiveStateFlushInterval"/> all
/// of them go to charger_states in one SaveChanges. A session captures at most once per interval, so
/// neither a meter sample nor any other step is a write of its own. A graceful stop flushes at once
/// (<see cref="FlushAsync"/>); a failed batch is kept for the next round unless a newer state came.
/// </summary>
public sealed class LiveStateWriter : IHostedService, IDisposable
{
    private readonly ConcurrentDictionary<string, LiveStateRecord> _pending = new(StringComparer.Ordinal);
    private readonly Func<IReadOnlyList<LiveStateRecord>, CancellationToken, Task> _write;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _stopGate = new();
    private Task _loop = Task.CompletedTask;
    private Task? _stop;
    private long _sequence;
    private long _batches;
    private long _rows;

    public LiveStateWriter(IServiceScopeFactory scopes, TimeProvider time, IOptions<RuntimeOptions> options, ILogger<LiveStateWriter> logger)
        : this((batch, token) => WriteToDatabaseAsync(scopes, time, batch, token), time, options.Value.LiveStateFlushInterval, logger)
    {
    }

    /// <summary>With another destination (tests count what would be written).</summary>
    public LiveStateWriter(Func<IReadOnlyList<LiveStateRecord>, CancellationToken, Task> write, TimeProvider time, TimeSpan interval, ILogger logger)
    {
        _write = write;
        _time = time;
        _interval = interval > TimeSpan.Zero ? interval : TimeSpan.FromSeconds(2);
        _logger = logger;
    }

    /// <summary>Batches written so far (one SaveChanges each).</summary>
    internal long Batches => Interlocked.Read(ref _batches);

    /// <summary>Charger states written so far.</summary>
    internal long RowsWritten => Interlocked.Read(ref _rows);

    /// <summary>States waiting for the next batch.</summary>
    public int Pending => _pending.Count;

    /// <summary>Keeps <paramref name="json"/> as the charger's state to write next (a later capture replaces it).</summary>
    public void Submit(string chargerId, string json)
    {
        var record = new LiveStateRecord(chargerId, Interlocked.Increment(ref _sequence), json);
        Keep(record);
    }

    /// <summary>Writes everything waiting, in one batch; a failure leaves it for the next round and is logged.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _flushing.WaitAsync(cancellationToken);
        try
        {
            var batch = new List<LiveStateRecord>();
            foreach (var chargerId in _pending.Keys)
            {
                if (_pending.TryRemove(chargerId, out var record))
                {
                    batch.Add(record);
                }
            }

            if (batch.Count == 0)
            {
                return;
            }

            var written = false;
            try
            {
                await _write(batch, cancellationToken);
                written = true;
                Interlocked.Increment(ref _batches);
                Interlocked.Add(ref _rows, batch.Count);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _logger.LogWarning(ex, "Writing the live state of {Count} charger(s) failed; retrying with the next batch", batch.Count);
            }
            finally
            {
                if (!written)
                {
                    // Failed or cancelled (the stop cancels the loop's batch): kept for the next round or
                    // the final flush, unless a newer capture came meanwhile.
                    foreach (var record in batch)
                    {
                        Keep(record);
                    }
                }
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The sessions have stopped by now (the session manager stops them first): the last states are
    /// written. Once however often it is asked for: a host may stop its services twice and dispose them
    /// in between (a WebApplicationFactory over minimal hosting); the second call waits for the first.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_stopGate)
        {
            return _stop ??= StopOnceAsync();
        }
    }

    private async Task StopOnceAsync()
    {
        await _stopping.CancelAsync();
        await _loop;
        await FlushAsync(CancellationToken.None);
    }

    public void Dispose()
    {
        lock (_stopGate)
        {
            // Disposed without a stop (a host that failed to start): a later stop has nothing to do.
            _stop ??= Task.CompletedTask;
        }

        _stopping.Dispose();
        _flushing.Dispose();
    }

    private void Keep(LiveStateRecord record) =>
        _pending.AddOrUpdate(record.ChargerId, record, (_, current) => current.Sequence > record.Sequence ? current : record);

    private async Task RunAsync(CancellationToken token)
    {
        using var timer = new PeriodicTimer(_interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(token))
            {
                await FlushAsync(token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopping: the final flush follows.
        }
    }

    /// <summary>One context and one SaveChanges for the whole batch; rows of chargers deleted meanwhile are skipped.</summary>
    private static async Task WriteToDatabaseAsync(IServiceScopeFactory scopes, TimeProvider time, IReadOnlyList<LiveStateRecord> batch, CancellationToken token)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OcppLabDbContext>();
        var now = time.GetUtcNow();
        foreach (var chunk in batch.Chunk(500))
        {
            var ids = chunk.Select(r => r.ChargerId).ToList();
            var rows = await db.ChargerStates.Where(s => ids.Contains(s.ChargerId)).ToDictionaryAsync(s => s.ChargerId, StringComparer.Ordinal, token);
            var missing = ids.Where(id => !rows.ContainsKey(id)).ToList();
            if (missing.Count > 0)
            {
                foreach (var id in await db.Chargers.Where(c => missing.Contains(c.Id)).Select(c => c.Id).ToListAsync(token))
                {
                    var row = ChargerStoredState.Create(id, now);
                    db.ChargerStates.Add(row);
                    rows[id] = row;
                }
            }

            foreach (var record in chunk)
            {
                if (rows.TryGetValue(record.ChargerId, out var row))
                {
                    row.SetLiveState(record.Json, now);
                }
            }
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.SaveChangesAsync(token);
                return;
            }
            catch (DbUpdateConcurrencyException ex) when (attempt < 3)
            {
                // A charger deleted meanwhile took its row along: the others are still written.
                foreach (var entry in ex.Entries)
                {
                    entry.State = EntityState.Detached;
                }
            }
        }
    }
}
