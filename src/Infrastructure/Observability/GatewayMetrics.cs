using System.Diagnostics.Metrics;
using OcppLab.Domain.Common;
using OcppLab.Domain.Logs;

namespace OcppLab.Infrastructure.Observability;

/// <summary>
/// The gateway's own metrics (meter <c>OcppLab.Gateway</c>): OCPP frames by action and direction,
/// CALL round-trip latency by action, provisioning runs by outcome and duration. Gauges for the
/// fleet and the log queue are registered by <see cref="GatewayGauges"/>.
/// </summary>
public sealed class GatewayMetrics : IDisposable
{
    public const string MeterName = "OcppLab.Gateway";

    private readonly Meter _meter;
    private readonly Counter<long> _frames;
    private readonly Histogram<double> _callDuration;
    private readonly Counter<long> _provisioningRuns;
    private readonly Histogram<double> _provisioningDuration;

    public GatewayMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _frames = _meter.CreateCounter<long>("ocpplab.ocpp.frames", "{frame}", "OCPP frames sent and received, by direction, action and message type.");
        _callDuration = _meter.CreateHistogram<double>(
            "ocpplab.ocpp.call.duration",
            "ms",
            "Round trip of OCPP CALLs: the CSMS's answer time for the charger's CALLs, the charger's for the CSMS's.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000] });
        _provisioningRuns = _meter.CreateCounter<long>("ocpplab.provisioning.runs", "{run}", "Finished workflow runs, by kind and status.");
        _provisioningDuration = _meter.CreateHistogram<double>(
            "ocpplab.provisioning.duration",
            "s",
            "Duration of finished workflow runs, from creation to completion.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });
    }

    public Meter Meter => _meter;

    /// <summary>A frame went out or came in; an action <paramref name="version"/> does not define is counted as <c>other</c>.</summary>
    public void Frame(OcppVersion version, LogDirection direction, string? action, LogMessageType type) =>
        _frames.Add(
            1,
            new KeyValuePair<string, object?>("direction", direction == LogDirection.CpToCsms ? "cp_to_csms" : "csms_to_cp"),
            new KeyValuePair<string, object?>("action", action is null ? "unknown" : ActionLabels.For(version, action)),
            new KeyValuePair<string, object?>("message_type", type switch
            {
                LogMessageType.Call => "call",
                LogMessageType.CallResult => "call_result",
                LogMessageType.CallError => "call_error",
                _ => "malformed",
            }));

    /// <summary>A CALL finished: outcome is result, error or timeout. An action <paramref name="version"/> does not define is <c>other</c>.</summary>
    public void Call(OcppVersion version, string action, LogDirection direction, string outcome, double milliseconds) =>
        _callDuration.Record(
            milliseconds,
            new KeyValuePair<string, object?>("action", ActionLabels.For(version, action)),
            new KeyValuePair<string, object?>("direction", direction == LogDirection.CpToCsms ? "cp_to_csms" : "csms_to_cp"),
            new KeyValuePair<string, object?>("outcome", outcome));

    public void ProvisioningFinished(string kind, string status, double seconds)
    {
        var tags = new[]
        {
            new KeyValuePair<string, object?>("kind", kind),
            new KeyValuePair<string, object?>("status", status),
        };
        _provisioningRuns.Add(1, tags);
        _provisioningDuration.Record(seconds, tags);
    }

    public void Dispose() => _meter.Dispose();
}
