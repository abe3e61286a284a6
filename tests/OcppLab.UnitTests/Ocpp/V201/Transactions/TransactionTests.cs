using static OcppLab.UnitTests.Ocpp.Station;
using static OcppLab.UnitTests.Ocpp.V201.V201Station;

namespace OcppLab.UnitTests.Ocpp.V201.Transactions;

/// <summary>OCPP 2.0.1 E (Transactions): TransactionEvent and GetTransactionStatus.</summary>
public sealed class TransactionTests
{
    [Test]
    public void RequestStart_is_answered_first_then_plugs_and_sends_TransactionEvent_Started()
    {
        var session = Session();

        var reply = session.Receive("RequestStartTransaction", Start(2, remoteStartId: 77), sendReply: false);
        Assert.Multiple(() =>
        {
            Assert.That(Status(reply), Is.EqualTo("Accepted"));
            Assert.That(session.Outbox, Is.Empty);
        });

        session.ReplySent();
        var sent = session.Deliver();
        var started = sent.Single(s => s.Action == "TransactionEvent").Payload;
        var transaction = session.Model.Connector(2)!.Transaction!;

        Assert.Multiple(() =>
        {
            Assert.That(sent.Select(s => s.Action), Is.EqualTo(new[] { "StatusNotification", "TransactionEvent" }));
            Assert.That(sent[0].Payload.Str("connectorStatus"), Is.EqualTo("Occupied"));
            Assert.That(started.Str("eventType"), Is.EqualTo("Started"));
            Assert.That(started.Str("triggerReason"), Is.EqualTo("RemoteStart"));
            Assert.That(started.Int("seqNo"), Is.Zero);
            Assert.That(started["transactionInfo"].Str("transactionId"), Is.EqualTo(transaction.Id));
            Assert.That(started["transactionInfo"].Int("remoteStartId"), Is.EqualTo(77));
            Assert.That(started["transactionInfo"].Str("chargingState"), Is.EqualTo("Charging"));
            Assert.That(started["evse"].Int("id"), Is.EqualTo(2));
            Assert.That(started["evse"].Int("connectorId"), Is.EqualTo(1));
            Assert.That(started["idToken"].Str("idToken"), Is.EqualTo("TAG-1"));
            Assert.That(started["idToken"].Str("type"), Is.EqualTo("ISO14443"));
            Assert.That(started["meterValue"]![0]!["sampledValue"]![0].Str("context"), Is.EqualTo("Transaction.Begin"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }
}

/// <summary>E06 stop transaction options, as the OCTT cases check them (TC_E_15_CS, TC_E_20_CS).</summary>
public sealed class StopTransactionOptionsTests
{
    [Test]
    public void A_cable_pulled_at_the_EV_side_ends_with_EVCommunicationLost_Idle_and_EVDisconnected()
    {
        var session = Session();
        session.Receive("RequestStartTransaction", Start(1));
        session.Deliver();
        session.Pass(TimeSpan.FromMinutes(1));

        Assert.That(session.Model.Unplug(1).Succeeded, Is.True);
        session.Drain();
        var ended = session.Deliver().Single(s => s.Action == "TransactionEvent" && s.Payload.Str("eventType") == "Ended").Payload;

        Assert.Multiple(() =>
        {
            // TC_E_20_CS (E06.FR.04 with TxStopPoint EVConnected): triggerReason EVCommunicationLost, chargingState Idle, stoppedReason EVDisconnected.
            Assert.That(ended.Str("triggerReason"), Is.EqualTo("EVCommunicationLost"));
            Assert.That(ended["transactionInfo"].Str("chargingState"), Is.EqualTo("Idle"));
            Assert.That(ended["transactionInfo"].Str("stoppedReason"), Is.EqualTo("EVDisconnected"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void A_local_stop_names_its_reason_Local()
    {
        var session = Session();
        session.Receive("RequestStartTransaction", Start(1));
        session.Deliver();

        Assert.That(session.Model.StopTransaction(1, StopReason.Local, TxTrigger.StopAuthorized).Succeeded, Is.True);
        session.Drain();
        var ended = session.Deliver().Single(s => s.Action == "TransactionEvent" && s.Payload.Str("eventType") == "Ended").Payload;

        Assert.Multiple(() =>
        {
            // TC_E_15_CS: a driver's local stop is stoppedReason Local (the schema would let it be left out).
            Assert.That(ended.Str("triggerReason"), Is.EqualTo("StopAuthorized"));
            Assert.That(ended["transactionInfo"].Str("stoppedReason"), Is.EqualTo("Local"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }
}
