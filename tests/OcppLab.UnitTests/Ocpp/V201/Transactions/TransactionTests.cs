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
