using static OcppLab.UnitTests.Ocpp.Station;
using static OcppLab.UnitTests.Ocpp.V201.V201Station;

namespace OcppLab.UnitTests.Ocpp.V201.SmartCharging;

/// <summary>OCPP 2.0.1 K (SmartCharging): a TxProfile on a running transaction and GetChargingProfiles (the rest: <see cref="BothVersions.SmartChargingTests"/>).</summary>
public sealed class SmartChargingTests
{
    internal static JsonObject Profile(int evseId, int id, string purpose, int stackLevel = 0, double limit = 16, string? transactionId = null) => Payloads.Of($$"""
        {"evseId":{{evseId}},"chargingProfile":{"id":{{id}},"stackLevel":{{stackLevel}},"chargingProfilePurpose":"{{purpose}}","chargingProfileKind":"Absolute"{{(transactionId is null ? "" : $",\"transactionId\":\"{transactionId}\"")}},
          "chargingSchedule":[{"id":{{id}},"startSchedule":"2026-03-02T08:00:00Z","chargingRateUnit":"A",
            "chargingSchedulePeriod":[{"startPeriod":0,"limit":{{limit.ToString(System.Globalization.CultureInfo.InvariantCulture)}} },{"startPeriod":1800,"limit":8,"numberPhases":3}]}]} }
        """);

    [Test]
    public void A_TxProfile_for_the_running_transaction_changes_the_rate_with_a_TransactionEvent()
    {
        var session = Session();
        var transaction = Charging(session);

        var reply = session.Receive("SetChargingProfile", Profile(1, 3, "TxProfile", limit: 10, transactionId: transaction.Id));
        var update = session.Deliver().Single();

        Assert.Multiple(() =>
        {
            Assert.That(Status(reply), Is.EqualTo("Accepted"));
            Assert.That(session.Model.Connector(1)!.PowerW, Is.EqualTo(6_900));
            Assert.That(update.Payload.Str("triggerReason"), Is.EqualTo("ChargingRateChanged"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void GetChargingProfiles_reports_after_the_reply_one_message_per_EVSE()
    {
        var session = Session();
        session.Receive("SetChargingProfile", Profile(1, 1, "TxDefaultProfile"));
        session.Receive("SetChargingProfile", Profile(0, 2, "ChargingStationMaxProfile"));

        var reply = session.Receive("GetChargingProfiles", Payloads.Of("""{"requestId":31,"chargingProfile":{}}"""), sendReply: false);
        Assert.That(session.Outbox, Is.Empty);
        session.ReplySent();
        var reports = session.Deliver();

        Assert.Multiple(() =>
        {
            Assert.That(Status(reply), Is.EqualTo("Accepted"));
            Assert.That(reports.Select(r => r.Action), Is.All.EqualTo("ReportChargingProfiles"));
            Assert.That(reports.Select(r => r.Payload.Int("evseId")), Is.EquivalentTo(new int?[] { 0, 1 }));
            Assert.That(reports.Select(r => r.Payload["tbc"]!.GetValue<bool>()), Is.EqualTo(new[] { true, false }));
            Assert.That(reports.Select(r => r.Payload.Int("requestId")), Is.All.EqualTo(31));
            var profile = reports.Single(r => r.Payload.Int("evseId") == 1).Payload["chargingProfile"]![0]!;
            Assert.That(profile.Int("id"), Is.EqualTo(1));
            Assert.That(profile.Str("chargingProfilePurpose"), Is.EqualTo("TxDefaultProfile"));
            Assert.That(profile["chargingSchedule"]![0]!["chargingSchedulePeriod"]!.AsArray(), Has.Count.EqualTo(2));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void GetChargingProfiles_with_no_match_is_NoProfiles()
    {
        var session = Session();
        session.Receive("SetChargingProfile", Profile(1, 1, "TxDefaultProfile"));

        Assert.Multiple(() =>
        {
            Assert.That(Status(session.Receive("GetChargingProfiles", Payloads.Of("""{"requestId":1,"chargingProfile":{"chargingProfilePurpose":"TxProfile"}}"""))), Is.EqualTo("NoProfiles"));
            Assert.That(Status(session.Receive("GetChargingProfiles", Payloads.Of("""{"requestId":2,"chargingProfile":{"chargingLimitSource":["EMS"]}}"""))), Is.EqualTo("NoProfiles"));
            Assert.That(Status(session.Receive("GetChargingProfiles", Payloads.Of("""{"requestId":3,"evseId":2,"chargingProfile":{}}"""))), Is.EqualTo("NoProfiles"));
            Assert.That(Status(session.Receive("GetChargingProfiles", Payloads.Of("""{"requestId":4,"chargingProfile":{"chargingProfileId":[1]}}"""))), Is.EqualTo("Accepted"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }
}
