using OcppLab.Domain.Common;
using OcppLab.Domain.Logs;
using OcppLab.Infrastructure.Observability;

namespace OcppLab.Infrastructure.Ocpp.Statistics;

/// <summary>
/// Per-action, per-direction counters and latencies of one session, plus connection figures.
/// Touched only by the session's actor; read through a copy. Entries are created on first use, so a
/// charger pays only for the actions it actually exchanges. Keys are the version's own actions; whatever
/// else the CSMS calls is counted under <c>other</c>, so the table is bounded by the version's action set.
/// </summary>
public sealed class SessionStatistics(DateTimeOffset since, OcppVersion version)
{
    private readonly Dictionary<(string Action, LogDirection Direction), Entry> _entries = [];
    private DateTimeOffset? _connectedAt;
    private TimeSpan _connectedBefore;

    public DateTimeOffset Since { get; } = since;
    public int Connections { get; private set; }

    public void Request(string action, LogDirection direction) => Get(action, direction).Requests++;

    public void Response(string action, LogDirection direction, double latencyMs)
    {
        var entry = Get(action, direction);
        entry.Responses++;
        entry.Latency.Record(latencyMs);
    }

    public void Error(string action, LogDirection direction, double latencyMs)
    {
        var entry = Get(action, direction);
        entry.Errors++;
        entry.Latency.Record(latencyMs);
    }

    public void Timeout(string action, LogDirection direction) => Get(action, direction).Timeouts++;

    public void Connected(DateTimeOffset at)
    {
        Connections++;
        _connectedAt = at;
    }

    public void Disconnected(DateTimeOffset at)
    {
        if (_connectedAt is { } start)
        {
            _connectedBefore += at - start;
            _connectedAt = null;
        }
    }

    public StatisticsSnapshot Snapshot(DateTimeOffset now) => new(
        Since,
        _connectedAt,
        _connectedAt is { } start ? now - start : TimeSpan.Zero,
        _connectedBefore + (_connectedAt is { } current ? now - current : TimeSpan.Zero),
        Connections,
        Math.Max(0, Connections - 1),
        _entries
            .OrderBy(e => e.Key.Action, StringComparer.Ordinal).ThenBy(e => e.Key.Direction)
            .Select(e => new ActionStatistics(
                e.Key.Action,
                e.Key.Direction,
                e.Value.Requests,
                e.Value.Responses,
                e.Value.Errors,
                e.Value.Timeouts,
                e.Value.Latency.Summary()))
            .ToList());

    private Entry Get(string action, LogDirection direction)
    {
        action = ActionLabels.For(version, action);
        if (!_entries.TryGetValue((action, direction), out var entry))
        {
            _entries[(action, direction)] = entry = new Entry();
        }

        return entry;
    }

    private sealed class Entry
    {
        public long Requests;
        public long Responses;
        public long Errors;
        public long Timeouts;
        public readonly LatencyHistogram Latency = new();
    }
}

public sealed record ActionStatistics(
    string Action,
    LogDirection Direction,
    long Requests,
    long Responses,
    long Errors,
    long Timeouts,
    LatencySummary? Latency);

public sealed record StatisticsSnapshot(
    DateTimeOffset Since,
    DateTimeOffset? ConnectedAt,
    TimeSpan CurrentUptime,
    TimeSpan TotalConnected,
    int Connections,
    int Reconnects,
    IReadOnlyList<ActionStatistics> Actions);
