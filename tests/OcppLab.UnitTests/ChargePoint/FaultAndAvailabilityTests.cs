using OcppLab.Domain.ChargePoint;
using static OcppLab.UnitTests.ChargePoint.ChargePointKit;

namespace OcppLab.UnitTests.ChargePoint;

/// <summary>Faults (inject, clear) and availability (Operative/Inoperative, scheduled, station-wide), and PowerDown.</summary>
public sealed class FaultAndAvailabilityTests
{
    [Test]
    public void A_fault_on_an_idle_connector_shows_Faulted_and_clearing_it_makes_it_Available()
    {
        var kit = new ChargePointKit();

        Assert.That(kit.Model.InjectFault(1, "HighTemperature").Succeeded, Is.True);
        var faulted = kit.Model.TakeEvents().OfType<ConnectorStatusChanged>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(faulted.Status, Is.EqualTo(ConnectorStatus.Faulted));
            Assert.That(faulted.ErrorCode, Is.EqualTo("HighTemperature"));
            Assert.That(kit.Model.Connector(1)!.IsFaulted, Is.True);
            Assert.That(kit.Model.PlugIn(1).Problem?.Kind, Is.EqualTo(ProblemKind.Conflict));
            Assert.That(kit.Model.CannotStart(1)?.Message, Does.Contain("Faulted"));
        });

        Assert.That(kit.Model.ClearFault(1).Succeeded, Is.True);
        var cleared = kit.Model.TakeEvents().OfType<ConnectorStatusChanged>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(cleared.Status, Is.EqualTo(ConnectorStatus.Available));
            Assert.That(cleared.ErrorCode, Is.EqualTo(ErrorCodes.NoError));
            Assert.That(kit.Model.ClearFault(1).Problem?.Kind, Is.EqualTo(ProblemKind.Conflict), "not faulted any more");
        });
    }

    [TestCase("GroundFailure", StopReason.GroundFault)]
    [TestCase("OverCurrentFailure", StopReason.OvercurrentFault)]
    [TestCase("PowerMeterFailure", StopReason.Other)]
    public void A_fault_during_a_transaction_ends_it(string errorCode, StopReason expected)
    {
        var kit = new ChargePointKit();
        var connector = kit.Charging();
        kit.Pass(TimeSpan.FromMinutes(6));

        kit.Model.InjectFault(1, errorCode);
        var events = kit.Model.TakeEvents();
        var ended = events.OfType<TransactionEnded>().Single();

        Assert.Multiple(() =>
        {
            Assert.That(ended.Transaction.StopReason, Is.EqualTo(expected));
            Assert.That(ended.Trigger, Is.EqualTo(TxTrigger.AbnormalCondition));
            Assert.That(ended.Transaction.MeterStopWh, Is.EqualTo(1_100).Within(0.01), "energy up to the fault counts");
            Assert.That(connector.Status, Is.EqualTo(ConnectorStatus.Faulted));
            Assert.That(Statuses(events, 1)[^1], Is.EqualTo(ConnectorStatus.Faulted));
            Assert.That(connector.PowerW, Is.Zero);
        });

        kit.Pass(TimeSpan.FromMinutes(6));
        Assert.That(connector.EnergyRegisterWh, Is.EqualTo(1_100).Within(0.01), "nothing flows while faulted");
    }

    [Test]
    public void Clearing_a_fault_with_the_cable_still_in_shows_Finishing_until_unplugged()
    {
        var kit = new ChargePointKit();
        var connector = kit.Charging();
        kit.Model.InjectFault(1, "OverVoltage");

        kit.Model.ClearFault(1);
        Assert.That(connector.Status, Is.EqualTo(ConnectorStatus.Finishing));

        kit.Model.Unplug(1);
        Assert.That(connector.Status, Is.EqualTo(ConnectorStatus.Available));
    }

    [Test]
    public void Unknown_error_codes_and_connectors_are_refused()
    {
        var kit = new ChargePointKit();

        Assert.Multiple(() =>
        {
            Assert.That(kit.Model.InjectFault(1, "Meltdown").Problem?.Kind, Is.EqualTo(ProblemKind.Conflict));
            Assert.That(kit.Model.InjectFault(1, ErrorCodes.NoError).Problem?.Kind, Is.EqualTo(ProblemKind.Conflict));
            Assert.That(kit.Model.InjectFault(5, "GroundFailure").Problem?.Kind, Is.EqualTo(ProblemKind.UnknownConnector));
            Assert.That(kit.Model.TakeEvents(), Is.Empty);
        });
    }

    [Test]
    public void Inoperative_makes_an_idle_connector_Unavailable_and_Operative_brings_it_back()
    {
        var kit = new ChargePointKit();

        Assert.That(kit.Model.ChangeAvailability(1, operative: false), Is.EqualTo(AvailabilityOutcome.Accepted));
        Assert.Multiple(() =>
        {
            Assert.That(kit.Model.Connector(1)!.Status, Is.EqualTo(ConnectorStatus.Unavailable));
            Assert.That(kit.Model.Connector(2)!.Status, Is.EqualTo(ConnectorStatus.Available));
            Assert.That(kit.Model.CannotStart(1)?.Message, Does.Contain("Unavailable"));
        });

        Assert.That(kit.Model.ChangeAvailability(1, operative: false), Is.EqualTo(AvailabilityOutcome.Accepted), "already so");
        Assert.That(kit.Model.ChangeAvailability(1, operative: true), Is.EqualTo(AvailabilityOutcome.Accepted));
        Assert.Multiple(() =>
        {
            Assert.That(Statuses(kit.Model.TakeEvents(), 1), Is.EqualTo(new[] { ConnectorStatus.Unavailable, ConnectorStatus.Available }));
            Assert.That(kit.Model.ChangeAvailability(3, operative: false), Is.EqualTo(AvailabilityOutcome.Rejected));
        });
    }

    [Test]
    public void Inoperative_during_a_transaction_is_Scheduled_and_applied_when_it_ends()
    {
        var kit = new ChargePointKit();
        var connector = kit.Charging();

        Assert.That(kit.Model.ChangeAvailability(1, operative: false), Is.EqualTo(AvailabilityOutcome.Scheduled));
        Assert.Multiple(() =>
        {
            Assert.That(connector.Status, Is.EqualTo(ConnectorStatus.Charging), "the transaction runs on");
            Assert.That(connector.PendingOperative, Is.False);
            Assert.That(connector.Transaction, Is.Not.Null);
        });

        kit.Pass(TimeSpan.FromMinutes(1));
        kit.Model.StopTransaction(1, StopReason.Local, TxTrigger.StopAuthorized);

        Assert.Multiple(() =>
        {
            Assert.That(connector.Status, Is.EqualTo(ConnectorStatus.Unavailable));
            Assert.That(connector.Operative, Is.False);
            Assert.That(connector.PendingOperative, Is.Null);
        });
    }

    [Test]
    public void Operative_again_before_the_transaction_ended_cancels_the_scheduled_change()
    {
        var kit = new ChargePointKit();
        var connector = kit.Charging();
        kit.Model.ChangeAvailability(1, operative: false);

        Assert.That(kit.Model.ChangeAvailability(1, operative: true), Is.EqualTo(AvailabilityOutcome.Accepted));
        kit.Model.StopTransaction(1, StopReason.Local, TxTrigger.StopAuthorized);

        Assert.That(connector.Status, Is.EqualTo(ConnectorStatus.Finishing));
    }

    [Test]
    public void Station_wide_Inoperative_takes_every_connector_and_connector_0_out_of_service()
    {
        var kit = new ChargePointKit(connectors: 3);

        Assert.That(kit.Model.ChangeAvailability(0, operative: false), Is.EqualTo(AvailabilityOutcome.Accepted));
        var events = kit.Model.TakeEvents();
        Assert.Multiple(() =>
        {
            Assert.That(kit.Model.StationOperative, Is.False);
            Assert.That(kit.Model.StationStatus, Is.EqualTo(ConnectorStatus.Unavailable));
            Assert.That(events.OfType<StationStatusChanged>().Single().Status, Is.EqualTo(ConnectorStatus.Unavailable));
            Assert.That(kit.Model.Connectors.Select(c => c.Status), Is.All.EqualTo(ConnectorStatus.Unavailable));
        });

        Assert.That(kit.Model.ChangeAvailability(0, operative: true), Is.EqualTo(AvailabilityOutcome.Accepted));
        Assert.Multiple(() =>
        {
            Assert.That(kit.Model.StationStatus, Is.EqualTo(ConnectorStatus.Available));
            Assert.That(kit.Model.Connectors.Select(c => c.Status), Is.All.EqualTo(ConnectorStatus.Available));
            Assert.That(kit.Model.TakeEvents().OfType<StationStatusChanged>().Single().Status, Is.EqualTo(ConnectorStatus.Available));
        });
    }

    [Test]
    public void Station_wide_Inoperative_with_a_transaction_running_is_Scheduled_for_that_connector()
    {
        var kit = new ChargePointKit(connectors: 2);
        var busy = kit.Charging(1);

        Assert.That(kit.Model.ChangeAvailability(0, operative: false), Is.EqualTo(AvailabilityOutcome.Scheduled));
        Assert.Multiple(() =>
        {
            Assert.That(busy.Status, Is.EqualTo(ConnectorStatus.Charging));
            Assert.That(kit.Model.Connector(2)!.Status, Is.EqualTo(ConnectorStatus.Unavailable));
        });

        kit.Model.StopTransaction(1, StopReason.Local, TxTrigger.StopAuthorized);
        Assert.That(busy.Status, Is.EqualTo(ConnectorStatus.Unavailable));
    }

    [Test]
    public void PowerDown_ends_every_transaction_with_the_reason_and_forgets_volatile_state()
    {
        var kit = new ChargePointKit(connectors: 3);
        var first = kit.Charging(1);
        var second = kit.Charging(2);
        kit.Model.Reserve(3, 11, "TAG-R", kit.Now.AddHours(1), null);
        kit.Model.ChangeAvailability(1, operative: false);
        kit.Pass(TimeSpan.FromMinutes(6));

        kit.Model.PowerDown(StopReason.HardReset);
        var ended = kit.Model.TakeEvents().OfType<TransactionEnded>().ToList();

        Assert.Multiple(() =>
        {
            Assert.That(ended.Select(e => e.Connector.Index), Is.EquivalentTo(new[] { 1, 2 }));
            Assert.That(ended.Select(e => e.Transaction.StopReason), Is.All.EqualTo(StopReason.HardReset));
            Assert.That(ended.Select(e => e.Trigger), Is.All.EqualTo(TxTrigger.ResetCommand));
            Assert.That(ended.Select(e => e.Transaction.MeterStopWh!.Value), Is.All.EqualTo(1_100).Within(0.01));
            Assert.That(first.Transaction, Is.Null);
            Assert.That(second.Transaction, Is.Null);
            Assert.That(kit.Model.Connector(3)!.Reservation, Is.Null);
            Assert.That(kit.Model.Connector(3)!.Status, Is.EqualTo(ConnectorStatus.Available));
            Assert.That(first.Operative, Is.False, "the scheduled availability change is applied");
            Assert.That(first.Status, Is.EqualTo(ConnectorStatus.Unavailable));
        });
    }

    [Test]
    public void CurrentStatuses_lists_every_connector_as_it_is()
    {
        var kit = new ChargePointKit(connectors: 3);
        kit.Charging(2);
        kit.Model.InjectFault(3, "WeakSignal");

        var statuses = kit.Model.CurrentStatuses();

        Assert.Multiple(() =>
        {
            Assert.That(statuses.Select(s => s.Status), Is.EqualTo(new[] { ConnectorStatus.Available, ConnectorStatus.Charging, ConnectorStatus.Faulted }));
            Assert.That(statuses.Select(s => s.ErrorCode), Is.EqualTo(new[] { ErrorCodes.NoError, ErrorCodes.NoError, "WeakSignal" }));
        });
    }
}
