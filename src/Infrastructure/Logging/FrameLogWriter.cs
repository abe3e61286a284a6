using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OcppLab.Domain.Logs;
using OcppLab.Infrastructure.Persistence;

namespace OcppLab.Infrastructure.Logging;

/// <summary>
/// The batched frame log writer. Sessions hand entries to a bounded in-memory queue without ever
/// waiting; one loop drains it in batches, each committed in one transaction. When the queue is
/// full (in entries, <see cref="LogWriterOptions.QueueCapacity"/>, or in estimated bytes,
/// <see cref="LogWriterOptions.QueueCapacityBytes"/>) a new frame is not queued: it is counted in <see cref="LostFrames"/> and logged, never
/// dropped silently (back-pressure would stall the WebSockets, which must keep answering the
/// CSMS). On shutdown everything queued is written before the host stops.
/// </summary>
public sealed class FrameLogWriter : BackgroundService, IFrameLog
{
    private readonly Channel<ChargerLog> _queue;
    private readonly LogWriterOptions _options;
    private readonly IServiceScopeFactory _scopes;
    private readonly LiveLogHub _hub;
    private readonly ILogger<FrameLogWriter> _logger;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lost;
    private long _written;
    private long _queued;
    private long _lastLossReport;
    private long _queuedBytes;

    public FrameLogWriter(IOptions<LogWriterOptions> options, IServiceScopeFactory scopes, LiveLogHub hub, ILogger<FrameLogWriter> logger)
    {
        _options = options.Value;
        _scopes = scopes;
        _hub = hub;
        _logger = logger;
        _queue = Channel.CreateBounded<ChargerLog>(new BoundedChannelOptions(Math.Max(1, _options.QueueCapacity))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    /// <summary>Frames that could not be queued because the queue was full.</summary>
    public long LostFrames => Interlocked.Read(ref _lost);

    /// <summary>Frames committed to the database since start.</summary>
    public long WrittenFrames => Interlocked.Read(ref _written);

    /// <summary>Frames accepted into the queue since start.</summary>
    public long QueuedFrames => Interlocked.Read(ref _queued);

    /// <summary>Frames waiting in the queue now.</summary>
    public int QueueDepth => _queue.Reader.CanCount ? _queue.Reader.Count : 0;

    /// <summary>Estimated bytes of the frames waiting in the queue now.</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    /// <summary>
    /// What an entry holds in memory, estimated: its strings at two bytes a character and the
    /// object with its fixed fields. An estimate on purpose: exact accounting would cost more than
    /// the bound is worth, and the strings dominate for the frames the bound is about.
    /// </summary>
    internal static long EstimateBytes(ChargerLog entry) =>
        128 + 2L * ((entry.Message?.Length ?? 0) + (entry.Action?.Length ?? 0) + (entry.MessageId?.Length ?? 0) + (entry.ChargerId?.Length ?? 0));

    public void Record(ChargerLog entry)
    {
        var size = EstimateBytes(entry);
        if (Interlocked.Add(ref _queuedBytes, size) <= _options.QueueCapacityBytes)
        {
            if (_queue.Writer.TryWrite(entry))
            {
                Interlocked.Increment(ref _queued);
                return;
            }
        }

        Interlocked.Add(ref _queuedBytes, -size);
        var lost = Interlocked.Increment(ref _lost);

        // One warning per thousand lost frames keeps the log readable under sustained overload.
        if (lost == 1 || lost - Interlocked.Read(ref _lastLossReport) >= 1000)
        {
            Interlocked.Exchange(ref _lastLossReport, lost);
            _logger.LogWarning(
                "Frame log queue full ({Capacity} entries or {CapacityBytes} bytes, Logs:QueueCapacity / Logs:QueueCapacityBytes): {Lost} frame(s) lost so far; the database is not keeping up",
                _options.QueueCapacity,
                _options.QueueCapacityBytes,
                lost);
        }
    }

    /// <summary>Waits until every frame queued before the call is committed (tests, benchmarks).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var target = QueuedFrames;
        while (WrittenFrames < target && !_drained.Task.IsCompleted)
        {
            await Task.Delay(5, cancellationToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // No more frames after this point: the sessions stopped before us. Drain what is queued.
        _queue.Writer.TryComplete();
        await Task.WhenAny(_drained.Task, Task.Delay(Timeout.Infinite, cancellationToken));
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var inserter = await CreateInserterAsync(stoppingToken);
        var batch = new List<ChargerLog>(_options.BatchSize);
        try
        {
            // Not bound to stoppingToken: the loop ends when the queue is completed and empty.
            while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
            {
                while (batch.Count < _options.BatchSize && _queue.Reader.TryRead(out var entry))
                {
                    batch.Add(entry);
                }

                await WriteAsync(inserter, batch);
                Interlocked.Add(ref _written, batch.Count);
                _hub.Publish(batch);
                long bytes = 0;
                foreach (var written in batch)
                {
                    bytes += EstimateBytes(written);
                }

                Interlocked.Add(ref _queuedBytes, -bytes);
                batch.Clear();
            }
        }
        finally
        {
            _drained.TrySetResult();
        }
    }

    /// <summary>A failed batch is retried, never dropped: meanwhile the queue absorbs new frames.</summary>
    private async Task WriteAsync(ILogBatchInserter inserter, List<ChargerLog> batch)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                await inserter.InsertAsync(batch, CancellationToken.None);
                return;
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Writing {Count} frame(s) failed; retrying in {Delay}", batch.Count, delay);
                await Task.Delay(delay);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }

    private async Task<ILogBatchInserter> CreateInserterAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OcppLabDbContext>();
        var connectionString = db.Database.GetConnectionString()
            ?? throw new InvalidOperationException("The database has no connection string.");
        _ = cancellationToken;
        return db.Provider switch
        {
            DatabaseProvider.Sqlite => new SqliteLogBatchInserter(connectionString),
            DatabaseProvider.SqlServer => new SqlServerLogBatchInserter(connectionString),
            DatabaseProvider.PostgreSql => new PostgreSqlLogBatchInserter(connectionString),
            _ => throw new InvalidOperationException($"No frame-log writer for {db.Provider}."),
        };
    }

    public override void Dispose()
    {
        _queue.Writer.TryComplete();
        base.Dispose();
    }
}
