using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.SmartCharging;
using static OcppLab.UnitTests.ChargePoint.ChargePointKit;

namespace OcppLab.UnitTests.ChargePoint;

/// <summary>Charging profiles: kinds, purposes, stack levels, their effect on power, and the composite schedule.</summary>
public sealed class SmartChargingTests
{
    private static ChargingProfile Profile(
        int id,
        ProfilePurpose purpose,
        int evseId,
        int stackLevel,
        ProfileKind kind,
        params (int Start, double Limit)[] periods) =>
        new(id, stackLevel, purpose, kind,
            new ChargingSchedule(RateUnit.W, periods.Select(p => new SchedulePeriod(p.Start, p.Limit)).ToList(),
                StartSchedule: kind == ProfileKind.Relative ? null : Start),
            evseId,
            Recurrency: kind == ProfileKind.Recurring ? RecurrencyKind.Daily : null);

    [Test]
    public void An_absolute_TxDefault_profile_limits_the_power_period_by_period()
    {
        var kit = new ChargePointKit();
        var connector = kit.Charging();
        Assert.That(kit.Model.InstallProfile(Profile(1, ProfilePurpose.TxDefault, 1, 0, ProfileKind.Absolute, (0, 6_000), (1_800, 3_000))), Is.True);
        Assert.That(connector.PowerW, Is.EqualTo(6_000));

        kit.RunUntil(Start.AddHours(1));

        Assert.Multiple(() =>
        {
            Assert.That(connector.PowerW, Is.EqualTo(3_000));
            Assert.That(connector.EnergyRegisterWh, Is.EqualTo(3_000 + 1_500).Within(0.01));
        });
    }

    [Test]
    public void Installing_a_profile_that_lowers_the_power_reports_ChargingRateChanged()
    {
        var kit = new ChargePointKit();
        kit.Charging();

        kit.Model.InstallProfile(Profile(1, ProfilePurpose.TxDefault, 1, 0, ProfileKind.Absolute, (0, 6_000)));
        var update = kit.Model.TakeEvents().OfType<TransactionUpdated>().Single();

        Assert.Multiple(() =>
        {
            Assert.That(update.Trigger, Is.EqualTo(TxTrigger.ChargingRateChanged));
            Assert.That(update.Reading!.PowerW, Is.EqualTo(6_000));
        });
    }

    [Test]
    public void A_relative_profile_counts_from_the_transaction_start()
    {
        var kit = new ChargePointKit();
        kit.Charging(2);
        kit.Pass(TimeSpan.FromMinutes(20));
        var connector = kit.Charging(1);
        kit.Model.InstallProfile(Profile(1, ProfilePurpose.TxDefault, 0, 0, ProfileKind.Relative, (0, 5_000), (600, 2_000)));

        Assert.Multiple(() =>
        {
            Assert.That(connector.PowerW, Is.EqualTo(5_000), "transaction 1 just started");
            Assert.That(kit.Model.Connector(2)!.PowerW, Is.EqualTo(2_000), "transaction 2 is 20 minutes old");
        });

        kit.RunUntil(Start.AddMinutes(30));
        Assert.That(connector.PowerW, Is.EqualTo(2_000));
    }

    [Test]
    public void A_recurring_daily_profile_repeats_every_day()
    {
        // Anchored at 08:00: 3 kW for the first 2 hours of every day-cycle, 9 kW after.
        var kit = new ChargePointKit();
        var connector = kit.Charging();
        kit.Model.InstallProfile(Profile(1, ProfilePurpose.TxDefault, 1, 0, ProfileKind.Recurring, (0, 3_000), (7_200, 9_000)));
        Assert.That(connector.PowerW, Is.EqualTo(3_000));

        kit.Model.SetEvRequestsEnergy(1, false);
        kit.Pass(TimeSpan.FromHours(3));
        kit.Model.SetEvRequestsEnergy(1, true);
        Assert.That(connector.PowerW, Is.EqualTo(9_000), "11:00");

        kit.Model.SetEvRequestsEnergy(1, false);
        kit.Pass(TimeSpan.FromHours(22));
        kit.Model.SetEvRequestsEnergy(1, true);
        Assert.That(connector.PowerW, Is.EqualTo(3_000), "09:00 the next day");
    }

    [Test]
    public void The_highest_stack_level_of_a_purpose_wins()
    {
        var kit = new ChargePointKit();
        var connector = kit.Charging();
        kit.Model.InstallProfile(Profile(1, ProfilePurpose.TxDefault, 1, 0, ProfileKind.Absolute, (0, 8_000)));
        kit.Model.InstallProfile(Profile(2, ProfilePurpose.TxDefault, 1, 3, ProfileKind.Absolute, (0, 4_000)));
        Assert.That(connector.PowerW, Is.EqualTo(4_000));

        kit.Model.InstallProfile(Profile(3, ProfilePurpose.TxDefault, 1, 5, ProfileKind.Absolute, (0, 9_000)));
        Assert.That(connector.PowerW, Is.EqualTo(9_000), "a higher stack level may also raise the limit");
    }

    [Test]
    public void A_higher_stack_level_that_ended_falls_back_to_the_lower_one()
    {
        var kit = new ChargePointKit();
        var connector = kit.Charging();
        kit.Model.InstallProfile(Profile(1, ProfilePurpose.TxDefault, 1, 0, ProfileKind.Absolute, (0, 8_000)));
        kit.Model.InstallProfile(Profile(2, ProfilePurpose.TxDefault, 1, 1, ProfileKind.Absolute, (0, 4_000)) with
        {
            Schedule = new ChargingSchedule(RateUnit.W, [new SchedulePeriod(0, 4_000)], DurationSeconds: 600, StartSchedule: Start),
        });
        Assert.That(connector.PowerW, Is.EqualTo(4_000));

        kit.RunUntil(Start.AddMinutes(15));
        Assert.That(connector.PowerW, Is.EqualTo(8_000));
    }

    [Test]
    public void The_station_maximum_caps_every_connector_whatever_the_default_profile()
    {
        var kit = new ChargePointKit();
        var connector = kit.Charging();
        kit.Model.InstallProfile(Profile(1, ProfilePurpose.TxDefault, 1, 0, ProfileKind.Absolute, (0, 8_000)));
        kit.Model.InstallProfile(Profile(2, ProfilePurpose.StationMax, 0, 0, ProfileKind.Absolute, (0, 5_000)));
        var other = kit.Charging(2);

        Assert.Multiple(() =>
        {
            Assert.That(connector.PowerW, Is.EqualTo(5_000), "min(StationMax 5 kW, TxDefault 8 kW)");
            Assert.That(other.PowerW, Is.EqualTo(5_000), "no default profile on EVSE 2: StationMax alone");
        });
    }

    [Test]
    public void A_Tx_profile_replaces_the_default_profile_for_its_transaction_and_dies_with_it()
    {
        var kit = new ChargePointKit();
        var connector = kit.Charging();
        kit.Model.InstallProfile(Profile(1, ProfilePurpose.TxDefault, 1, 0, ProfileKind.Absolute, (0, 4_000)));
        Assert.That(kit.Model.InstallProfile(Profile(2, ProfilePurpose.Tx, 1, 0, ProfileKind.Relative, (0, 9_000))), Is.True);
        Assert.That(connector.PowerW, Is.EqualTo(9_000), "the Tx profile overrides TxDefault");

        kit.Model.StopTransaction(1, StopReason.Local, TxTrigger.StopAuthorized);
        kit.Model.Unplug(1);

        Assert.Multiple(() =>
        {
            Assert.That(kit.Model.Profiles.Profiles.Select(p => p.Id), Is.EqualTo(new[] { 1 }));
            Assert.That(kit.Charging().PowerW, Is.EqualTo(4_000), "the next transaction gets the default again");
        });
    }

    [Test]
    public void A_Tx_profile_without_a_transaction_is_rejected()
    {
        var kit = new ChargePointKit();

        Assert.Multiple(() =>
        {
            Assert.That(kit.Model.InstallProfile(Profile(1, ProfilePurpose.Tx, 1, 0, ProfileKind.Relative, (0, 9_000))), Is.False);
            Assert.That(kit.Model.Profiles.Count, Is.Zero);
        });
    }

    [Test]
    public void A_Tx_profile_for_another_transaction_is_rejected()
    {
        var kit = new ChargePointKit();
        var transaction = kit.Charging().Transaction!;
        transaction.CsmsTransactionId = 42;

        Assert.Multiple(() =>
        {
            Assert.That(kit.Model.InstallProfile(Profile(1, ProfilePurpose.Tx, 1, 0, ProfileKind.Relative, (0, 9_000)) with { TransactionId = "41" }), Is.False);
            Assert.That(kit.Model.InstallProfile(Profile(1, ProfilePurpose.Tx, 1, 0, ProfileKind.Relative, (0, 9_000)) with { TransactionId = "42" }), Is.True);
            Assert.That(kit.Model.InstallProfile(Profile(2, ProfilePurpose.Tx, 1, 1, ProfileKind.Relative, (0, 9_000)) with { TransactionId = transaction.Id }), Is.True);
        });
    }

    [Test]
    public void Profiles_that_break_the_charge_points_limits_are_rejected()
    {
        var kit = new ChargePointKit();
        var tooManyPeriods = Enumerable.Range(0, 25).Select(i => (i * 60, 5_000.0)).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(kit.Model.InstallProfile(Profile(1, ProfilePurpose.TxDefault, 1, 9, ProfileKind.Absolute, (0, 5_000))), Is.False, "stack level above ChargeProfileMaxStackLevel 8");
            Assert.That(kit.Model.InstallProfile(Profile(1, ProfilePurpose.TxDefault, 1, -1, ProfileKind.Absolute, (0, 5_000))), Is.False, "negative stack level");
            Assert.That(kit.Model.InstallProfile(Profile(1, ProfilePurpose.TxDefault, 1, 0, ProfileKind.Absolute)), Is.False, "no periods");
            Assert.That(kit.Model.InstallProfile(Profile(1, ProfilePurpose.TxDefault, 1, 0, ProfileKind.Absolute, tooManyPeriods)), Is.False, "more than 24 periods");
            Assert.That(kit.Model.InstallProfile(Profile(1, ProfilePurpose.StationMax, 1, 0, ProfileKind.Absolute, (0, 5_000))), Is.False, "StationMax on an EVSE");
            Assert.That(kit.Model.InstallProfile(Profile(1, ProfilePurpose.TxDefault, 3, 0, ProfileKind.Absolute, (0, 5_000))), Is.False, "unknown EVSE");
            Assert.That(kit.Model.InstallProfile(Profile(1, ProfilePurpose.TxDefault, 1, 8, ProfileKind.Absolute, (0, 5_000))), Is.True, "stack level 8 is allowed");
        });
    }

    [Test]
    public void V16_caps_the_number_of_installed_profiles_but_replacing_one_is_fine()
    {
        var kit = new ChargePointKit(settings: new Dictionary<string, string> { ["MaxChargingProfilesInstalled"] = "2" });
        kit.Model.InstallProfile(Profile(1, ProfilePurpose.TxDefault, 1, 0, ProfileKind.Absolute, (0, 5_000)));
        kit.Model.InstallProfile(Profile(2, ProfilePurpose.TxDefault, 1, 1, ProfileKind.Absolute, (0, 5_000)));

        Assert.Multiple(() =>
        {
            Assert.That(kit.Model.InstallProfile(Profile(3, ProfilePurpose.TxDefault, 1, 2, ProfileKind.Absolute, (0, 5_000))), Is.False);
            Assert.That(kit.Model.InstallProfile(Profile(2, ProfilePurpose.TxDefault, 1, 1, ProfileKind.Absolute, (0, 6_000))), Is.True, "same id");
            Assert.That(kit.Model.InstallProfile(Profile(7, ProfilePurpose.TxDefault, 1, 0, ProfileKind.Absolute, (0, 6_000))), Is.True, "same stack level and purpose");
            Assert.That(kit.Model.Profiles.Profiles.Select(p => p.Id), Is.EquivalentTo(new[] { 2, 7 }));
        });
    }

    [Test]
    public void Clearing_profiles_by_criteria_restores_the_power()
    {
        var kit = new ChargePointKit();
        var connector = kit.Charging();
        kit.Model.InstallProfile(Profile(1, ProfilePurpose.TxDefault, 1, 0, ProfileKind.Absolute, (0, 4_000)));
        kit.Model.InstallProfile(Profile(2, ProfilePurpose.StationMax, 0, 0, ProfileKind.Absolute, (0, 6_000)));

        Assert.Multiple(() =>
        {
            Assert.That(kit.Model.ClearProfiles(id: 99, evseId: null, purpose: null, stackLevel: null), Is.Zero);
            Assert.That(kit.Model.ClearProfiles(null, evseId: 1, purpose: ProfilePurpose.StationMax, stackLevel: null), Is.Zero, "criteria combine");
            Assert.That(kit.Model.ClearProfiles(null, null, ProfilePurpose.TxDefault, null), Is.EqualTo(1));
            Assert.That(connector.PowerW, Is.EqualTo(6_000));
            Assert.That(kit.Model.ClearProfiles(null, null, null, null), Is.EqualTo(1));
            Assert.That(connector.PowerW, Is.EqualTo(11_000));
        });
    }

    [Test]
    public void Ampere_limits_become_watts_by_phases_or_the_DC_voltage()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ChargingProfile.ToWatts(16, RateUnit.A, null, dc: false), Is.EqualTo(11_040), "3 × 230 V × 16 A");
            Assert.That(ChargingProfile.ToWatts(16, RateUnit.A, 1, dc: false), Is.EqualTo(3_680));
            Assert.That(ChargingProfile.ToWatts(100, RateUnit.A, null, dc: true), Is.EqualTo(40_000));
            Assert.That(ChargingProfile.ToWatts(7_000, RateUnit.W, 1, dc: false), Is.EqualTo(7_000));
            Assert.That(ChargingProfile.FromWatts(11_040, RateUnit.A, dc: false), Is.EqualTo(16).Within(1e-9));
        });
    }

    [Test]
    public void The_composite_schedule_merges_the_station_maximum_with_the_default_profile()
    {
        var kit = new ChargePointKit();
        kit.Model.InstallProfile(new ChargingProfile(1, 0, ProfilePurpose.TxDefault, ProfileKind.Absolute,
            new ChargingSchedule(RateUnit.W, [new SchedulePeriod(0, 8_000), new SchedulePeriod(600, 4_000), new SchedulePeriod(1_200, 6_000)], DurationSeconds: 1_800, StartSchedule: Start),
            EvseId: 1));

        var alone = kit.Model.Profiles.Composite(1, Start, 3_600, null, dc: false, hardwareMaxW: 22_000);
        Assert.That(alone, Is.EqualTo(new[] { (0, 8_000.0), (600, 4_000.0), (1_200, 6_000.0), (1_800, 22_000.0) }));

        kit.Model.InstallProfile(Profile(2, ProfilePurpose.StationMax, 0, 0, ProfileKind.Absolute, (0, 5_000)));
        var capped = kit.Model.Profiles.Composite(1, Start, 3_600, null, dc: false, hardwareMaxW: 22_000);
        Assert.That(capped, Is.EqualTo(new[] { (0, 5_000.0), (600, 4_000.0), (1_200, 5_000.0) }), "equal neighbours merge");

        var later = kit.Model.Profiles.Composite(1, Start.AddSeconds(900), 600, null, dc: false, hardwareMaxW: 22_000);
        Assert.That(later, Is.EqualTo(new[] { (0, 4_000.0), (300, 5_000.0) }), "offsets count from the requested start");
    }

    [Test]
    public void The_composite_schedule_without_profiles_is_the_hardware_maximum()
    {
        var kit = new ChargePointKit();

        Assert.That(kit.Model.Profiles.Composite(1, Start, 600, null, dc: false, hardwareMaxW: 22_000), Is.EqualTo(new[] { (0, 22_000.0) }));
    }

    [Test]
    public void The_composite_schedule_of_a_recurring_profile_steps_at_every_recurrence()
    {
        var kit = new ChargePointKit();
        kit.Model.InstallProfile(Profile(1, ProfilePurpose.TxDefault, 0, 0, ProfileKind.Recurring, (0, 3_000), (7_200, 9_000)));

        var steps = kit.Model.Profiles.Composite(1, Start.AddHours(1), 2 * 86_400, null, dc: false, hardwareMaxW: 22_000);

        Assert.That(steps, Is.EqualTo(new[]
        {
            (0, 3_000.0), (3_600, 9_000.0),
            (86_400 - 3_600, 3_000.0), (86_400 + 3_600, 9_000.0),
            ((2 * 86_400) - 3_600, 3_000.0),
        }));
    }

    [Test]
    public void A_profile_outside_its_validity_sets_no_limit()
    {
        var profile = Profile(1, ProfilePurpose.TxDefault, 1, 0, ProfileKind.Absolute, (0, 3_000)) with
        {
            ValidFrom = Start.AddHours(1),
            ValidTo = Start.AddHours(2),
        };

        Assert.Multiple(() =>
        {
            Assert.That(profile.LimitAt(Start.AddMinutes(30), null, dc: false), Is.Null);
            Assert.That(profile.LimitAt(Start.AddMinutes(90), null, dc: false), Is.EqualTo(3_000));
            Assert.That(profile.LimitAt(Start.AddHours(2), null, dc: false), Is.Null, "validTo is exclusive");
        });
    }
}
