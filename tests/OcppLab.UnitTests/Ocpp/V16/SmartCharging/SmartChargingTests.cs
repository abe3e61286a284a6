using static OcppLab.UnitTests.Ocpp.Station;
using static OcppLab.UnitTests.Ocpp.V16.V16Station;

namespace OcppLab.UnitTests.Ocpp.V16.SmartCharging;

/// <summary>OCPP 1.6 SmartCharging: a TxProfile on a running transaction and ampere rounding (the rest: <see cref="BothVersions.SmartChargingTests"/>).</summary>
public sealed class SmartChargingTests
{
    internal static JsonObject SetProfile(int connector, int id, string purpose, int stackLevel = 0, double limit = 16, string unit = "A", string? extra = null) =>
        Payloads.Of($$"""
            {"connectorId":{{connector}},"csChargingProfiles":{"chargingProfileId":{{id}},"stackLevel":{{stackLevel}},"chargingProfilePurpose":"{{purpose}}",
             "chargingProfileKind":"Absolute"{{extra}},"chargingSchedule":{"chargingRateUnit":"{{unit}}","startSchedule":"2026-03-02T08:00:00Z",
             "chargingSchedulePeriod":[{"startPeriod":0,"limit":{{limit.ToString(System.Globalization.CultureInfo.InvariantCulture)}} },{"startPeriod":1800,"limit":8}]} } }
            """);

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
    public void GetCompositeSchedule_in_amperes_is_rounded_to_the_schemas_tenth()
    {
        var session = Session();
        session.Receive("SetChargingProfile", SetProfile(1, 1, "TxDefaultProfile", limit: 7_777, unit: "W"));

        session.Receive("GetCompositeSchedule", Payloads.Of("""{"connectorId":1,"duration":600,"chargingRateUnit":"A"}"""));

        Assert.That(session.SchemaViolations(), Is.Empty);
    }
}
