using OcppLab.Domain.ChargePoint;
using static OcppLab.UnitTests.ChargePoint.ChargePointKit;

namespace OcppLab.UnitTests.ChargePoint;

/// <summary>Periodic meter samples at MeterValueSampleInterval, and automatic session ends (duration, energy).</summary>
public sealed class MeterAndTargetTests
{
    [Test]
    public void Periodic_samples_come_every_MeterValueSampleInterval_with_their_own_timestamps_and_readings()
    {
        var kit = new ChargePointKit(settings: new Dictionary<string, string> { ["MeterValueSampleInterval"] = "60" });
        kit.Charging();

        kit.Pass(TimeSpan.FromSeconds(200));
        var samples = kit.Model.TakeEvents().OfType<TransactionUpdated>().Where(e => e.Trigger == TxTrigger.MeterValuePeriodic).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(samples.Select(s => s.Reading!.Timestamp), Is.EqualTo(new[] { Start.AddSeconds(60), Start.AddSeconds(120), Start.AddSeconds(180) }));
            Assert.That(samples.Select(s => s.Reading!.EnergyWh), Is.EqualTo(new[] { 183.3, 366.7, 550.0 }), "11 kW × each sample's own time");
            Assert.That(samples.Select(s => s.Reading!.Context), Is.All.EqualTo(MeterReading.SamplePeriodic));
            Assert.That(samples.Select(s => s.Reading!.PowerW), Is.All.EqualTo(11_000));
            Assert.That(kit.Model.NextDeadline(), Is.EqualTo(Start.AddSeconds(240)));
        });
    }

    [Test]
    public void A_sample_interval_of_zero_takes_no_periodic_samples()
    {
        var kit = new ChargePointKit(settings: new Dictionary<string, string> { ["MeterValueSampleInterval"] = "0" });
        kit.Charging();

        kit.Pass(TimeSpan.FromMinutes(30));

        Assert.That(kit.Model.TakeEvents().OfType<TransactionUpdated>(), Is.Empty);
    }

    [Test]
    public void The_configured_sample_interval_is_honoured()
    {
        var kit = new ChargePointKit();
        kit.Model.Settings.SetInternal("MeterValueSampleInterval", "15");
        kit.Charging();

        kit.Pass(TimeSpan.FromSeconds(46));

        Assert.That(
            kit.Model.TakeEvents().OfType<TransactionUpdated>().Select(e => e.Reading!.Timestamp),
            Is.EqualTo(new[] { Start.AddSeconds(15), Start.AddSeconds(30), Start.AddSeconds(45) }));
    }

    [Test]
    public void Samples_stop_with_the_transaction()
    {
        var kit = new ChargePointKit();
        kit.Charging();
        kit.Pass(TimeSpan.FromSeconds(90));
        kit.Model.StopTransaction(1, StopReason.Local, TxTrigger.StopAuthorized);
        kit.Model.TakeEvents();

        kit.Pass(TimeSpan.FromMinutes(10));

        Assert.Multiple(() =>
        {
            Assert.That(kit.Model.TakeEvents(), Is.Empty);
            Assert.That(kit.Model.NextDeadline(), Is.Null);
        });
    }

    [Test]
    public void A_triggered_sample_reads_the_meter_now()
    {
        var kit = new ChargePointKit();
        var connector = kit.Charging();
        kit.Time.Advance(TimeSpan.FromSeconds(30));

        kit.Model.SampleNow(connector);
        var sampled = kit.Model.TakeEvents().OfType<MeterValuesSampled>().Single();

        Assert.Multiple(() =>
        {
            Assert.That(sampled.Transaction, Is.SameAs(connector.Transaction));
            Assert.That(sampled.Reading.Context, Is.EqualTo(MeterReading.Trigger));
            Assert.That(sampled.Reading.Timestamp, Is.EqualTo(Start.AddSeconds(30)));
            Assert.That(sampled.Reading.EnergyWh, Is.EqualTo(91.7));
        });
    }

    [Test]
    public void The_start_and_end_readings_bracket_the_transaction()
    {
        var kit = new ChargePointKit();
        kit.Model.PlugIn(1);
        kit.Model.StartTransaction(1, "TAG-1", "ISO14443", TxTrigger.Authorized);
        kit.Pass(TimeSpan.FromMinutes(12));
        kit.Model.StopTransaction(1, StopReason.Local, TxTrigger.StopAuthorized);
        var events = kit.Model.TakeEvents();
        var started = events.OfType<TransactionStarted>().Single();
        var ended = events.OfType<TransactionEnded>().Single();

        Assert.Multiple(() =>
        {
            Assert.That(started.Reading.Context, Is.EqualTo(MeterReading.TransactionBegin));
            Assert.That(started.Reading.Timestamp, Is.EqualTo(Start));
            Assert.That(started.Reading.EnergyWh, Is.Zero);
            Assert.That(ended.Reading.Context, Is.EqualTo(MeterReading.TransactionEnd));
            Assert.That(ended.Reading.Timestamp, Is.EqualTo(Start.AddMinutes(12)));
            Assert.That(ended.Reading.EnergyWh, Is.EqualTo(2_200).Within(0.05));
            Assert.That(ended.Reading.PowerW, Is.Zero, "the power path is open at the end");
            Assert.That(ended.Transaction.EndedAt, Is.EqualTo(Start.AddMinutes(12)));
            Assert.That(ended.Transaction.MeterStopWh, Is.EqualTo(2_200).Within(0.01));
        });
    }

    [Test]
    public void A_duration_target_ends_the_session_with_TimeLimitReached_on_time()
    {
        var kit = new ChargePointKit();
        var connector = kit.Charging();
        kit.Model.SetTarget(1, TimeSpan.FromMinutes(10), null);

        kit.RunUntil(Start.AddMinutes(20));
        var ended = kit.Model.TakeEvents().OfType<TransactionEnded>().Single();

        Assert.Multiple(() =>
        {
            Assert.That(ended.Transaction.StopReason, Is.EqualTo(StopReason.TimeLimitReached));
            Assert.That(ended.Trigger, Is.EqualTo(TxTrigger.TimeLimitReached));
            Assert.That(ended.Transaction.EndedAt, Is.EqualTo(Start.AddMinutes(10)));
            Assert.That(ended.Transaction.MeterStopWh, Is.EqualTo(11_000.0 / 6).Within(0.01));
            Assert.That(connector.Status, Is.EqualTo(ConnectorStatus.Finishing));
            Assert.That(connector.Target, Is.Null);
        });
    }

    [Test]
    public void An_energy_target_stops_at_the_target_energy_without_overshooting()
    {
        // 1 kWh at 11 kW: 327.27 s.
        var kit = new ChargePointKit();
        var connector = kit.Charging();
        kit.Model.SetTarget(1, null, 1_000);

        kit.RunUntil(Start.AddMinutes(15));
        var events = kit.Model.TakeEvents();
        var ended = events.OfType<TransactionEnded>().Single();

        Assert.Multiple(() =>
        {
            Assert.That(ended.Transaction.StopReason, Is.EqualTo(StopReason.EnergyLimitReached));
            Assert.That(ended.Trigger, Is.EqualTo(TxTrigger.EnergyLimitReached));
            Assert.That(ended.Transaction.EnergyWh(0), Is.EqualTo(1_000).Within(0.05));
            Assert.That(ended.Transaction.EndedAt!.Value, Is.EqualTo(Start.AddSeconds(327.273)).Within(TimeSpan.FromMilliseconds(2)));
            Assert.That(connector.EnergyRegisterWh, Is.EqualTo(1_000).Within(0.05), "nothing flows after the stop");
            Assert.That(events.OfType<TransactionUpdated>().Count(e => e.Trigger == TxTrigger.MeterValuePeriodic), Is.EqualTo(5));
        });
    }

    [Test]
    public void An_energy_target_is_not_overshot_even_when_the_clock_jumps_past_it()
    {
        var kit = new ChargePointKit();
        var connector = kit.Charging();
        kit.Model.SetTarget(1, null, 1_000);

        kit.Pass(TimeSpan.FromHours(1));

        Assert.Multiple(() =>
        {
            Assert.That(connector.Transaction, Is.Null);
            Assert.That(connector.LastTransaction!.StopReason, Is.EqualTo(StopReason.EnergyLimitReached));
            Assert.That(connector.LastTransaction.EnergyWh(0), Is.EqualTo(1_000).Within(0.05));
            Assert.That(connector.EnergyRegisterWh, Is.EqualTo(1_000).Within(0.05));
        });
    }

    [Test]
    public void With_both_targets_the_first_one_reached_ends_the_session()
    {
        var kit = new ChargePointKit();
        kit.Charging();
        kit.Model.SetTarget(1, TimeSpan.FromMinutes(2), 5_000);

        kit.RunUntil(Start.AddMinutes(30));

        Assert.That(kit.Model.Connector(1)!.LastTransaction!.StopReason, Is.EqualTo(StopReason.TimeLimitReached));
    }

    [Test]
    public void Clearing_the_target_lets_the_session_run_on()
    {
        var kit = new ChargePointKit();
        kit.Charging();
        kit.Model.SetTarget(1, TimeSpan.FromMinutes(2), null);
        kit.Model.SetTarget(1, null, null);

        kit.RunUntil(Start.AddMinutes(30));

        Assert.That(kit.Model.Connector(1)!.Transaction, Is.Not.Null);
    }
}
