using static OcppLab.UnitTests.Ocpp.Station;
using static OcppLab.UnitTests.Ocpp.V201.V201Station;

namespace OcppLab.UnitTests.Ocpp.V201.Availability;

/// <summary>OCPP 2.0.1 F/G/H: UnlockConnector, ChangeAvailability and reservations.</summary>
public sealed class UnlockAvailabilityReservationTests
{
    [Test]
    public void UnlockConnector_answers_by_the_connectors_state()
    {
        var session = Session();
        Charging(session, 1);

        Assert.Multiple(() =>
        {
            Assert.That(Status(session.Receive("UnlockConnector", Payloads.Of("""{"evseId":1,"connectorId":1}"""))), Is.EqualTo("OngoingAuthorizedTransaction"));
            Assert.That(session.Model.Connector(1)!.Transaction, Is.Not.Null, "F05.FR.02: the transaction goes on");
            Assert.That(Status(session.Receive("UnlockConnector", Payloads.Of("""{"evseId":2,"connectorId":1}"""))), Is.EqualTo("Unlocked"));
            Assert.That(Status(session.Receive("UnlockConnector", Payloads.Of("""{"evseId":2,"connectorId":2}"""))), Is.EqualTo("UnknownConnector"));
            Assert.That(Status(session.Receive("UnlockConnector", Payloads.Of("""{"evseId":9,"connectorId":1}"""))), Is.EqualTo("UnknownConnector"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void ChangeAvailability_for_an_EVSE_or_the_station()
    {
        var session = Session(connectors: 3);
        Charging(session, 1);

        Assert.Multiple(() =>
        {
            Assert.That(Status(session.Receive("ChangeAvailability", Payloads.Of("""{"operationalStatus":"Inoperative","evse":{"id":2}}"""))), Is.EqualTo("Accepted"));
            Assert.That(Status(session.Receive("ChangeAvailability", Payloads.Of("""{"operationalStatus":"Inoperative","evse":{"id":1,"connectorId":1}}"""))), Is.EqualTo("Scheduled"));
            Assert.That(Status(session.Receive("ChangeAvailability", Payloads.Of("""{"operationalStatus":"Inoperative","evse":{"id":9}}"""))), Is.EqualTo("Rejected"));
            Assert.That(Status(session.Receive("ChangeAvailability", Payloads.Of("""{"operationalStatus":"Inoperative"}"""))), Is.EqualTo("Scheduled"));
        });

        var statuses = session.Deliver().Where(s => s.Action == "StatusNotification").Select(s => (s.Payload.Int("evseId"), s.Payload.Str("connectorStatus")));
        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.EquivalentTo(new[] { ((int?)2, "Unavailable"), (3, "Unavailable") }));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void ReserveNow_outcomes_and_ReservationStatusUpdate_on_expiry_and_cancel()
    {
        var session = Session(connectors: 4);
        Charging(session, 1);
        session.Model.InjectFault(2, "GroundFailure");
        session.Model.ChangeAvailability(3, operative: false);
        string Reserve(int id, int? evse, string expiry = "2026-03-02T08:30:00Z") => Status(session.Receive("ReserveNow", Payloads.Of($$"""
            {"id":{{id}},"expiryDateTime":"{{expiry}}","idToken":{"idToken":"TAG-R","type":"ISO14443"}{{(evse is null ? "" : $",\"evseId\":{evse}")}}}
            """)))!;

        Assert.Multiple(() =>
        {
            Assert.That(Reserve(1, 1), Is.EqualTo("Occupied"));
            Assert.That(Reserve(2, 2), Is.EqualTo("Faulted"));
            Assert.That(Reserve(3, 3), Is.EqualTo("Unavailable"));
            Assert.That(Reserve(4, 9), Is.EqualTo("Rejected"));
            Assert.That(Reserve(5, 4), Is.EqualTo("Accepted"));
            Assert.That(Reserve(6, null, "2026-03-02T09:00:00Z"), Is.EqualTo("Occupied"), "no other EVSE is free");
            Assert.That(Status(session.Receive("CancelReservation", Payloads.Of("""{"reservationId":5}"""))), Is.EqualTo("Accepted"));
            Assert.That(Status(session.Receive("CancelReservation", Payloads.Of("""{"reservationId":5}"""))), Is.EqualTo("Rejected"));
            Assert.That(Reserve(7, null), Is.EqualTo("Accepted"), "any EVSE: the one that is free again");
        });

        session.Pass(TimeSpan.FromMinutes(31));
        session.Deliver();
        var updates = session.SentOf("ReservationStatusUpdate").Select(s => (s.Payload.Int("reservationId"), s.Payload.Str("reservationUpdateStatus")));

        Assert.Multiple(() =>
        {
            Assert.That(updates, Is.EqualTo(new[] { ((int?)5, "Removed"), (7, "Expired") }));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }
}
