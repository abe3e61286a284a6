using System.Text.Json;
using System.Text.Json.Serialization;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.SmartCharging;
using OcppLab.Domain.Common;
using static OcppLab.UnitTests.ChargePoint.ChargePointKit;
using ChargePointModel = OcppLab.Domain.ChargePoint.ChargePoint;

namespace OcppLab.UnitTests.ChargePoint;

/// <summary>
/// Issue 12 item 6 (ADR 10): the charge point's live state as non-volatile memory keeps it — open
/// transactions, energy registers, availability, profiles, reservations — taken and restored whole,
/// continued after a clean outage (the meter kept counting) or ended after a power loss (1.6 / 2.0.1
/// reason PowerLoss, the register as last stored).
/// </summary>
public sealed class LiveStateSnapshotTests
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    private static ChargingProfile TxDefault(int id, double watts) =>
        new(id, 0, ProfilePurpose.TxDefault, ProfileKind.Absolute,
            new ChargingSchedule(RateUnit.W, [new SchedulePeriod(0, watts)], StartSchedule: Start), 0);

    /// <summary>A charger with something of every piece: a transaction with ids and seqNo, a reservation, an inoperative connector, a profile, a setpoint.</summary>
    private static (ChargePointKit Kit, Connector Charging) Busy(OcppVersion version = OcppVersion.V201)
    {
        var kit = new ChargePointKit(version, connectors: 3);
        var connector = kit.Charging(1, "TAG-LIVE");
        connector.Transaction!.CsmsTransactionId = 4711;
        connector.Transaction.NextSeqNo = 5;
        Assert.That(kit.Model.InstallProfile(TxDefault(7, 9_000)), Is.True);
        kit.Model.SetPowerSetpoint(1, 8_000);
        Assert.That(kit.Model.Reserve(2, 31, "TAG-RES", Start.AddHours(2), "PARENT"), Is.EqualTo(ReservationOutcome.Accepted));
        Assert.That(kit.Model.ChangeAvailability(3, operative: false), Is.EqualTo(AvailabilityOutcome.Accepted));
        kit.Model.SetTarget(1, TimeSpan.FromHours(3), null);
        kit.Pass(TimeSpan.FromMinutes(10));
        kit.Model.TakeEvents();
        return (kit, connector);
    }

    private static ChargePointModel Fresh(ChargePointKit kit) => new(kit.Spec, kit.Time, vehicleFactory: _ => kit.Vehicle());

    [Test]
    public void A_snapshot_restored_into_a_fresh_model_gives_back_every_piece_and_raises_no_event()
    {
        var (kit, charging) = Busy();
        var snapshot = kit.Model.TakeSnapshot();

        var restored = Fresh(kit);
        restored.Restore(snapshot);

        var tx = restored.Connector(1)!.Transaction!;
        Assert.Multiple(() =>
        {
            Assert.That(JsonSerializer.Serialize(restored.TakeSnapshot(), Json), Is.EqualTo(JsonSerializer.Serialize(snapshot, Json)), "the whole state round-trips");
            Assert.That(restored.TakeEvents(), Is.Empty, "restoring tells the CSMS nothing by itself");
            Assert.That(tx.Id, Is.EqualTo(charging.Transaction!.Id));
            Assert.That(tx.CsmsTransactionId, Is.EqualTo(4711));
            Assert.That(tx.NextSeqNo, Is.EqualTo(5), "the 2.0.1 seqNo counter");
            Assert.That(tx.IdTag, Is.EqualTo("TAG-LIVE"));
            Assert.That(tx.StartedAt, Is.EqualTo(Start));
            Assert.That(tx.MeterStartWh, Is.EqualTo(charging.Transaction.MeterStartWh));
            Assert.That(restored.Connector(1)!.EnergyRegisterWh, Is.EqualTo(charging.EnergyRegisterWh).And.GreaterThan(1_000), "the energy register");
            Assert.That(restored.Connector(1)!.Status, Is.EqualTo(ConnectorStatus.Charging));
            Assert.That(restored.Connector(1)!.PowerSetpointW, Is.EqualTo(8_000));
            Assert.That(restored.Connector(2)!.Reservation, Is.EqualTo(new Reservation(31, "TAG-RES", Start.AddHours(2), "PARENT", 2)));
            Assert.That(restored.Connector(2)!.Status, Is.EqualTo(ConnectorStatus.Reserved));
            Assert.That(restored.Connector(3)!.Operative, Is.False, "availability");
            Assert.That(restored.Connector(3)!.Status, Is.EqualTo(ConnectorStatus.Unavailable));
            Assert.That(restored.Profiles.Profiles.Select(p => p.Id), Is.EqualTo(new[] { 7 }), "charging profiles");
        });
    }

    [Test]
    public void A_transaction_that_ended_with_its_message_still_queued_is_kept_as_the_last_one()
    {
        var (kit, charging) = Busy();
        var id = charging.Transaction!.Id;
        kit.Model.StopTransaction(1, StopReason.Remote, TxTrigger.RemoteStop);

        var restored = Fresh(kit);
        restored.Restore(kit.Model.TakeSnapshot());

        var last = restored.FindTransaction(id);
        Assert.Multiple(() =>
        {
            Assert.That(restored.Connector(1)!.Transaction, Is.Null);
            Assert.That(last, Is.Not.Null);
            Assert.That(last!.StopReason, Is.EqualTo(StopReason.Remote));
            Assert.That(last.MeterStopWh, Is.EqualTo(restored.Connector(1)!.EnergyRegisterWh));
            Assert.That(restored.Connector(1)!.Status, Is.EqualTo(ConnectorStatus.Finishing));
        });
    }

    [Test]
    public void After_a_clean_outage_the_transaction_goes_on_and_the_meter_counted_on_at_its_power()
    {
        var (kit, charging) = Busy();
        var snapshot = kit.Model.TakeSnapshot();
        var power = charging.PowerW;
        var register = charging.EnergyRegisterWh;

        kit.Time.Advance(TimeSpan.FromSeconds(36));
        var restored = Fresh(kit);
        restored.Restore(snapshot);
        restored.ContinueAfterOutage();

        var connector = restored.Connector(1)!;
        var events = restored.TakeEvents();
        Assert.Multiple(() =>
        {
            Assert.That(power, Is.GreaterThan(0));
            Assert.That(connector.Transaction?.Id, Is.EqualTo(charging.Transaction!.Id), "the same transaction");
            Assert.That(connector.EnergyRegisterWh, Is.EqualTo(register + (power * 36 / 3600)).Within(0.01), "36 s at the power it had");
            Assert.That(events.OfType<TransactionEnded>(), Is.Empty);
            Assert.That(events.OfType<TransactionUpdated>().Where(u => u.Trigger == TxTrigger.MeterValuePeriodic), Is.Empty, "samples of the gap are not made up");
        });
    }

    [Test]
    public void A_sample_due_in_the_gap_is_taken_at_its_cadence_after_it()
    {
        var kit = new ChargePointKit(OcppVersion.V16, settings: new Dictionary<string, string> { ["MeterValueSampleInterval"] = "10" });
        kit.Charging();
        kit.Pass(TimeSpan.FromSeconds(5));
        var snapshot = kit.Model.TakeSnapshot();

        kit.Time.Advance(TimeSpan.FromSeconds(30));
        var restored = new ChargePointModel(kit.Spec, kit.Time, new Dictionary<string, string> { ["MeterValueSampleInterval"] = "10" }, _ => kit.Vehicle());
        restored.Restore(snapshot);
        restored.ContinueAfterOutage();

        Assert.That(restored.NextDeadline(), Is.LessThanOrEqualTo(Start.AddSeconds(40)).And.GreaterThan(Start.AddSeconds(35)), "the next sample on the 10 s grid after now");
    }

    [TestCase(OcppVersion.V16)]
    [TestCase(OcppVersion.V201)]
    public void After_a_power_loss_the_running_transaction_ends_with_PowerLoss_and_the_stored_register(OcppVersion version)
    {
        var (kit, charging) = Busy(version);
        var snapshot = kit.Model.TakeSnapshot();
        var register = charging.EnergyRegisterWh;

        kit.Time.Advance(TimeSpan.FromMinutes(5));
        var restored = Fresh(kit);
        restored.Restore(snapshot);
        restored.EndTransactionsAfterPowerLoss();

        var ended = restored.TakeEvents().OfType<TransactionEnded>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(ended.Transaction.Id, Is.EqualTo(charging.Transaction!.Id));
            Assert.That(ended.Transaction.StopReason, Is.EqualTo(StopReason.PowerLoss));
            Assert.That(ended.Trigger, Is.EqualTo(TxTrigger.AbnormalCondition));
            Assert.That(ended.Reading.EnergyWh, Is.EqualTo(Math.Round(register, 1)), "nothing was measured while the power was off");
            Assert.That(ended.Transaction.MeterStopWh, Is.GreaterThanOrEqualTo(ended.Transaction.MeterStartWh));
            Assert.That(restored.Connector(1)!.Status, Is.EqualTo(ConnectorStatus.Finishing), "the car is still plugged");
            Assert.That(restored.Connector(2)!.Reservation?.Id, Is.EqualTo(31), "a reservation outlives the power loss until it expires");
            Assert.That(restored.Profiles.Profiles.Select(p => p.Id), Is.EqualTo(new[] { 7 }), "a TxDefault profile stays installed");
        });
    }

    [Test]
    public void A_snapshot_of_another_connector_count_is_refused_and_changes_nothing()
    {
        var (kit, _) = Busy();
        var snapshot = kit.Model.TakeSnapshot();
        var smaller = new ChargePointModel(kit.Spec with { ConnectorCount = 2 }, kit.Time);

        Assert.Multiple(() =>
        {
            Assert.That(() => smaller.Restore(snapshot), Throws.ArgumentException.With.Message.Contains("connectors"));
            Assert.That(smaller.Connectors.Select(c => c.Status), Has.All.EqualTo(ConnectorStatus.Available));
            Assert.That(smaller.Connector(1)!.Transaction, Is.Null);
        });
    }

    [Test]
    public void A_snapshot_with_an_impossible_meter_is_refused()
    {
        var (kit, _) = Busy();
        var snapshot = kit.Model.TakeSnapshot();
        var broken = snapshot with
        {
            Connectors = snapshot.Connectors.Select(c => c.Index == 1 ? c with { EnergyRegisterWh = double.NaN } : c).ToList(),
        };

        Assert.That(() => Fresh(kit).Restore(broken), Throws.ArgumentException.With.Message.Contains("impossible meter"));
    }
}
