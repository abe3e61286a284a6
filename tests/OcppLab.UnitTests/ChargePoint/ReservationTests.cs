using OcppLab.Domain.ChargePoint;
using static OcppLab.UnitTests.ChargePoint.ChargePointKit;

namespace OcppLab.UnitTests.ChargePoint;

/// <summary>Reservations: the outcomes, expiry, cancel, connector 0 and using a reservation.</summary>
public sealed class ReservationTests
{
    [Test]
    public void Reserving_a_free_connector_is_Accepted_and_shows_Reserved()
    {
        var kit = new ChargePointKit();

        Assert.That(kit.Model.Reserve(1, 5, "TAG-R", kit.Now.AddMinutes(30), "PARENT"), Is.EqualTo(ReservationOutcome.Accepted));

        var reservation = kit.Model.Connector(1)!.Reservation!;
        Assert.Multiple(() =>
        {
            Assert.That(reservation, Is.EqualTo(new Reservation(5, "TAG-R", Start.AddMinutes(30), "PARENT", 1)));
            Assert.That(kit.Model.Connector(1)!.Status, Is.EqualTo(ConnectorStatus.Reserved));
            Assert.That(Statuses(kit.Model.TakeEvents(), 1), Is.EqualTo(new[] { ConnectorStatus.Reserved }));
        });
    }

    [Test]
    public void A_busy_faulted_unavailable_or_unknown_connector_cannot_be_reserved()
    {
        var kit = new ChargePointKit(connectors: 4);
        kit.Charging(1);
        kit.Model.InjectFault(2, "GroundFailure");
        kit.Model.ChangeAvailability(3, operative: false);
        kit.Model.PlugIn(4);
        var expiry = kit.Now.AddMinutes(30);

        Assert.Multiple(() =>
        {
            Assert.That(kit.Model.Reserve(1, 1, "TAG", expiry, null), Is.EqualTo(ReservationOutcome.Occupied));
            Assert.That(kit.Model.Reserve(2, 2, "TAG", expiry, null), Is.EqualTo(ReservationOutcome.Faulted));
            Assert.That(kit.Model.Reserve(3, 3, "TAG", expiry, null), Is.EqualTo(ReservationOutcome.Unavailable));
            Assert.That(kit.Model.Reserve(4, 4, "TAG", expiry, null), Is.EqualTo(ReservationOutcome.Occupied), "a car is plugged in");
            Assert.That(kit.Model.Reserve(9, 9, "TAG", expiry, null), Is.EqualTo(ReservationOutcome.Rejected));
            Assert.That(kit.Model.Connectors.Select(c => c.Reservation), Is.All.Null);
        });
    }

    [Test]
    public void A_reserved_connector_is_Occupied_for_another_reservation_but_the_same_id_replaces_it()
    {
        var kit = new ChargePointKit();
        kit.Model.Reserve(1, 5, "TAG-A", kit.Now.AddMinutes(30), null);

        Assert.Multiple(() =>
        {
            Assert.That(kit.Model.Reserve(1, 6, "TAG-B", kit.Now.AddMinutes(30), null), Is.EqualTo(ReservationOutcome.Occupied));
            Assert.That(kit.Model.Reserve(1, 5, "TAG-C", kit.Now.AddMinutes(45), null), Is.EqualTo(ReservationOutcome.Accepted));
            Assert.That(kit.Model.Connector(1)!.Reservation!.IdTag, Is.EqualTo("TAG-C"));
        });
    }

    [Test]
    public void A_reservation_expires_with_an_event_and_the_connector_becomes_Available()
    {
        var kit = new ChargePointKit();
        kit.Model.Reserve(1, 5, "TAG-R", kit.Now.AddMinutes(30), null);
        kit.Model.TakeEvents();
        Assert.That(kit.Model.NextDeadline(), Is.EqualTo(Start.AddMinutes(30)));

        kit.Pass(TimeSpan.FromMinutes(29));
        Assert.That(kit.Model.TakeEvents(), Is.Empty);

        kit.Pass(TimeSpan.FromMinutes(1));
        var events = kit.Model.TakeEvents();

        Assert.Multiple(() =>
        {
            var ended = events.OfType<ReservationEnded>().Single();
            Assert.That(ended.Reason, Is.EqualTo("Expired"));
            Assert.That(ended.Reservation.Id, Is.EqualTo(5));
            Assert.That(Statuses(events, 1), Is.EqualTo(new[] { ConnectorStatus.Available }));
            Assert.That(kit.Model.Connector(1)!.Reservation, Is.Null);
        });
    }

    [Test]
    public void Cancelling_a_reservation_removes_it_with_an_event()
    {
        var kit = new ChargePointKit();
        kit.Model.Reserve(2, 8, "TAG-R", kit.Now.AddMinutes(30), null);
        kit.Model.TakeEvents();

        Assert.Multiple(() =>
        {
            Assert.That(kit.Model.CancelReservation(9), Is.False);
            Assert.That(kit.Model.CancelReservation(8), Is.True);
            Assert.That(kit.Model.CancelReservation(8), Is.False, "already gone");
        });

        var events = kit.Model.TakeEvents();
        Assert.Multiple(() =>
        {
            Assert.That(events.OfType<ReservationEnded>().Single().Reason, Is.EqualTo("Removed"));
            Assert.That(Statuses(events, 2), Is.EqualTo(new[] { ConnectorStatus.Available }));
        });
    }

    [Test]
    public void Connector_0_reserves_the_first_free_connector()
    {
        var kit = new ChargePointKit(connectors: 3);
        kit.Charging(1);

        Assert.That(kit.Model.Reserve(0, 5, "TAG-R", kit.Now.AddMinutes(30), null), Is.EqualTo(ReservationOutcome.Accepted));

        Assert.Multiple(() =>
        {
            Assert.That(kit.Model.Connector(2)!.Reservation!.ConnectorIndex, Is.Zero);
            Assert.That(kit.Model.Connector(2)!.Status, Is.EqualTo(ConnectorStatus.Reserved));
            Assert.That(kit.Model.Connector(3)!.Reservation, Is.Null);
        });
    }

    [Test]
    public void Connector_0_reports_why_no_connector_is_free()
    {
        var faulted = new ChargePointKit(connectors: 2);
        faulted.Model.InjectFault(1, "GroundFailure");
        faulted.Model.InjectFault(2, "GroundFailure");
        var unavailable = new ChargePointKit(connectors: 2);
        unavailable.Model.ChangeAvailability(0, operative: false);
        var busy = new ChargePointKit(connectors: 2);
        busy.Charging(1);
        busy.Charging(2);
        var unsupported = new ChargePointKit(settings: new Dictionary<string, string> { ["ReserveConnectorZeroSupported"] = "false" });

        Assert.Multiple(() =>
        {
            Assert.That(faulted.Model.Reserve(0, 1, "T", faulted.Now.AddHours(1), null), Is.EqualTo(ReservationOutcome.Faulted));
            Assert.That(unavailable.Model.Reserve(0, 1, "T", unavailable.Now.AddHours(1), null), Is.EqualTo(ReservationOutcome.Unavailable));
            Assert.That(busy.Model.Reserve(0, 1, "T", busy.Now.AddHours(1), null), Is.EqualTo(ReservationOutcome.Occupied));
            Assert.That(unsupported.Model.Reserve(0, 1, "T", unsupported.Now.AddHours(1), null), Is.EqualTo(ReservationOutcome.Rejected));
        });
    }

    [Test]
    public void Only_the_reserved_tag_or_its_parent_may_start_on_a_reserved_connector()
    {
        var kit = new ChargePointKit();
        kit.Model.Reserve(1, 5, "TAG-R", kit.Now.AddMinutes(30), "GROUP");
        kit.Model.PlugIn(1);

        Assert.Multiple(() =>
        {
            Assert.That(kit.Model.CannotStart(1, "STRANGER")?.Message, Does.Contain("reserved"));
            Assert.That(kit.Model.CannotStart(1, "GROUP"), Is.Null);
            Assert.That(kit.Model.StartTransaction(1, "STRANGER", "ISO14443", TxTrigger.Authorized).Succeeded, Is.False);
        });

        Assert.That(kit.Model.StartTransaction(1, "TAG-R", "ISO14443", TxTrigger.Authorized).Succeeded, Is.True);
        var started = kit.Model.TakeEvents().OfType<TransactionStarted>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(started.Transaction.ReservationId, Is.EqualTo(5));
            Assert.That(kit.Model.Connector(1)!.Reservation, Is.Null, "the reservation is used up");
        });
    }
}
