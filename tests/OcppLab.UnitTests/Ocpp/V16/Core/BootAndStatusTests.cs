using static OcppLab.UnitTests.Ocpp.Station;
using static OcppLab.UnitTests.Ocpp.V16.V16Station;

namespace OcppLab.UnitTests.Ocpp.V16.Core;

/// <summary>OCPP 1.6 Core: BootNotification, Heartbeat and StatusNotification as the charge point sends them.</summary>
public sealed class BootAndStatusTests
{
    [Test]
    public void BootNotification_carries_the_spec_capped_to_the_schema_lengths()
    {
        var session = new FakeSession(OcppVersion.V16, vendor: "A vendor with a very long name", model: "A model name longer than twenty");
        session.Registration = RegistrationStatus.NotRegistered;

        session.Outbox.Add(session.Protocol.BootNotification("PowerUp"));
        var boot = session.Deliver()[0];

        Assert.Multiple(() =>
        {
            Assert.That(boot.Action, Is.EqualTo("BootNotification"));
            Assert.That(boot.Payload.Str("chargePointVendor"), Is.EqualTo("A vendor with a very"));
            Assert.That(boot.Payload.Str("chargePointModel"), Has.Length.EqualTo(20));
            Assert.That(boot.Payload.Str("chargePointSerialNumber"), Is.EqualTo("SN-0001"));
            Assert.That(boot.Payload.Str("firmwareVersion"), Is.EqualTo("1.2.3"));
            Assert.That(session.Protocol.BootNotification("PowerUp").Class, Is.EqualTo(CallClass.Boot));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void An_accepted_boot_registers_and_queues_the_status_of_connector_0_and_every_connector()
    {
        var session = Session();
        session.Registration = RegistrationStatus.NotRegistered;
        session.Outbox.Add(session.Protocol.BootNotification("PowerUp"));

        session.Deliver(max: 1);

        Assert.Multiple(() =>
        {
            Assert.That(session.BootAnswers, Has.Count.EqualTo(1));
            Assert.That(session.BootAnswers[0].Status, Is.EqualTo(RegistrationStatus.Accepted));
            Assert.That(session.BootAnswers[0].Interval, Is.EqualTo(300));
            Assert.That(session.BootAnswers[0].CurrentTime, Is.EqualTo(FakeSession.Start));
            var statuses = session.TakeOutbox();
            Assert.That(statuses.Select(s => s.Action), Is.All.EqualTo("StatusNotification"));
            Assert.That(statuses.Select(s => s.Payload.Int("connectorId")), Is.EqualTo(new int?[] { 0, 1, 2 }));
            Assert.That(statuses.Select(s => s.Payload.Str("status")), Is.All.EqualTo("Available"));
            Assert.That(statuses.Select(s => s.Payload.Str("errorCode")), Is.All.EqualTo("NoError"));
        });
    }

    [TestCase("Pending", RegistrationStatus.Pending)]
    [TestCase("Rejected", RegistrationStatus.Rejected)]
    public void A_non_accepted_boot_is_reported_with_its_retry_interval(string status, RegistrationStatus expected)
    {
        var session = Session();
        session.Registration = RegistrationStatus.NotRegistered;
        session.Csms = (_, _) => Payloads.Of($$"""{"status":"{{status}}","currentTime":"2026-03-02T08:00:00Z","interval":42}""");
        session.Outbox.Add(session.Protocol.BootNotification("PowerUp"));

        session.Deliver();

        Assert.Multiple(() =>
        {
            Assert.That(session.BootAnswers.Single(), Is.EqualTo((expected, 42, (DateTimeOffset?)FakeSession.Start)));
            Assert.That(session.Sent, Has.Count.EqualTo(1), "no statuses before acceptance");
        });
    }

    [Test]
    public void Heartbeat_is_an_empty_object()
    {
        var session = Session();
        session.Outbox.Add(session.Protocol.Heartbeat());

        var sent = session.Deliver().Single();

        Assert.Multiple(() =>
        {
            Assert.That(sent.Payload, Is.Empty);
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void A_fault_is_reported_with_its_error_code()
    {
        var session = Session();
        session.Model.InjectFault(2, "GroundFailure");
        session.Drain();

        var status = session.Deliver().Single();

        Assert.Multiple(() =>
        {
            Assert.That(status.Payload.Int("connectorId"), Is.EqualTo(2));
            Assert.That(status.Payload.Str("status"), Is.EqualTo("Faulted"));
            Assert.That(status.Payload.Str("errorCode"), Is.EqualTo("GroundFailure"));
            Assert.That(status.Payload.Str("timestamp"), Is.EqualTo("2026-03-02T08:00:00.000Z"));
        });
    }

    [Test]
    public void A_queued_StatusNotification_keeps_the_time_of_the_change()
    {
        var session = Session();
        session.Pass(TimeSpan.FromSeconds(10));
        session.Model.InjectFault(1, "GroundFailure");
        session.Model.ChangeAvailability(0, operative: false);
        session.Drain();

        session.Pass(TimeSpan.FromMinutes(2));
        var sent = session.Deliver();

        Assert.That(sent.Select(s => s.Payload.Str("timestamp")), Is.All.EqualTo("2026-03-02T08:00:10.000Z"));
    }
}
