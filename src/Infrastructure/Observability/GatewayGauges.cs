using System.Diagnostics.Metrics;
using OcppLab.Application.Common.Contracts;
using OcppLab.Infrastructure.Logging;
using OcppLab.Infrastructure.Ocpp.Runtime;

namespace OcppLab.Infrastructure.Observability;

/// <summary>Observable gauges: chargers by runtime state, the frame log queue and its losses.</summary>
public sealed class GatewayGauges
{
    public GatewayGauges(GatewayMetrics metrics, SessionManager sessions, FrameLogWriter writer)
    {
        var meter = metrics.Meter;
        meter.CreateObservableGauge(
            "ocpplab.chargers",
            () => ChargersByState(sessions),
            "{charger}",
            "Chargers with a runtime in this process, by runtime state.");
        meter.CreateObservableGauge("ocpplab.log.queue.depth", () => (long)writer.QueueDepth, "{frame}", "Frames waiting to be written to the database.");
        meter.CreateObservableCounter("ocpplab.log.frames.lost", () => writer.LostFrames, "{frame}", "Frames not logged because the queue was full.");
        meter.CreateObservableCounter("ocpplab.log.frames.written", () => writer.WrittenFrames, "{frame}", "Frames committed to the database.");
    }

    private static IEnumerable<Measurement<long>> ChargersByState(SessionManager sessions)
    {
        var counts = Enum.GetValues<RuntimeStateName>().ToDictionary(s => s, _ => 0L);
        foreach (var session in sessions.Sessions)
        {
            counts[session.Snapshot.State]++;
        }

        return counts
            .Where(c => c.Key != RuntimeStateName.Stopped)
            .Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>("state", c.Key.ToString().ToLowerInvariant())));
    }
}
