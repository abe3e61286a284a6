using static OcppLab.UnitTests.Ocpp.Station;

namespace OcppLab.UnitTests.Ocpp.BothVersions;

/// <summary>TriggerMessage as 1.6 (RemoteTrigger, §5.17) and 2.0.1 (F06) define it alike: the message follows the reply.</summary>
public sealed class TriggerMessageTests
{
    private static IEnumerable<TestCaseData> TriggeredMessages() =>
        new[] { "BootNotification", "Heartbeat", "FirmwareStatusNotification", "DiagnosticsStatusNotification" }
            .Select(m => new TestCaseData(OcppVersion.V16, m))
            .Concat(new[] { "Heartbeat", "StatusNotification", "FirmwareStatusNotification", "LogStatusNotification", "MeterValues" }
                .Select(m => new TestCaseData(OcppVersion.V201, m)));

    /// <summary>2.0.1 names EVSE 2 (relevant to StatusNotification and MeterValues, F06.FR.02 ignored by the others); 1.6 names no connector.</summary>
    [TestCaseSource(nameof(TriggeredMessages))]
    public void TriggerMessage_sends_the_message_only_after_the_reply(OcppVersion version, string requested)
    {
        var session = Session(version);
        var payload = new JsonObject { ["requestedMessage"] = requested };
        if (version == OcppVersion.V201)
        {
            payload["evse"] = new JsonObject { ["id"] = 2 };
        }

        var reply = session.Receive("TriggerMessage", payload, sendReply: false);
        Assert.Multiple(() =>
        {
            Assert.That(Status(reply), Is.EqualTo("Accepted"));
            Assert.That(session.Outbox, Is.Empty);
        });

        session.ReplySent();
        Assert.Multiple(() =>
        {
            Assert.That(session.Outbox.Select(c => c.Action), Is.EqualTo(new[] { requested }));
            Assert.That(session.Outbox.Select(c => c.Class), Is.All.EqualTo(CallClass.Requested), "may be sent while Pending");
        });
        var sent = session.Deliver();
        Assert.Multiple(() =>
        {
            Assert.That(sent.Select(s => s.Action), Is.EqualTo(new[] { requested }));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    /// <summary>The version's own second status notification: 1.6 DiagnosticsStatusNotification, 2.0.1 LogStatusNotification.</summary>
    [TestCase(OcppVersion.V16, "DiagnosticsStatusNotification")]
    [TestCase(OcppVersion.V201, "LogStatusNotification")]
    public void A_triggered_firmware_or_diagnostics_log_status_is_Idle_without_a_request_id_before_anything_happened(OcppVersion version, string uploadStatus)
    {
        var session = Session(version);

        session.Receive("TriggerMessage", new JsonObject { ["requestedMessage"] = "FirmwareStatusNotification" });
        session.Receive("TriggerMessage", new JsonObject { ["requestedMessage"] = uploadStatus });
        var sent = session.Deliver();

        Assert.Multiple(() =>
        {
            Assert.That(sent.Select(s => s.Action), Is.EqualTo(new[] { "FirmwareStatusNotification", uploadStatus }));
            Assert.That(sent.Select(s => s.Payload.Str("status")), Is.EqualTo(new[] { "Idle", "Idle" }));
            Assert.That(sent.Select(s => s.Payload.ContainsKey("requestId")), Is.All.False);
        });
    }
}
