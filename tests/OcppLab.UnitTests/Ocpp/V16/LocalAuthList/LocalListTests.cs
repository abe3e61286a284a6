using static OcppLab.UnitTests.Ocpp.Station;
using static OcppLab.UnitTests.Ocpp.V16.V16Station;

namespace OcppLab.UnitTests.Ocpp.V16.LocalAuthList;

/// <summary>OCPP 1.6 LocalAuthListManagement: SendLocalList and GetLocalListVersion.</summary>
public sealed class LocalListTests
{
    [Test]
    public void SendLocalList_full_then_differential_with_version_checks()
    {
        var session = Session();

        Assert.That(session.Receive("GetLocalListVersion", []).Result.Int("listVersion"), Is.Zero);
        Assert.That(Status(session.Receive("SendLocalList", Payloads.Of("""
            {"listVersion":3,"updateType":"Full","localAuthorizationList":[{"idTag":"A","idTagInfo":{"status":"Accepted"}},{"idTag":"B","idTagInfo":{"status":"Blocked","expiryDate":"2030-01-01T00:00:00Z"}}]}
            """))), Is.EqualTo("Accepted"));
        Assert.Multiple(() =>
        {
            Assert.That(session.Receive("GetLocalListVersion", []).Result.Int("listVersion"), Is.EqualTo(3));
            Assert.That(session.Model.LocalList.Find("B")!.ExpiryDate, Is.EqualTo(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero)));
            Assert.That(Status(session.Receive("SendLocalList", Payloads.Of("""{"listVersion":3,"updateType":"Differential","localAuthorizationList":[{"idTag":"C","idTagInfo":{"status":"Accepted"}}]}"""))), Is.EqualTo("VersionMismatch"));
            Assert.That(Status(session.Receive("SendLocalList", Payloads.Of("""{"listVersion":4,"updateType":"Differential","localAuthorizationList":[{"idTag":"A"}]}"""))), Is.EqualTo("Accepted"));
            Assert.That(session.Model.LocalList.Entries.Keys, Is.EqualTo(new[] { "B" }));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void A_disabled_local_list_reports_version_minus_1_and_refuses_updates()
    {
        var session = Session(new Dictionary<string, string> { ["LocalAuthListEnabled"] = "false" });

        Assert.Multiple(() =>
        {
            Assert.That(session.Receive("GetLocalListVersion", []).Result.Int("listVersion"), Is.EqualTo(-1));
            Assert.That(Status(session.Receive("SendLocalList", Payloads.Of("""{"listVersion":1,"updateType":"Full"}"""))), Is.EqualTo("NotSupported"));
        });
    }
}
