using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.Authorization;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Ocpp.Framing;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.UnitTests.Ocpp.Protocol;
using Payloads = OcppLab.UnitTests.Ocpp.Protocol.Json;
using static OcppLab.UnitTests.Ocpp.V16.V16Station;

namespace OcppLab.UnitTests.Ocpp.V16.SmartCharging;

/// <summary>OCPP 1.6 SmartCharging: Set/ClearChargingProfile and GetCompositeSchedule.</summary>
public sealed class SmartChargingTests
{
    internal static JsonObject SetProfile(int connector, int id, string purpose, int stackLevel = 0, double limit = 16, string unit = "A", string? extra = null) =>
        Payloads.Of($$"""
            {"connectorId":{{connector}},"csChargingProfiles":{"chargingProfileId":{{id}},"stackLevel":{{stackLevel}},"chargingProfilePurpose":"{{purpose}}",
             "chargingProfileKind":"Absolute"{{extra}},"chargingSchedule":{"chargingRateUnit":"{{unit}}","startSchedule":"2026-03-02T08:00:00Z",
             "chargingSchedulePeriod":[{"startPeriod":0,"limit":{{limit.ToString(System.Globalization.CultureInfo.InvariantCulture)}} },{"startPeriod":1800,"limit":8}]} } }
            """);

    [Test]
    public void SetChargingProfile_installs_valid_profiles_and_rejects_a_TxProfile_without_a_transaction()
    {
        var session = Session();

        Assert.Multiple(() =>
        {
            Assert.That(Status(session.Receive("SetChargingProfile", SetProfile(1, 1, "TxDefaultProfile"))), Is.EqualTo("Accepted"));
            Assert.That(Status(session.Receive("SetChargingProfile", SetProfile(0, 2, "ChargePointMaxProfile"))), Is.EqualTo("Accepted"));
            Assert.That(Status(session.Receive("SetChargingProfile", SetProfile(1, 3, "TxProfile"))), Is.EqualTo("Rejected"));
            Assert.That(Status(session.Receive("SetChargingProfile", SetProfile(1, 4, "ChargePointMaxProfile"))), Is.EqualTo("Rejected"));
            Assert.That(Status(session.Receive("SetChargingProfile", SetProfile(1, 5, "TxDefaultProfile", stackLevel: 9))), Is.EqualTo("Rejected"));
            Assert.That(session.Model.Profiles.Profiles.Select(p => p.Id), Is.EquivalentTo(new[] { 1, 2 }));
        });
    }

    [Test]
    public void SetChargingProfile_TxProfile_for_the_running_transaction_limits_its_power()
    {
        var session = Session();
        var transaction = Charging(session);

        var reply = session.Receive("SetChargingProfile", SetProfile(1, 3, "TxProfile", limit: 10, extra: $$""","transactionId":{{transaction.CsmsTransactionId}}"""));
        var update = session.Deliver().Single(s => s.Action == "MeterValues");

        Assert.Multiple(() =>
        {
            Assert.That(Status(reply), Is.EqualTo("Accepted"));
            Assert.That(session.Model.Connector(1)!.PowerW, Is.EqualTo(6_900), "10 A × 3 × 230 V");
            Assert.That(update.Payload.Int("transactionId"), Is.EqualTo(transaction.CsmsTransactionId));
            Assert.That(update.Payload["meterValue"]![0]!["sampledValue"]![0].Str("context"), Is.EqualTo("Trigger"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void ClearChargingProfile_is_Accepted_when_something_matched_else_Unknown()
    {
        var session = Session();
        session.Receive("SetChargingProfile", SetProfile(1, 1, "TxDefaultProfile"));
        session.Receive("SetChargingProfile", SetProfile(0, 2, "ChargePointMaxProfile"));

        Assert.Multiple(() =>
        {
            Assert.That(Status(session.Receive("ClearChargingProfile", Payloads.Of("""{"id":7}"""))), Is.EqualTo("Unknown"));
            Assert.That(Status(session.Receive("ClearChargingProfile", Payloads.Of("""{"id":1}"""))), Is.EqualTo("Accepted"));
            Assert.That(Status(session.Receive("ClearChargingProfile", Payloads.Of("""{"chargingProfilePurpose":"ChargePointMaxProfile"}"""))), Is.EqualTo("Accepted"));
            Assert.That(Status(session.Receive("ClearChargingProfile", []))!, Is.EqualTo("Unknown"));
            Assert.That(session.Model.Profiles.Count, Is.Zero);
        });
    }

    [Test]
    public void GetCompositeSchedule_steps_through_the_installed_profiles()
    {
        var session = Session();
        session.Receive("SetChargingProfile", SetProfile(1, 1, "TxDefaultProfile"));

        var watts = session.Receive("GetCompositeSchedule", Payloads.Of("""{"connectorId":1,"duration":3600,"chargingRateUnit":"W"}"""));
        var amps = session.Receive("GetCompositeSchedule", Payloads.Of("""{"connectorId":1,"duration":3600,"chargingRateUnit":"A"}"""));
        var unknown = session.Receive("GetCompositeSchedule", Payloads.Of("""{"connectorId":9,"duration":3600}"""));

        Assert.Multiple(() =>
        {
            Assert.That(Status(watts), Is.EqualTo("Accepted"));
            Assert.That(watts.Result.Int("connectorId"), Is.EqualTo(1));
            Assert.That(watts.Result.Str("scheduleStart"), Is.EqualTo("2026-03-02T08:00:00.000Z"));
            var periods = watts.Result!["chargingSchedule"]!["chargingSchedulePeriod"]!.AsArray();
            Assert.That(periods.Select(p => (p.Int("startPeriod"), p!["limit"]!.GetValue<double>())), Is.EqualTo(new[] { ((int?)0, 11_040.0), (1_800, 5_520.0) }));
            var ampPeriods = amps.Result!["chargingSchedule"]!["chargingSchedulePeriod"]!.AsArray();
            Assert.That(ampPeriods.Select(p => p!["limit"]!.GetValue<double>()), Is.EqualTo(new[] { 16.0, 8.0 }));
            Assert.That(Status(unknown), Is.EqualTo("Rejected"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void GetCompositeSchedule_in_amperes_is_rounded_to_the_schemas_tenth()
    {
        var session = Session();
        session.Receive("SetChargingProfile", SetProfile(1, 1, "TxDefaultProfile", limit: 7_777, unit: "W"));

        session.Receive("GetCompositeSchedule", Payloads.Of("""{"connectorId":1,"duration":600,"chargingRateUnit":"A"}"""));

        Assert.That(session.SchemaViolations(), Is.Empty);
    }
}
