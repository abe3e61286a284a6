using OcppLab.Domain.ChargePoint;
using static OcppLab.UnitTests.ChargePoint.ChargePointKit;

namespace OcppLab.UnitTests.ChargePoint;

/// <summary>The meter: energy = power × time; power = min(charger, profile, setpoint, car).</summary>
public sealed class EnergyModelTests
{
    [Test]
    public void The_energy_register_grows_by_power_times_time()
    {
        var kit = new ChargePointKit(maxPowerW: 22_000);
        var connector = kit.Charging();
        Assert.That(connector.PowerW, Is.EqualTo(11_000), "an AC car with an 11 kW on-board charger");

        kit.Pass(TimeSpan.FromMinutes(30));
        Assert.That(connector.EnergyRegisterWh, Is.EqualTo(5_500).Within(0.01));

        kit.Pass(TimeSpan.FromMinutes(30));
        Assert.Multiple(() =>
        {
            Assert.That(connector.EnergyRegisterWh, Is.EqualTo(11_000).Within(0.01));
            Assert.That(connector.Transaction!.EnergyWh(connector.EnergyRegisterWh), Is.EqualTo(11_000).Within(0.01));
            Assert.That(connector.Vehicle!.SocPercent, Is.EqualTo(30 + (11_000.0 / 60_000 * 100)).Within(0.001));
        });
    }

    [Test]
    public void No_energy_flows_without_a_transaction()
    {
        var kit = new ChargePointKit();
        kit.Model.PlugIn(1);

        kit.Pass(TimeSpan.FromHours(1));

        Assert.Multiple(() =>
        {
            Assert.That(kit.Model.Connector(1)!.EnergyRegisterWh, Is.Zero);
            Assert.That(kit.Model.Connector(1)!.PowerW, Is.Zero);
        });
    }

    [Test]
    public void The_register_carries_over_to_the_next_transaction_as_its_meter_start()
    {
        var kit = new ChargePointKit();
        kit.Charging();
        kit.Pass(TimeSpan.FromMinutes(6));
        kit.Model.StopTransaction(1, StopReason.Local, TxTrigger.StopAuthorized);
        var first = kit.Model.Connector(1)!.LastTransaction!;
        kit.Pass(TimeSpan.FromMinutes(10));
        kit.Model.Unplug(1);

        var second = kit.Charging().Transaction!;

        Assert.Multiple(() =>
        {
            Assert.That(first.MeterStartWh, Is.Zero);
            Assert.That(first.MeterStopWh, Is.EqualTo(1_100).Within(0.01));
            Assert.That(first.EnergyWh(99_999), Is.EqualTo(1_100).Within(0.01), "an ended transaction's energy is fixed");
            Assert.That(second.MeterStartWh, Is.EqualTo(1_100).Within(0.01), "idle time added nothing");
        });
    }

    [Test]
    public void Power_is_limited_by_the_charger_maximum()
    {
        var kit = new ChargePointKit(maxPowerW: 7_400);
        var connector = kit.Charging();

        kit.Pass(TimeSpan.FromHours(1));

        Assert.Multiple(() =>
        {
            Assert.That(connector.PowerW, Is.EqualTo(7_400));
            Assert.That(connector.EnergyRegisterWh, Is.EqualTo(7_400).Within(0.01));
        });
    }

    [Test]
    public void The_power_setpoint_caps_the_power_and_reports_a_rate_change()
    {
        var kit = new ChargePointKit();
        var connector = kit.Charging();
        kit.Pass(TimeSpan.FromMinutes(30));

        Assert.That(kit.Model.SetPowerSetpoint(1, 4_000).Succeeded, Is.True);
        var events = kit.Model.TakeEvents();
        kit.Pass(TimeSpan.FromMinutes(30));

        Assert.Multiple(() =>
        {
            Assert.That(connector.PowerW, Is.EqualTo(4_000));
            Assert.That(connector.EnergyRegisterWh, Is.EqualTo(5_500 + 2_000).Within(0.01));
            var update = events.OfType<TransactionUpdated>().Single(e => e.Trigger == TxTrigger.ChargingRateChanged);
            Assert.That(update.Reading!.PowerW, Is.EqualTo(4_000));
            Assert.That(update.Reading.Context, Is.EqualTo(MeterReading.Trigger));
            Assert.That(update.Reading.EnergyWh, Is.EqualTo(5_500).Within(0.1));
        });

        kit.Model.SetPowerSetpoint(1, null);
        Assert.That(connector.PowerW, Is.EqualTo(11_000), "the car's maximum again");
    }

    [Test]
    public void A_setpoint_above_the_current_power_reports_no_rate_change()
    {
        var kit = new ChargePointKit();
        kit.Charging();

        kit.Model.SetPowerSetpoint(1, 20_000);

        Assert.That(kit.Model.TakeEvents().OfType<TransactionUpdated>(), Is.Empty);
    }

    [Test]
    public void An_AC_car_draws_constant_power_until_full_then_suspends()
    {
        // 600 Wh to go at 11 kW: full after 196.36 s.
        var kit = new ChargePointKit(vehicle: () => new ElectricVehicle(60_000, 99, 11_000));
        var connector = kit.Charging();

        kit.Pass(TimeSpan.FromSeconds(120));
        Assert.That(connector.PowerW, Is.EqualTo(11_000), "no taper on AC");

        kit.RunUntil(Start.AddMinutes(5));
        var events = kit.Model.TakeEvents();

        Assert.Multiple(() =>
        {
            Assert.That(connector.Vehicle!.IsFull, Is.True);
            Assert.That(connector.Vehicle.SocPercent, Is.EqualTo(100));
            Assert.That(connector.EnergyRegisterWh, Is.EqualTo(600).Within(0.01), "no energy beyond a full battery");
            Assert.That(connector.PowerW, Is.Zero);
            Assert.That(connector.Status, Is.EqualTo(ConnectorStatus.SuspendedEV));
            Assert.That(connector.Transaction!.ChargingState, Is.EqualTo(ChargingState.SuspendedEV));
            Assert.That(Statuses(events, 1), Is.EqualTo(new[] { ConnectorStatus.SuspendedEV }));
        });
    }

    [Test]
    public void A_DC_car_takes_full_power_up_to_80_percent_then_tapers()
    {
        var kit = new ChargePointKit(maxPowerW: 50_000, currentType: "dc", vehicle: () => new ElectricVehicle(50_000, 70, 50_000));
        var connector = kit.Charging();
        Assert.That(connector.PowerW, Is.EqualTo(50_000));

        // 5 kWh to 80 %: 6 minutes at full power.
        kit.RunUntil(Start.AddMinutes(6));
        Assert.That(connector.Vehicle!.SocPercent, Is.EqualTo(80).Within(0.01));

        kit.RunUntil(Start.AddMinutes(12));
        var soc = connector.Vehicle.SocPercent;
        var expected = 50_000 * (1 - ((soc - 80) / 20 * 0.95));
        Assert.Multiple(() =>
        {
            Assert.That(soc, Is.GreaterThan(80).And.LessThan(100));
            Assert.That(connector.PowerW, Is.LessThan(50_000));
            Assert.That(connector.PowerW, Is.EqualTo(expected).Within(0.5), "linear taper from 80 % to 5 % at 100 %");
            Assert.That(connector.Status, Is.EqualTo(ConnectorStatus.Charging));
        });
    }

    [Test]
    public void The_taper_follows_the_state_of_charge()
    {
        var car = new ElectricVehicle(50_000, 90, 100_000);

        Assert.Multiple(() =>
        {
            Assert.That(car.AcceptedPowerW(dc: true), Is.EqualTo(52_500).Within(0.001), "90 %: 1 - 0.5 × 0.95");
            Assert.That(car.AcceptedPowerW(dc: false), Is.EqualTo(100_000), "AC does not taper");
            Assert.That(new ElectricVehicle(50_000, 80, 100_000).AcceptedPowerW(dc: true), Is.EqualTo(100_000));
            Assert.That(new ElectricVehicle(50_000, 100, 100_000).AcceptedPowerW(dc: true), Is.Zero);
            Assert.That(new ElectricVehicle(50_000, 140, 100_000).SocPercent, Is.EqualTo(100), "clamped");
        });
    }

    [Test]
    public void A_DC_car_charges_to_full_and_ends_in_SuspendedEV()
    {
        var kit = new ChargePointKit(maxPowerW: 50_000, currentType: "dc", vehicle: () => new ElectricVehicle(20_000, 95, 50_000));
        var connector = kit.Charging();

        kit.RunUntil(Start.AddHours(2));

        Assert.Multiple(() =>
        {
            Assert.That(connector.Vehicle!.IsFull, Is.True);
            Assert.That(connector.EnergyRegisterWh, Is.EqualTo(1_000).Within(0.01));
            Assert.That(connector.Status, Is.EqualTo(ConnectorStatus.SuspendedEV));
            Assert.That(connector.Transaction, Is.Not.Null, "a full car does not end the transaction");
        });
    }

    [Test]
    public void Readings_carry_the_state_of_charge_only_on_DC()
    {
        var dc = new ChargePointKit(currentType: "dc", maxPowerW: 50_000);
        var ac = new ChargePointKit();
        var dcConnector = dc.Charging();
        var acConnector = ac.Charging();

        var dcReading = dc.Model.Read(dcConnector, MeterReading.SamplePeriodic);
        var acReading = ac.Model.Read(acConnector, MeterReading.SamplePeriodic);

        Assert.Multiple(() =>
        {
            Assert.That(dcReading.SocPercent, Is.EqualTo(20));
            Assert.That(dcReading.CurrentA, Is.EqualTo(125).Within(0.1), "50 kW at a nominal 400 V");
            Assert.That(acReading.SocPercent, Is.Null);
            Assert.That(acReading.CurrentA, Is.EqualTo(15.9).Within(0.05), "11 kW over three 230 V phases");
            Assert.That(acReading.Timestamp, Is.EqualTo(Start));
        });
    }
}
