namespace OcppLab.Infrastructure.Logging;

/// <summary>Section <c>Logs</c>: the frame log writer and retention.</summary>
public sealed class LogWriterOptions
{
    public const string SectionName = "Logs";

    /// <summary>
    /// Frames the in-memory queue holds before new frames are counted as lost (it never blocks a
    /// WebSocket). At roughly 300 bytes a frame, the default holds about a minute of a 10,000-charger fleet's traffic.
    /// </summary>
    public int QueueCapacity { get; set; } = 200_000;

    /// <summary>
    /// The same queue bounded in memory: the estimated bytes of the frames waiting (two bytes a
    /// character plus the row's fixed part). A burst of large frames is counted as lost beyond it
    /// instead of growing the process; the default holds 256 frames of the 1 MiB maximum.
    /// </summary>
    public long QueueCapacityBytes { get; set; } = DefaultQueueCapacityBytes;

    /// <summary>
    /// A live log stream's buffer, in estimated bytes (besides its 1,000 entries): a client that reads
    /// more slowly than its charger logs loses the oldest entries beyond it (they stay in the log).
    /// </summary>
    public long StreamBufferBytes { get; set; } = DefaultStreamBufferBytes;

    /// <summary>
    /// Live log streams (SSE) open at once in the whole gateway; one more is a 429 with Retry-After.
    /// Each holds a connection and up to <see cref="StreamBufferBytes"/> of buffer.
    /// </summary>
    public int MaxStreams { get; set; } = DefaultMaxStreams;

    /// <summary>Live log streams one tenant may have open at once (at most <see cref="MaxStreams"/>).</summary>
    public int MaxStreamsPerTenant { get; set; } = DefaultMaxStreamsPerTenant;

    public const int DefaultMaxStreams = 1_000;
    public const int DefaultMaxStreamsPerTenant = 100;
    public const int MaxStreamsLimit = 100_000;

    public const long DefaultStreamBufferBytes = 8L * 1024 * 1024;
    public const long MinStreamBufferBytes = 64L * 1024;
    public const long MaxStreamBufferBytes = 1024L * 1024 * 1024;

    public const long DefaultQueueCapacityBytes = 256L * 1024 * 1024;
    public const long MinQueueCapacityBytes = 1024L * 1024;
    public const long MaxQueueCapacityBytes = 64L * 1024 * 1024 * 1024;

    /// <summary>At most this many frames are committed in one transaction.</summary>
    public int BatchSize { get; set; } = 10_000;

    /// <summary>Retention: frames older than this are pruned (0 or negative: keep for ever).</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Retention: at most this many frames are kept per charger, the newest (0: no limit).</summary>
    public int MaxEntriesPerCharger { get; set; } = 100_000;

    /// <summary>How often the retention job runs.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The retention job deletes in chunks of this many rows, so writers are never held up for long.</summary>
    public int RetentionChunkSize { get; set; } = 5_000;
}
