using OcppLab.Domain.ChargePoint;
using static OcppLab.UnitTests.ChargePoint.ChargePointKit;

namespace OcppLab.UnitTests.ChargePoint;

/// <summary>The connector status machine as a real charger walks it (1.6 ed2 §4.9).</summary>
public sealed class StatusMachineTests
{
    [Test]
    public void A_new_charge_point_has_every_connector_available_and_no_events()
    {
        var kit = new ChargePointKit(connectors: 3);

        Assert.Multiple(() =>
        {
            Assert.That(kit.Model.Connectors.Select(c => c.Status), Is.All.EqualTo(ConnectorStatus.Available));
            Assert.That(kit.Model.Connectors.Select(c => c.Index), Is.EqualTo(new[] { 1, 2, 3 }));
            Assert.That(kit.Model.StationStatus, Is.EqualTo(ConnectorStatus.Available));
            Assert.That(kit.Model.TakeEvents(), Is.Empty);
        });
    }

    [Test]
    public void Plug_start_stop_unplug_walks_Preparing_Charging_Finishing_Available()
    {
        var kit = new ChargePointKit();
        var model = kit.Model;

        Assert.That(model.PlugIn(1).Succeeded, Is.True);
        Assert.That(model.Connector(1)!.Status, Is.EqualTo(ConnectorStatus.Preparing));

        Assert.That(model.StartTransaction(1, "TAG-1", "ISO14443", TxTrigger.Authorized).Succeeded, Is.True);
        Assert.That(model.Connector(1)!.Status, Is.EqualTo(ConnectorStatus.Charging));

        kit.Pass(TimeSpan.FromMinutes(5));
        Assert.That(model.StopTransaction(1, StopReason.Local, TxTrigger.StopAuthorized).Succeeded, Is.True);
        Assert.That(model.Connector(1)!.Status, Is.EqualTo(ConnectorStatus.Finishing));

        Assert.That(model.Unplug(1).Succeeded, Is.True);
        var events = model.TakeEvents();

        Assert.Multiple(() =>
        {
            Assert.That(model.Connector(1)!.Status, Is.EqualTo(ConnectorStatus.Available));
            Assert.That(Statuses(events, 1), Is.EqualTo(new[]
            {
                ConnectorStatus.Preparing, ConnectorStatus.Charging, ConnectorStatus.Finishing, ConnectorStatus.Available,
            }));
            Assert.That(events.OfType<TransactionStarted>().Single().Trigger, Is.EqualTo(TxTrigger.Authorized));
            Assert.That(events.OfType<TransactionEnded>().Single().Transaction.StopReason, Is.EqualTo(StopReason.Local));
            Assert.That(Statuses(events, 2), Is.Empty, "the other connector did not change");
        });
    }

    [Test]
    public void Each_status_change_event_names_the_previous_status_and_the_error_code()
    {
        var kit = new ChargePointKit();
        kit.Model.PlugIn(1);
        kit.Model.StartTransaction(1, "TAG-1", "ISO14443", TxTrigger.Authorized);

        var changes = kit.Model.TakeEvents().OfType<ConnectorStatusChanged>().ToList();

        Assert.Multiple(() =>
        {
            Assert.That(changes.Select(c => (c.Previous, c.Status)), Is.EqualTo(new[]
            {
                (ConnectorStatus.Available, ConnectorStatus.Preparing),
                (ConnectorStatus.Preparing, ConnectorStatus.Charging),
            }));
            Assert.That(changes.Select(c => c.ErrorCode), Is.All.EqualTo(ErrorCodes.NoError));
        });
    }

    [Test]
    public void Finishing_stays_until_the_cable_is_unplugged()
    {
        var kit = new ChargePointKit();
        kit.Charging();
        kit.Model.StopTransaction(1, StopReason.Remote, TxTrigger.RemoteStop);
        kit.Model.TakeEvents();

        kit.Pass(TimeSpan.FromHours(3));

        Assert.Multiple(() =>
        {
            Assert.That(kit.Model.Connector(1)!.Status, Is.EqualTo(ConnectorStatus.Finishing));
            Assert.That(kit.Model.TakeEvents(), Is.Empty);
            Assert.That(kit.Model.CannotStart(1)?.Kind, Is.EqualTo(ProblemKind.Conflict), "a new transaction needs a new plug-in");
            Assert.That(kit.Model.StartTransaction(1, "TAG-2", "ISO14443", TxTrigger.Authorized).Succeeded, Is.False);
        });
    }

    [Test]
    public void Unplugging_during_a_transaction_ends_it_with_EVDisconnected_and_goes_straight_to_Available()
    {
        var kit = new ChargePointKit();
        var connector = kit.Charging();
        var transaction = connector.Transaction!;
        kit.Pass(TimeSpan.FromMinutes(10));

        Assert.That(kit.Model.Unplug(1).Succeeded, Is.True);
        var events = kit.Model.TakeEvents();
        var ended = events.OfType<TransactionEnded>().Single();

        Assert.Multiple(() =>
        {
            Assert.That(ended.Transaction, Is.SameAs(transaction));
            Assert.That(ended.Transaction.StopReason, Is.EqualTo(StopReason.EVDisconnected));
            Assert.That(ended.Trigger, Is.EqualTo(TxTrigger.EVCommunicationLost));
            Assert.That(ended.Reading.Context, Is.EqualTo(MeterReading.TransactionEnd));
            Assert.That(connector.Transaction, Is.Null);
            Assert.That(connector.LastTransaction, Is.SameAs(transaction));
            Assert.That(transaction.IsActive, Is.False);
            Assert.That(connector.Status, Is.EqualTo(ConnectorStatus.Available));

            // 1.6 §4.9 C1: Charging → Available on unplug; no transient Preparing or Finishing in between.
            Assert.That(Statuses(events, 1), Is.EqualTo(new[] { ConnectorStatus.Available }));
        });
    }

    [Test]
    public void Authorizing_before_the_cable_shows_Preparing_and_the_plug_in_starts_the_transaction()
    {
        var kit = new ChargePointKit();
        Assert.That(kit.Model.AuthorizeBeforePlugIn(1, "TAG-1", "ISO14443", remoteStartId: 7, reservationId: null, remote: true).Succeeded, Is.True);
        Assert.That(kit.Model.Connector(1)!.Status, Is.EqualTo(ConnectorStatus.Preparing));

        kit.Pass(TimeSpan.FromSeconds(30));
        kit.Model.PlugIn(1);
        var events = kit.Model.TakeEvents();
        var started = events.OfType<TransactionStarted>().Single();

        Assert.Multiple(() =>
        {
            Assert.That(started.Trigger, Is.EqualTo(TxTrigger.RemoteStart));
            Assert.That(started.Transaction.RemoteStartId, Is.EqualTo(7));
            Assert.That(started.Transaction.IdTag, Is.EqualTo("TAG-1"));
            Assert.That(kit.Model.Connector(1)!.PendingAuthorization, Is.Null);
            Assert.That(Statuses(events, 1), Is.EqualTo(new[] { ConnectorStatus.Preparing, ConnectorStatus.Charging }));
        });
    }

    [Test]
    public void An_authorization_without_a_cable_expires_after_ConnectionTimeOut()
    {
        var kit = new ChargePointKit(settings: new Dictionary<string, string> { ["ConnectionTimeOut"] = "45" });
        kit.Model.AuthorizeBeforePlugIn(1, "TAG-1", "ISO14443", null, null, remote: false);
        kit.Model.TakeEvents();

        kit.Pass(TimeSpan.FromSeconds(44));
        Assert.That(kit.Model.Connector(1)!.Status, Is.EqualTo(ConnectorStatus.Preparing));
        Assert.That(kit.Model.NextDeadline(), Is.EqualTo(Start.AddSeconds(45)));

        kit.Pass(TimeSpan.FromSeconds(1));
        Assert.Multiple(() =>
        {
            Assert.That(kit.Model.Connector(1)!.Status, Is.EqualTo(ConnectorStatus.Available));
            Assert.That(kit.Model.Connector(1)!.PendingAuthorization, Is.Null);
            Assert.That(Statuses(kit.Model.TakeEvents(), 1), Is.EqualTo(new[] { ConnectorStatus.Available }));
        });

        kit.Model.PlugIn(1);
        Assert.That(kit.Model.Connector(1)!.Transaction, Is.Null, "the expired authorization no longer starts a transaction");
    }

    [Test]
    public void The_car_pausing_moves_Charging_to_SuspendedEV_and_back()
    {
        var kit = new ChargePointKit();
        var connector = kit.Charging();

        kit.Model.SetEvRequestsEnergy(1, false);
        Assert.Multiple(() =>
        {
            Assert.That(connector.Status, Is.EqualTo(ConnectorStatus.SuspendedEV));
            Assert.That(connector.PowerW, Is.Zero);
            Assert.That(connector.Transaction!.ChargingState, Is.EqualTo(ChargingState.SuspendedEV));
        });

        kit.Model.SetEvRequestsEnergy(1, true);
        var events = kit.Model.TakeEvents();
        Assert.Multiple(() =>
        {
            Assert.That(connector.Status, Is.EqualTo(ConnectorStatus.Charging));
            Assert.That(Statuses(events, 1), Is.EqualTo(new[] { ConnectorStatus.SuspendedEV, ConnectorStatus.Charging }));
            Assert.That(events.OfType<TransactionUpdated>().Select(e => e.Trigger), Is.All.EqualTo(TxTrigger.ChargingStateChanged));
            Assert.That(events.OfType<TransactionUpdated>().Count(), Is.EqualTo(2));
        });
    }

    [Test]
    public void A_zero_power_setpoint_suspends_on_the_EVSE_side()
    {
        var kit = new ChargePointKit();
        var connector = kit.Charging();

        kit.Model.SetPowerSetpoint(1, 0);

        Assert.Multiple(() =>
        {
            Assert.That(connector.Status, Is.EqualTo(ConnectorStatus.SuspendedEVSE));
            Assert.That(connector.Transaction!.ChargingState, Is.EqualTo(ChargingState.SuspendedEVSE));
        });
    }

    [Test]
    public void Car_side_actions_are_refused_in_the_wrong_state()
    {
        var kit = new ChargePointKit();

        Assert.Multiple(() =>
        {
            Assert.That(kit.Model.Unplug(1).Problem?.Kind, Is.EqualTo(ProblemKind.Conflict));
            Assert.That(kit.Model.SetEvRequestsEnergy(1, true).Problem?.Kind, Is.EqualTo(ProblemKind.Conflict));
            Assert.That(kit.Model.StopTransaction(1, StopReason.Local, TxTrigger.StopAuthorized).Problem?.Kind, Is.EqualTo(ProblemKind.Conflict));
            Assert.That(kit.Model.StartTransaction(1, "TAG", "ISO14443", TxTrigger.Authorized).Problem?.Kind, Is.EqualTo(ProblemKind.Conflict), "no cable");
            Assert.That(kit.Model.PlugIn(3).Problem?.Kind, Is.EqualTo(ProblemKind.UnknownConnector));
            Assert.That(kit.Model.PlugIn(0).Problem?.Kind, Is.EqualTo(ProblemKind.UnknownConnector));
            Assert.That(kit.Model.CannotStart(9)?.Kind, Is.EqualTo(ProblemKind.UnknownConnector));
        });

        kit.Model.PlugIn(1);
        Assert.That(kit.Model.PlugIn(1).Problem?.Kind, Is.EqualTo(ProblemKind.Conflict), "already plugged");
        kit.Model.StartTransaction(1, "TAG", "ISO14443", TxTrigger.Authorized);
        Assert.That(kit.Model.StartTransaction(1, "TAG", "ISO14443", TxTrigger.Authorized).Problem?.Kind, Is.EqualTo(ProblemKind.Conflict), "already running");
    }

    [Test]
    public void Transactions_get_unique_uuid_ids_and_remember_their_start()
    {
        var kit = new ChargePointKit();
        var first = kit.Charging(1).Transaction!;
        kit.Pass(TimeSpan.FromSeconds(5));
        var second = kit.Charging(2).Transaction!;

        Assert.Multiple(() =>
        {
            Assert.That(Guid.TryParse(first.Id, out _), Is.True);
            Assert.That(second.Id, Is.Not.EqualTo(first.Id));
            Assert.That(first.StartedAt, Is.EqualTo(Start));
            Assert.That(second.StartedAt, Is.EqualTo(Start.AddSeconds(5)));
            Assert.That(kit.Model.ConnectorWithTransaction(second.Id)?.Index, Is.EqualTo(2));
            Assert.That(first.DisplayId(v16: true), Is.EqualTo("-1"), "1.6 before the CSMS assigned an id");
            Assert.That(first.DisplayId(v16: false), Is.EqualTo(first.Id));
        });

        first.CsmsTransactionId = 42;
        Assert.Multiple(() =>
        {
            Assert.That(kit.Model.ConnectorWithTransaction("42")?.Index, Is.EqualTo(1));
            Assert.That(first.DisplayId(v16: true), Is.EqualTo("42"));
        });
    }
}
