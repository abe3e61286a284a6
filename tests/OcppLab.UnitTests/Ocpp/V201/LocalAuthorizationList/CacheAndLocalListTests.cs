using static OcppLab.UnitTests.Ocpp.Station;
using static OcppLab.UnitTests.Ocpp.V201.V201Station;

namespace OcppLab.UnitTests.Ocpp.V201.LocalAuthorizationList;

/// <summary>OCPP 2.0.1 C/D: ClearCache and the local authorization list.</summary>
public sealed class CacheAndLocalListTests
{
    [Test]
    public void ClearCache_and_the_local_list()
    {
        var session = Session();

        Assert.Multiple(() =>
        {
            Assert.That(Status(session.Receive("ClearCache", [])), Is.EqualTo("Accepted"));
            Assert.That(session.Receive("GetLocalListVersion", []).Result.Int("versionNumber"), Is.Zero);
            Assert.That(Status(session.Receive("SendLocalList", Payloads.Of("""
                {"versionNumber":5,"updateType":"Full","localAuthorizationList":[
                  {"idToken":{"idToken":"A","type":"ISO14443"},"idTokenInfo":{"status":"Accepted"}},
                  {"idToken":{"idToken":"B","type":"ISO14443"},"idTokenInfo":{"status":"Blocked"}}]}
                """))), Is.EqualTo("Accepted"));
            Assert.That(session.Receive("GetLocalListVersion", []).Result.Int("versionNumber"), Is.EqualTo(5));
            Assert.That(Status(session.Receive("SendLocalList", Payloads.Of("""{"versionNumber":5,"updateType":"Differential","localAuthorizationList":[{"idToken":{"idToken":"A","type":"ISO14443"}}]}"""))), Is.EqualTo("VersionMismatch"));
            Assert.That(Status(session.Receive("SendLocalList", Payloads.Of("""{"versionNumber":6,"updateType":"Differential","localAuthorizationList":[{"idToken":{"idToken":"A","type":"ISO14443"}}]}"""))), Is.EqualTo("Accepted"));
            Assert.That(session.Model.LocalList.Entries.Keys, Is.EqualTo(new[] { "B" }));
            Assert.That(session.Model.LocalList.Find("B")!.Status, Is.EqualTo(AuthorizationStatus.Blocked));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }
}
