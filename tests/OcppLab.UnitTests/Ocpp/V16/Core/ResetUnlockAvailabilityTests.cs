using static OcppLab.UnitTests.Ocpp.Station;
using static OcppLab.UnitTests.Ocpp.V16.V16Station;

namespace OcppLab.UnitTests.Ocpp.V16.Core;

/// <summary>OCPP 1.6 Core: Reset, UnlockConnector and ChangeAvailability.</summary>
public sealed class ResetUnlockAvailabilityTests
{
    [TestCase("Hard", StopReason.HardReset)]
    [TestCase("Soft", StopReason.SoftReset)]
    public void Reset_is_Accepted_and_reboots_after_the_reply(string type, StopReason reason)
    {
        var session = Session();
        var transaction = Charging(session);

        var reply = session.Receive("Reset", new JsonObject { ["type"] = type }, sendReply: false);
        Assert.Multiple(() =>
        {
            Assert.That(Status(reply), Is.EqualTo("Accepted"));
            Assert.That(session.Reboots, Is.Empty);
        });

        session.ReplySent();

        // Hard: at once. Soft (1.6 §5.14): the transaction is stopped gracefully and its StopTransaction goes out first.
        Assert.That(session.Reboots, type == "Hard" ? Has.Count.EqualTo(1) : Is.Empty);
        var stop = session.Deliver().Single(s => s.Action == "StopTransaction");

        Assert.Multiple(() =>
        {
            Assert.That(session.Reboots.Single(), Is.EqualTo((reason, "RemoteReset")));
            Assert.That(stop.Payload.Str("reason"), Is.EqualTo(type + "Reset"));
            Assert.That(transaction.StopReason, Is.EqualTo(reason));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void UnlockConnector_unlocks_and_ends_a_running_transaction()
    {
        var session = Session();
        var transaction = Charging(session);

        var reply = session.Receive("UnlockConnector", Payloads.Of("""{"connectorId":1}"""));
        var stop = session.Deliver().Single(s => s.Action == "StopTransaction");

        Assert.Multiple(() =>
        {
            Assert.That(Status(reply), Is.EqualTo("Unlocked"));
            Assert.That(transaction.StopReason, Is.EqualTo(StopReason.UnlockCommand));
            Assert.That(stop.Payload.Str("reason"), Is.EqualTo("UnlockCommand"));
            Assert.That(Status(session.Receive("UnlockConnector", Payloads.Of("""{"connectorId":2}"""))), Is.EqualTo("Unlocked"));
            Assert.That(Status(session.Receive("UnlockConnector", Payloads.Of("""{"connectorId":5}"""))), Is.EqualTo("NotSupported"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void ChangeAvailability_is_Accepted_Scheduled_or_Rejected()
    {
        var session = Session();
        Charging(session, 1);

        Assert.Multiple(() =>
        {
            Assert.That(Status(session.Receive("ChangeAvailability", Payloads.Of("""{"connectorId":2,"type":"Inoperative"}"""))), Is.EqualTo("Accepted"));
            Assert.That(Status(session.Receive("ChangeAvailability", Payloads.Of("""{"connectorId":1,"type":"Inoperative"}"""))), Is.EqualTo("Scheduled"));
            Assert.That(Status(session.Receive("ChangeAvailability", Payloads.Of("""{"connectorId":3,"type":"Inoperative"}"""))), Is.EqualTo("Rejected"));
        });

        var statuses = session.Deliver().Where(s => s.Action == "StatusNotification").ToList();
        Assert.That(statuses.Select(s => (s.Payload.Int("connectorId"), s.Payload.Str("status"))), Is.EqualTo(new[] { ((int?)2, "Unavailable") }));
    }

    [Test]
    public void ChangeAvailability_of_connector_0_reports_the_station_and_every_connector()
    {
        var session = Session();

        Assert.That(Status(session.Receive("ChangeAvailability", Payloads.Of("""{"connectorId":0,"type":"Inoperative"}"""))), Is.EqualTo("Accepted"));
        var statuses = session.Deliver().Select(s => (s.Payload.Int("connectorId"), s.Payload.Str("status"))).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.EquivalentTo(new[] { ((int?)0, "Unavailable"), (1, "Unavailable"), (2, "Unavailable") }));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }
}
