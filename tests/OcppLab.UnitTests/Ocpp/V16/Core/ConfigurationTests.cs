using static OcppLab.UnitTests.Ocpp.Station;
using static OcppLab.UnitTests.Ocpp.V16.V16Station;

namespace OcppLab.UnitTests.Ocpp.V16.Core;

/// <summary>OCPP 1.6 Core: GetConfiguration and ChangeConfiguration.</summary>
public sealed class ConfigurationTests
{
    [Test]
    public void GetConfiguration_without_keys_lists_every_readable_key()
    {
        var session = Session();

        var reply = session.Receive("GetConfiguration", []);
        var keys = reply.Result!["configurationKey"]!.AsArray().Select(k => k!.Str("key")).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(keys, Is.EquivalentTo(SettingsCatalog.All.Where(d => d.Key16 is not null && d.Mutability != Mutability.WriteOnly).Select(d => d.Key16)));
            Assert.That(keys, Does.Not.Contain("AuthorizationKey"), "write-only");
            Assert.That(reply.Result!.ContainsKey("unknownKey"), Is.False);
            var profiles = reply.Result!["configurationKey"]!.AsArray().Single(k => k.Str("key") == "SupportedFeatureProfiles")!;
            Assert.That(profiles["readonly"]!.GetValue<bool>(), Is.True);
            Assert.That(profiles.Str("value"), Is.EqualTo("Core,FirmwareManagement,LocalAuthListManagement,Reservation,SmartCharging,RemoteTrigger"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void GetConfiguration_with_keys_answers_those_and_lists_the_unknown_ones()
    {
        var session = Session(new Dictionary<string, string> { ["HeartbeatInterval"] = "120" });

        var reply = session.Receive("GetConfiguration", Payloads.Of("""{"key":["HeartbeatInterval","NoSuchKey","AuthorizationKey","metervaluesampleinterval"]}"""));

        Assert.Multiple(() =>
        {
            var keys = reply.Result!["configurationKey"]!.AsArray();
            Assert.That(keys.Select(k => k.Str("key")), Is.EqualTo(new[] { "HeartbeatInterval", "MeterValueSampleInterval" }));
            Assert.That(keys[0].Str("value"), Is.EqualTo("120"));
            Assert.That(keys[0]!["readonly"]!.GetValue<bool>(), Is.False);
            Assert.That(reply.Result!["unknownKey"]!.AsArray().Select(k => k!.GetValue<string>()), Is.EqualTo(new[] { "NoSuchKey", "AuthorizationKey" }));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void GetConfiguration_answers_at_most_GetConfigurationMaxKeys()
    {
        var session = Session(new Dictionary<string, string> { ["GetConfigurationMaxKeys"] = "5" });

        var reply = session.Receive("GetConfiguration", []);

        Assert.That(reply.Result!["configurationKey"]!.AsArray(), Has.Count.EqualTo(5));
    }

    [TestCase("HeartbeatInterval", "60", "Accepted")]
    [TestCase("heartbeatinterval", "61", "Accepted")]
    [TestCase("HeartbeatInterval", "abc", "Rejected")]
    [TestCase("HeartbeatInterval", "0", "Rejected")]
    [TestCase("NumberOfConnectors", "4", "Rejected")]
    [TestCase("StopTransactionOnInvalidId", "maybe", "Rejected")]
    [TestCase("WebSocketPingInterval", "30", "RebootRequired")]
    [TestCase("AuthorizationKey", "0123456789abcdef0123", "Accepted")]
    [TestCase("NoSuchKey", "1", "NotSupported")]
    public void ChangeConfiguration_answers_by_the_keys_rules(string key, string value, string expected)
    {
        var session = Session();

        var reply = session.Receive("ChangeConfiguration", new JsonObject { ["key"] = key, ["value"] = value });

        Assert.Multiple(() =>
        {
            Assert.That(Status(reply), Is.EqualTo(expected));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
        if (expected is "Accepted" or "RebootRequired")
        {
            Assert.That(session.Model.Settings.Get(SettingsCatalog.FindKey16(key)!.Name), Is.EqualTo(value));
        }
    }
}
