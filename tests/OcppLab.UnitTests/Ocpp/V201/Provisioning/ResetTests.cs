using static OcppLab.UnitTests.Ocpp.Station;
using static OcppLab.UnitTests.Ocpp.V201.V201Station;

namespace OcppLab.UnitTests.Ocpp.V201.Provisioning;

/// <summary>OCPP 2.0.1 B (Provisioning): Reset.</summary>
public sealed class ResetTests
{
    [Test]
    public void Reset_Immediate_ends_transactions_with_ImmediateReset_and_reboots_once_their_end_is_delivered()
    {
        var session = Session();
        var transaction = Charging(session);

        var reply = session.Receive("Reset", Payloads.Of("""{"type":"Immediate"}"""), sendReply: false);
        Assert.That(session.Reboots, Is.Empty);
        session.ReplySent();
        Assert.That(session.Reboots, Is.Empty, "B12.FR.04: the TransactionEvent Ended goes out on this connection, before the reboot");
        var ended = session.Deliver().Single(s => s.Action == "TransactionEvent");

        Assert.Multiple(() =>
        {
            Assert.That(Status(reply), Is.EqualTo("Accepted"));
            Assert.That(session.Reboots.Single().Item2, Is.EqualTo("RemoteReset"));
            Assert.That(transaction.IsActive, Is.False);
            Assert.That(ended.Payload.Str("eventType"), Is.EqualTo("Ended"));
            Assert.That(ended.Payload.Str("triggerReason"), Is.EqualTo("ResetCommand"));
            Assert.That(ended.Payload["transactionInfo"].Str("stoppedReason"), Is.EqualTo("ImmediateReset"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void Reset_OnIdle_waits_for_the_transactions_to_end()
    {
        var session = Session();
        var transaction = Charging(session);

        Assert.That(Status(session.Receive("Reset", Payloads.Of("""{"type":"OnIdle"}"""))), Is.EqualTo("Scheduled"));
        session.Pass(TimeSpan.FromMinutes(5));
        Assert.That(session.Reboots, Is.Empty);

        session.Receive("RequestStopTransaction", new JsonObject { ["transactionId"] = transaction.Id });
        Assert.That(session.Reboots, Is.Empty, "the Ended event goes out before the reboot");

        var sent = session.Deliver();

        Assert.Multiple(() =>
        {
            Assert.That(sent.Select(s => s.Payload.Str("eventType")), Does.Contain("Ended"));
            Assert.That(session.Reboots.Single(), Is.EqualTo((StopReason.SoftReset, "ScheduledReset")), "BootReasonEnumType: rebooted due to a scheduled reset command");
        });
    }

    [Test]
    public void Reset_Immediate_while_offline_reboots_at_once_and_keeps_the_end_queued_for_after_the_boot()
    {
        var session = Session();
        Charging(session);
        session.Online = false;

        session.Receive("Reset", Payloads.Of("""{"type":"Immediate"}"""));

        Assert.Multiple(() =>
        {
            Assert.That(session.Reboots.Single().Item2, Is.EqualTo("RemoteReset"), "an immediate reset does not wait for a connection");
            Assert.That(session.HasQueuedTransactionMessages(null), Is.True, "the Ended event is still queued");
        });
    }

    [Test]
    public void Reset_OnIdle_without_transactions_is_immediate_and_an_EVSE_reset_is_Rejected()
    {
        var session = Session();

        Assert.Multiple(() =>
        {
            Assert.That(Status(session.Receive("Reset", Payloads.Of("""{"type":"OnIdle","evseId":1}"""))), Is.EqualTo("Rejected"));
            Assert.That(session.Reboots, Is.Empty);
            Assert.That(Status(session.Receive("Reset", Payloads.Of("""{"type":"OnIdle"}"""))), Is.EqualTo("Accepted"));
            Assert.That(session.Reboots, Has.Count.EqualTo(1));
        });
    }
}
