using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace OcppLab.ConformanceTests.Infrastructure;

/// <summary>
/// Keeps the gateway's recent log events (Program reads sinks from the services), so that a failed
/// test can show what the runtime said about its charger.
/// </summary>
public sealed class GatewayLogSink : ILogEventSink
{
    private const int Capacity = 20_000;
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public void Emit(LogEvent logEvent)
    {
        _events.Enqueue(logEvent);
        while (_events.Count > Capacity && _events.TryDequeue(out _))
        {
        }
    }

    /// <summary>The events that mention a charger id (property ChargerId) or contain <paramref name="text"/>, rendered.</summary>
    public IReadOnlyList<string> About(string chargerId, string? text = null) =>
        _events
            .Where(e => (e.Properties.TryGetValue("ChargerId", out var id) && id.ToString().Trim('"') == chargerId)
                || (text is not null && e.RenderMessage().Contains(text, StringComparison.Ordinal))
                || e.Level >= LogEventLevel.Error)
            .Select(e => $"{e.Timestamp:HH:mm:ss.fff} {e.Level} {e.RenderMessage()}{(e.Exception is null ? string.Empty : " " + e.Exception)}")
            .ToList();
}
