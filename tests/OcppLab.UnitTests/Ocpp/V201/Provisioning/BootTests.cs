using static OcppLab.UnitTests.Ocpp.Station;
using static OcppLab.UnitTests.Ocpp.V201.V201Station;

namespace OcppLab.UnitTests.Ocpp.V201.Provisioning;

/// <summary>OCPP 2.0.1 B (Provisioning): BootNotification and registration.</summary>
public sealed class BootTests
{
    [Test]
    public void BootNotification_carries_the_reason_and_the_station()
    {
        var session = new FakeSession(OcppVersion.V201, vendor: "A vendor", model: "A model name longer than twenty");
        session.Registration = RegistrationStatus.NotRegistered;
        session.Outbox.Add(session.Protocol.BootNotification("PowerUp"));

        var boot = session.Deliver(max: 1).Single();

        Assert.Multiple(() =>
        {
            Assert.That(boot.Payload.Str("reason"), Is.EqualTo("PowerUp"));
            Assert.That(boot.Payload["chargingStation"].Str("vendorName"), Is.EqualTo("A vendor"));
            Assert.That(boot.Payload["chargingStation"].Str("model"), Has.Length.EqualTo(20));
            Assert.That(boot.Payload["chargingStation"].Str("serialNumber"), Is.EqualTo("SN-0001"));
            Assert.That(session.BootAnswers.Single().Status, Is.EqualTo(RegistrationStatus.Accepted));
            Assert.That(session.Outbox.Select(c => c.Payload.Int("evseId")), Is.EqualTo(new int?[] { 1, 2 }), "B01.FR.05: a StatusNotification per connector");
            Assert.That(session.Outbox.Select(c => c.Payload.Str("connectorStatus")), Is.All.EqualTo("Available"));
        });
        session.Deliver();
        Assert.That(session.SchemaViolations(), Is.Empty);
    }

    [Test]
    public void Transaction_events_raised_while_offline_say_so_and_the_later_ones_do_not()
    {
        var session = Session();
        session.Online = false;
        session.Model.PlugIn(1);
        session.Model.StartTransaction(1, "TAG-OFF", "ISO14443", TxTrigger.Authorized);
        session.Drain();

        session.Online = true;
        session.Model.StopTransaction(1, StopReason.Local, TxTrigger.StopAuthorized);
        session.Deliver();

        var events = session.SentOf("TransactionEvent");
        Assert.Multiple(() =>
        {
            Assert.That(events.First().Payload["offline"]?.GetValue<bool>(), Is.True, "E04: the Started event happened offline");
            Assert.That(events.Last().Payload.ContainsKey("offline"), Is.False, "an event raised online leaves the optional field out");
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void A_rejected_station_answers_every_CSMS_call_with_SecurityError()
    {
        var session = Session();
        session.Registration = RegistrationStatus.Rejected;

        var reply = session.Protocol.Handle("GetVariables", Payloads.Of("""{"getVariableData":[{"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"}}]}"""));

        Assert.That(reply.ErrorCode, Is.EqualTo(OcppErrorCodes.SecurityError));
    }

    [Test]
    public void A_pending_station_answers_configuration_calls_but_Rejects_RequestStartTransaction()
    {
        var session = Session();
        session.Registration = RegistrationStatus.Pending;

        Assert.Multiple(() =>
        {
            Assert.That(session.Receive("GetVariables", Payloads.Of("""{"getVariableData":[{"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"}}]}""")).IsError, Is.False);
            Assert.That(Status(session.Receive("RequestStartTransaction", Start(1))), Is.EqualTo("Rejected"), "B02.FR.05");
            Assert.That(session.Model.Connector(1)!.CablePlugged, Is.False);
        });
    }
}
