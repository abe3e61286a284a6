using System.Diagnostics.Metrics;
using OcppLab.Domain.Common;
using OcppLab.Domain.Logs;
using OcppLab.Infrastructure.Observability;
using OcppLab.Infrastructure.Ocpp.Statistics;

namespace OcppLab.UnitTests.Observability;

/// <summary>Metric labels and statistics keys come from the version's action set; anything else is <c>other</c>.</summary>
public sealed class ActionLabelsTests
{
    [TestCase(OcppVersion.V16, "BootNotification", "BootNotification")]
    [TestCase(OcppVersion.V16, "RemoteStartTransaction", "RemoteStartTransaction")]
    [TestCase(OcppVersion.V16, "TransactionEvent", ActionLabels.Other)]
    [TestCase(OcppVersion.V201, "TransactionEvent", "TransactionEvent")]
    [TestCase(OcppVersion.V201, "RequestStartTransaction", "RequestStartTransaction")]
    [TestCase(OcppVersion.V201, "StartTransaction", ActionLabels.Other)]
    [TestCase(OcppVersion.V16, "bootnotification", ActionLabels.Other)]
    [TestCase(OcppVersion.V201, "", ActionLabels.Other)]
    [TestCase(OcppVersion.V201, "Unknown-4711", ActionLabels.Other)]
    public void An_action_is_its_own_label_only_when_the_version_defines_it(OcppVersion version, string action, string expected) =>
        Assert.That(ActionLabels.For(version, action), Is.EqualTo(expected));

    [Test]
    public void Statistics_put_every_unknown_action_under_one_other_entry()
    {
        var stats = new SessionStatistics(DateTimeOffset.UnixEpoch, OcppVersion.V16);
        for (var i = 0; i < 500; i++)
        {
            stats.Request($"Unknown{i}", LogDirection.CsmsToCp);
            stats.Error($"Unknown{i}", LogDirection.CsmsToCp, 1);
        }

        stats.Request("Reset", LogDirection.CsmsToCp);
        stats.Timeout("NotAnAction", LogDirection.CpToCsms);

        var actions = stats.Snapshot(DateTimeOffset.UnixEpoch).Actions;
        Assert.That(actions.Select(a => (a.Action, a.Direction)), Is.EquivalentTo(new[]
        {
            (ActionLabels.Other, LogDirection.CsmsToCp), ("Reset", LogDirection.CsmsToCp), (ActionLabels.Other, LogDirection.CpToCsms),
        }));
        var other = actions.Single(a => a.Action == ActionLabels.Other && a.Direction == LogDirection.CsmsToCp);
        Assert.That((other.Requests, other.Errors), Is.EqualTo((500L, 500L)));
        Assert.That(actions.Single(a => a.Direction == LogDirection.CpToCsms).Timeouts, Is.EqualTo(1));
    }

    [Test]
    public void Metrics_label_unknown_actions_other_and_keep_known_ones()
    {
        using var meters = new TestMeterFactory();
        using var metrics = new GatewayMetrics(meters);
        var seen = new List<(string Instrument, string? Action)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == metrics.Meter)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, _, tags, _) => seen.Add((i.Name, Action(tags))));
        listener.SetMeasurementEventCallback<double>((i, _, tags, _) => seen.Add((i.Name, Action(tags))));
        listener.Start();

        metrics.Frame(OcppVersion.V201, LogDirection.CsmsToCp, "Bogus1", LogMessageType.Call);
        metrics.Frame(OcppVersion.V201, LogDirection.CpToCsms, "Bogus1", LogMessageType.CallError);
        metrics.Frame(OcppVersion.V201, LogDirection.CsmsToCp, "GetVariables", LogMessageType.Call);
        metrics.Frame(OcppVersion.V16, LogDirection.CsmsToCp, "GetVariables", LogMessageType.Call);
        metrics.Frame(OcppVersion.V16, LogDirection.CsmsToCp, null, LogMessageType.Malformed);
        metrics.Call(OcppVersion.V201, "Bogus2", LogDirection.CsmsToCp, "error", 1);
        metrics.Call(OcppVersion.V16, "Heartbeat", LogDirection.CpToCsms, "result", 1);

        Assert.That(seen, Is.EqualTo(new[]
        {
            ("ocpplab.ocpp.frames", ActionLabels.Other),
            ("ocpplab.ocpp.frames", ActionLabels.Other),
            ("ocpplab.ocpp.frames", "GetVariables"),
            ("ocpplab.ocpp.frames", ActionLabels.Other),
            ("ocpplab.ocpp.frames", "unknown"),
            ("ocpplab.ocpp.call.duration", ActionLabels.Other),
            ("ocpplab.ocpp.call.duration", "Heartbeat"),
        }));
    }

    private static string? Action(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "action")
            {
                return tag.Value as string;
            }
        }

        return null;
    }
}
