using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Ocpp.Runtime;
using ChargePointModel = OcppLab.Domain.ChargePoint.ChargePoint;

namespace OcppLab.UnitTests.Ocpp.Runtime;

/// <summary>
/// The stored live state document (ADR 10): it round-trips with its queue, and what cannot be used
/// (not JSON, another version, members missing, too large) is refused with a reason, never thrown.
/// </summary>
public sealed class LiveStateDocumentTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private static LiveStateDocument Document(params QueuedMessage[] queue)
    {
        var time = new FakeTimeProvider(At);
        var spec = new ChargePointSpec("CP-DOC", "OcppLab", "Sim-22", "SN-1", "1.0", OcppVersion.V16, 2, 22_000, "ac", "Type2");
        var model = new ChargePointModel(spec, time);
        model.PlugIn(1);
        model.StartTransaction(1, "TAG-DOC", "ISO14443", TxTrigger.Authorized);
        return new LiveStateDocument(LiveStateDocument.CurrentVersion, At, At, "ws://csms/ocpp|CP-DOC|0", "V16", true, model.TakeSnapshot(), queue);
    }

    private static QueuedMessage Message(string action, int attempts = 0, string? tx = "tx-1", string? eventType = null, string? trigger = null, bool periodic = false)
    {
        var payload = new JsonObject { ["connectorId"] = 1, ["padding"] = new string('x', 400) };
        if (eventType is not null)
        {
            payload["eventType"] = eventType;
            payload["triggerReason"] = trigger;
        }

        return new QueuedMessage(action, payload, attempts, tx, periodic);
    }

    [Test]
    public void A_document_round_trips_with_its_queue_in_order()
    {
        var document = Document(Message("StartTransaction", 2), Message("MeterValues"), Message("StopTransaction", 1));

        var (json, omitted) = document.Write(RuntimeOptions.DefaultLiveStateMaxBytes);
        var read = LiveStateDocument.TryRead(json, RuntimeOptions.DefaultLiveStateMaxBytes, out var back, out var problem);

        Assert.Multiple(() =>
        {
            Assert.That(omitted, Is.Zero);
            Assert.That(read, Is.True, problem);
            Assert.That(back!.Queue.Select(m => (m.Action, m.Attempts, m.TransactionId)), Is.EqualTo(new[]
            {
                ("StartTransaction", 2, (string?)"tx-1"), ("MeterValues", 0, "tx-1"), ("StopTransaction", 1, "tx-1"),
            }));
            Assert.That(back.Queue[0].Payload.ToJsonString(), Is.EqualTo(document.Queue[0].Payload.ToJsonString()));
            Assert.That(back.CleanStopAt, Is.EqualTo(At));
            Assert.That(back.Registered, Is.True);
            Assert.That(back.Model.Connectors[0].Transaction!.IdTag, Is.EqualTo("TAG-DOC"));
        });
    }

    [Test]
    public void Nothing_stored_is_no_problem()
    {
        Assert.Multiple(() =>
        {
            Assert.That(LiveStateDocument.TryRead(null, 1024, out _, out var problem), Is.False);
            Assert.That(problem, Is.Null);
            Assert.That(LiveStateDocument.TryRead("  ", 1024, out _, out problem), Is.False);
            Assert.That(problem, Is.Null);
        });
    }

    [TestCase("{not json", "not a valid document")]
    [TestCase("[1,2,3]", "no version")]
    [TestCase("{\"version\":\"one\"}", "no version")]
    [TestCase("{\"version\":99,\"model\":{}}", "version 99")]
    [TestCase("{\"version\":1}", "members are missing")]
    [TestCase("{\"version\":1,\"endpoint\":\"e\",\"ocpp_version\":\"V16\",\"model\":{\"connectors\":[],\"profiles\":[]},\"queue\":[{\"action\":\"StopTransaction\",\"attempts\":0}]}", "members are missing")]
    [TestCase("{\"version\":1,\"model\":{\"station_status\":\"Exploded\"}}", "not a valid document")]
    public void A_document_that_cannot_be_used_is_refused_with_the_reason(string json, string reason)
    {
        var read = LiveStateDocument.TryRead(json, RuntimeOptions.DefaultLiveStateMaxBytes, out var document, out var problem);

        Assert.Multiple(() =>
        {
            Assert.That(read, Is.False);
            Assert.That(document, Is.Null);
            Assert.That(problem, Does.Contain(reason));
        });
    }

    [Test]
    public void A_stored_document_over_the_limit_is_refused()
    {
        var (json, _) = Document(Message("StartTransaction")).Write(RuntimeOptions.DefaultLiveStateMaxBytes);

        var read = LiveStateDocument.TryRead(json, json!.Length - 1, out _, out var problem);

        Assert.Multiple(() =>
        {
            Assert.That(read, Is.False);
            Assert.That(problem, Does.Contain("over Ocpp:LiveStateMaxBytes"));
        });
    }

    [Test]
    public void Over_the_limit_the_oldest_periodic_samples_are_left_out_and_starts_and_ends_never()
    {
        var queue = new List<QueuedMessage> { Message("StartTransaction") };
        queue.AddRange(Enumerable.Range(0, 40).Select(_ => Message("MeterValues", periodic: true)));
        queue.Add(Message("TransactionEvent", eventType: "Updated", trigger: "ChargingStateChanged"));
        queue.Add(Message("StopTransaction"));
        var document = Document([.. queue]);
        var (full, _) = document.Write(int.MaxValue);
        var limit = full!.Length - (10 * 450);

        var (json, omitted) = document.Write(limit);
        LiveStateDocument.TryRead(json, limit, out var back, out _);

        Assert.Multiple(() =>
        {
            Assert.That(json!.Length, Is.LessThanOrEqualTo(limit));
            Assert.That(omitted, Is.InRange(8, 11), "about 4,500 bytes of samples of ~500 bytes each");
            Assert.That(back!.Queue.Count(m => m.Action == "MeterValues"), Is.EqualTo(40 - omitted), "only samples go");
            Assert.That(back.Queue[0].Action, Is.EqualTo("StartTransaction"));
            Assert.That(back.Queue[^2].Action, Is.EqualTo("TransactionEvent"), "a charging-state change is not a periodic sample");
            Assert.That(back.Queue[^1].Action, Is.EqualTo("StopTransaction"));
        });
    }

    [Test]
    public void A_queue_that_does_not_fit_without_its_starts_and_ends_is_not_written()
    {
        var document = Document([.. Enumerable.Range(0, 20).Select(_ => Message("StopTransaction"))]);

        var (json, omitted) = document.Write(4_000);

        Assert.Multiple(() =>
        {
            Assert.That(json, Is.Null, "the caller keeps the last stored state");
            Assert.That(omitted, Is.Zero);
        });
    }
}
