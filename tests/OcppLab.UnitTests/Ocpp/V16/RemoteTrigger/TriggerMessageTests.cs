using static OcppLab.UnitTests.Ocpp.Station;
using static OcppLab.UnitTests.Ocpp.V16.V16Station;

namespace OcppLab.UnitTests.Ocpp.V16.RemoteTrigger;

/// <summary>OCPP 1.6 RemoteTrigger: TriggerMessage (what <see cref="BothVersions.TriggerMessageTests"/> does not share).</summary>
public sealed class TriggerMessageTests
{
    [Test]
    public void TriggerMessage_StatusNotification_reports_one_connector_or_all()
    {
        var session = Session();

        session.Receive("TriggerMessage", Payloads.Of("""{"requestedMessage":"StatusNotification","connectorId":2}"""));
        var one = session.Deliver();
        session.Receive("TriggerMessage", Payloads.Of("""{"requestedMessage":"StatusNotification","connectorId":0}"""));
        var station = session.Deliver();
        session.Receive("TriggerMessage", Payloads.Of("""{"requestedMessage":"StatusNotification"}"""));
        var all = session.Deliver();

        Assert.Multiple(() =>
        {
            Assert.That(one.Select(s => s.Payload.Int("connectorId")), Is.EqualTo(new int?[] { 2 }));
            Assert.That(station.Select(s => s.Payload.Int("connectorId")), Is.EqualTo(new int?[] { 0 }));
            Assert.That(all.Select(s => s.Payload.Int("connectorId")), Is.EqualTo(new int?[] { 0, 1, 2 }));
        });
    }

    [Test]
    public void TriggerMessage_MeterValues_samples_the_connector_with_its_transaction()
    {
        var session = Session();
        var transaction = Charging(session, 1);
        session.Pass(TimeSpan.FromSeconds(30));

        session.Receive("TriggerMessage", Payloads.Of("""{"requestedMessage":"MeterValues","connectorId":1}"""));
        var sent = session.Deliver().Single();
        session.Receive("TriggerMessage", Payloads.Of("""{"requestedMessage":"MeterValues","connectorId":2}"""));
        var idle = session.Deliver().Single();

        Assert.Multiple(() =>
        {
            Assert.That(sent.Action, Is.EqualTo("MeterValues"));
            Assert.That(sent.Payload.Int("transactionId"), Is.EqualTo(transaction.CsmsTransactionId));
            var samples = sent.Payload["meterValue"]![0]!["sampledValue"]!.AsArray();
            Assert.That(samples.Select(s => s.Str("context")), Is.All.EqualTo("Trigger"));
            Assert.That(samples.Single(s => s.Str("measurand") == "Energy.Active.Import.Register").Str("value"), Is.EqualTo("92"));
            Assert.That(idle.Payload.ContainsKey("transactionId"), Is.False);
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void TriggerMessage_for_an_unknown_connector_is_Rejected()
    {
        var session = Session();

        Assert.Multiple(() =>
        {
            Assert.That(Status(session.Receive("TriggerMessage", Payloads.Of("""{"requestedMessage":"StatusNotification","connectorId":3}"""))), Is.EqualTo("Rejected"));
            Assert.That(session.PendingAfterReply, Is.Empty);
            Assert.That(session.Outbox, Is.Empty);
        });
    }
}
