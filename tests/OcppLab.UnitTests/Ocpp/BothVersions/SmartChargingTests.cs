using static OcppLab.UnitTests.Ocpp.Station;

namespace OcppLab.UnitTests.Ocpp.BothVersions;

/// <summary>
/// Set/ClearChargingProfile and GetCompositeSchedule, which 1.6 (SmartCharging profile, §5.5, §5.7,
/// §5.16) and 2.0.1 (K01, K10, K08) define alike; each test runs once per version in its own words.
/// What only one version has stays in V16/SmartCharging and V201/SmartCharging.
/// </summary>
public sealed class SmartChargingTests
{
    [TestCaseSource(typeof(Wire), nameof(Wire.Both))]
    public void SetChargingProfile_installs_valid_profiles_and_rejects_a_TxProfile_without_a_transaction(OcppVersion version)
    {
        var wire = new Wire(version);
        var session = wire.Session();

        Assert.Multiple(() =>
        {
            Assert.That(Status(session.Receive("SetChargingProfile", wire.SetProfile(1, 1, "TxDefaultProfile"))), Is.EqualTo("Accepted"));
            Assert.That(Status(session.Receive("SetChargingProfile", wire.SetProfile(0, 2, wire.StationMaxPurpose))), Is.EqualTo("Accepted"));
            Assert.That(Status(session.Receive("SetChargingProfile", wire.SetProfile(1, 3, "TxProfile"))), Is.EqualTo("Rejected"), "no transaction to apply it to");
            Assert.That(Status(session.Receive("SetChargingProfile", wire.SetProfile(1, 4, wire.StationMaxPurpose))), Is.EqualTo("Rejected"), "the charger's cap is for connector (EVSE) 0 only");
            Assert.That(Status(session.Receive("SetChargingProfile", wire.SetProfile(2, 6, wire.StationMaxPurpose))), Is.EqualTo("Rejected"), "the charger's cap is for connector (EVSE) 0 only");
            Assert.That(Status(session.Receive("SetChargingProfile", wire.SetProfile(1, 5, "TxDefaultProfile", stackLevel: 9))), Is.EqualTo("Rejected"), "above the highest stack level");
            Assert.That(session.Model.Profiles.Profiles.Select(p => p.Id), Is.EquivalentTo(new[] { 1, 2 }));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [TestCaseSource(typeof(Wire), nameof(Wire.Both))]
    public void ClearChargingProfile_by_id_or_criteria_is_Accepted_when_something_matched_else_Unknown(OcppVersion version)
    {
        var wire = new Wire(version);
        var session = wire.Session();
        session.Receive("SetChargingProfile", wire.SetProfile(1, 1, "TxDefaultProfile"));
        session.Receive("SetChargingProfile", wire.SetProfile(0, 2, wire.StationMaxPurpose));

        Assert.Multiple(() =>
        {
            Assert.That(Status(session.Receive("ClearChargingProfile", wire.ClearById(7))), Is.EqualTo("Unknown"));
            Assert.That(Status(session.Receive("ClearChargingProfile", wire.ClearById(1))), Is.EqualTo("Accepted"));
            Assert.That(Status(session.Receive("ClearChargingProfile", wire.ClearStationMax())), Is.EqualTo("Accepted"));
            Assert.That(Status(session.Receive("ClearChargingProfile", [])), Is.EqualTo("Unknown"), "nothing left to clear");
            Assert.That(session.Model.Profiles.Count, Is.Zero);
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [TestCaseSource(typeof(Wire), nameof(Wire.Both))]
    public void GetCompositeSchedule_steps_through_the_installed_profiles(OcppVersion version)
    {
        var wire = new Wire(version);
        var session = wire.Session();
        session.Receive("SetChargingProfile", wire.SetProfile(1, 1, "TxDefaultProfile"));

        var watts = session.Receive("GetCompositeSchedule", wire.GetCompositeSchedule(1, 3600, "W"));
        var amps = session.Receive("GetCompositeSchedule", wire.GetCompositeSchedule(1, 3600, "A"));
        var unknown = session.Receive("GetCompositeSchedule", wire.GetCompositeSchedule(9, 3600));

        Assert.Multiple(() =>
        {
            Assert.That(Status(watts), Is.EqualTo("Accepted"));
            Assert.That(wire.ScheduleConnector(watts), Is.EqualTo(1));
            Assert.That(wire.ScheduleStart(watts), Is.EqualTo("2026-03-02T08:00:00.000Z"));
            var schedule = wire.Schedule(watts)!;
            Assert.That(schedule.Int("duration"), Is.EqualTo(3600));
            Assert.That(schedule.Str("chargingRateUnit"), Is.EqualTo("W"));
            Assert.That(schedule["chargingSchedulePeriod"]!.AsArray().Select(p => (p.Int("startPeriod"), p!["limit"]!.GetValue<double>())), Is.EqualTo(new[] { ((int?)0, 11_040.0), (1_800, 5_520.0) }), "16 A and 8 A × 3 × 230 V");
            Assert.That(wire.Schedule(amps)!["chargingSchedulePeriod"]!.AsArray().Select(p => p!["limit"]!.GetValue<double>()), Is.EqualTo(new[] { 16.0, 8.0 }));
            Assert.That(Status(unknown), Is.EqualTo("Rejected"), "an unknown connector (EVSE)");
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }
}
