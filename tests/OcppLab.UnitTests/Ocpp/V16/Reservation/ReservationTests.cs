using static OcppLab.UnitTests.Ocpp.Station;
using static OcppLab.UnitTests.Ocpp.V16.V16Station;

namespace OcppLab.UnitTests.Ocpp.V16.Reservation;

/// <summary>OCPP 1.6 Reservation: ReserveNow and CancelReservation.</summary>
public sealed class ReservationTests
{
    [Test]
    public void ReserveNow_answers_by_the_connectors_state_and_CancelReservation_removes()
    {
        var session = Session(connectors: 4);
        Charging(session, 1);
        session.Model.InjectFault(2, "GroundFailure");
        session.Model.ChangeAvailability(3, operative: false);
        string Reserve(int connector, int id) => Status(session.Receive("ReserveNow", Payloads.Of($$"""
            {"connectorId":{{connector}},"expiryDate":"2026-03-02T09:00:00Z","idTag":"TAG-R","reservationId":{{id}}}
            """)))!;

        Assert.Multiple(() =>
        {
            Assert.That(Reserve(4, 1), Is.EqualTo("Accepted"));
            Assert.That(session.Model.Connector(4)!.Reservation!.ExpiresAt, Is.EqualTo(FakeSession.Start.AddHours(1)));
            Assert.That(Reserve(1, 2), Is.EqualTo("Occupied"));
            Assert.That(Reserve(2, 3), Is.EqualTo("Faulted"));
            Assert.That(Reserve(3, 4), Is.EqualTo("Unavailable"));
            Assert.That(Reserve(9, 5), Is.EqualTo("Rejected"));
            Assert.That(Status(session.Receive("CancelReservation", Payloads.Of("""{"reservationId":1}"""))), Is.EqualTo("Accepted"));
            Assert.That(Status(session.Receive("CancelReservation", Payloads.Of("""{"reservationId":1}"""))), Is.EqualTo("Rejected"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });

        var statuses = session.Deliver().Where(s => s.Action == "StatusNotification" && s.Payload.Int("connectorId") == 4);
        Assert.That(statuses.Select(s => s.Payload.Str("status")), Is.EqualTo(new[] { "Reserved", "Available" }));
    }
}
