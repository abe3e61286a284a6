using static OcppLab.UnitTests.Ocpp.Station;
using static OcppLab.UnitTests.Ocpp.V201.V201Station;

namespace OcppLab.UnitTests.Ocpp.V201.RemoteControl;

/// <summary>OCPP 2.0.1 F (RemoteControl): TriggerMessage (what <see cref="BothVersions.TriggerMessageTests"/> does not share).</summary>
public sealed class TriggerMessageTests
{
    [Test]
    public void TriggerMessage_BootNotification_is_Rejected_once_accepted_and_sent_after_the_reply_while_pending()
    {
        var accepted = Session();
        var pending = Session();
        pending.Registration = RegistrationStatus.Pending;

        var refused = accepted.Receive("TriggerMessage", Payloads.Of("""{"requestedMessage":"BootNotification"}"""));
        var reply = pending.Receive("TriggerMessage", Payloads.Of("""{"requestedMessage":"BootNotification"}"""), sendReply: false);
        Assert.That(pending.Outbox, Is.Empty);
        pending.ReplySent();

        Assert.Multiple(() =>
        {
            Assert.That(Status(refused), Is.EqualTo("Rejected"), "F06.FR.17");
            Assert.That(accepted.Outbox, Is.Empty);
            Assert.That(Status(reply), Is.EqualTo("Accepted"));
            Assert.That(pending.Outbox.Single().Action, Is.EqualTo("BootNotification"));
            Assert.That(pending.Outbox.Single().Payload.Str("reason"), Is.EqualTo("Triggered"));
            Assert.That(pending.Outbox.Single().Class, Is.EqualTo(CallClass.Requested));
        });
    }

    [Test]
    public void TriggerMessage_without_what_the_message_needs_is_Rejected_or_NotImplemented()
    {
        var session = Session();

        Assert.Multiple(() =>
        {
            Assert.That(Status(session.Receive("TriggerMessage", Payloads.Of("""{"requestedMessage":"TransactionEvent"}"""))), Is.EqualTo("Rejected"), "no transaction");
            Assert.That(Status(session.Receive("TriggerMessage", Payloads.Of("""{"requestedMessage":"StatusNotification","evse":{"id":9}}"""))), Is.EqualTo("Rejected"));
            Assert.That(Status(session.Receive("TriggerMessage", Payloads.Of("""{"requestedMessage":"MeterValues","evse":{"id":9}}"""))), Is.EqualTo("Rejected"));
            Assert.That(Status(session.Receive("TriggerMessage", Payloads.Of("""{"requestedMessage":"SignChargingStationCertificate"}"""))), Is.EqualTo("NotImplemented"));
            Assert.That(session.Outbox, Is.Empty);
        });
    }

    [Test]
    public void TriggerMessage_ignores_an_EVSE_that_does_not_matter_to_the_message()
    {
        var session = Session();

        // F06.FR.02: "If the specified evseId is not relevant to the message, it SHALL be ignored."
        var reply = session.Receive("TriggerMessage", Payloads.Of("""{"requestedMessage":"Heartbeat","evse":{"id":9}}"""));

        Assert.Multiple(() =>
        {
            Assert.That(Status(reply), Is.EqualTo("Accepted"));
            Assert.That(session.Outbox.Select(c => c.Action), Is.EqualTo(new[] { "Heartbeat" }));
        });
    }

    [Test]
    public void TriggerMessage_MeterValues_during_a_transaction_sends_MeterValues_and_leaves_the_transactions_seqNo_alone()
    {
        var session = Session();
        var transaction = Charging(session);
        session.Pass(TimeSpan.FromSeconds(30));

        session.Receive("TriggerMessage", Payloads.Of("""{"requestedMessage":"MeterValues","evse":{"id":1}}"""));
        var sent = session.Deliver().Single();
        session.Receive("TriggerMessage", Payloads.Of("""{"requestedMessage":"TransactionEvent","evse":{"id":1}}"""));
        var triggered = session.Deliver().Single();

        Assert.Multiple(() =>
        {
            // F06.FR.02: the requested message is leading.
            Assert.That(sent.Action, Is.EqualTo("MeterValues"));
            Assert.That(sent.Payload.Int("evseId"), Is.EqualTo(1));
            Assert.That(sent.Payload["meterValue"]![0]!["sampledValue"]!.AsArray().Select(v => v.Str("context")), Is.All.EqualTo("Trigger"));
            Assert.That(sent.Payload["meterValue"]![0]!["sampledValue"]![0]!["value"]!.GetValue<double>(), Is.EqualTo(92));
            Assert.That(triggered.Action, Is.EqualTo("TransactionEvent"));
            Assert.That(triggered.Payload.Str("triggerReason"), Is.EqualTo("Trigger"));
            Assert.That(triggered.Payload.Int("seqNo"), Is.EqualTo(1), "right after Started");
            Assert.That(triggered.Payload["transactionInfo"].Str("transactionId"), Is.EqualTo(transaction.Id));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }
}
