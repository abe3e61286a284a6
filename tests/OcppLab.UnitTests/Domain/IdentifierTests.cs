using OcppLab.Domain.Chargers;
using OcppLab.Domain.Common;

namespace OcppLab.UnitTests.Domain;

public sealed class IdentifierTests
{
    [TestCase("CP-1", true)]
    [TestCase("a", true)]
    [TestCase("a-_.~*=+|@z", true)]
    [TestCase("", false)]
    [TestCase(null, false)]
    [TestCase("CP:1", false)]
    [TestCase("CP 1", false)]
    [TestCase("CP/1", false)]
    [TestCase("CP%201", false)]
    [TestCase("CPé", false)]
    public void Charger_identities_are_url_and_basic_auth_safe(string? identity, bool valid)
    {
        Assert.That(ChargerIdentity.IsValid(identity), Is.EqualTo(valid));
    }

    [Test]
    public void Charger_identities_are_at_most_48_characters()
    {
        Assert.That(ChargerIdentity.IsValid(new string('a', 48)), Is.True);
        Assert.That(ChargerIdentity.IsValid(new string('a', 49)), Is.False);
    }

    [TestCase("OCPP1.6", OcppVersion.V16)]
    [TestCase("ocpp1.6", OcppVersion.V16)]
    [TestCase(" 1.6 ", OcppVersion.V16)]
    [TestCase("OCPP2.0.1", OcppVersion.V201)]
    [TestCase("ocpp2.0.1", OcppVersion.V201)]
    [TestCase("2.0.1", OcppVersion.V201)]
    public void Both_version_spellings_parse(string text, OcppVersion version)
    {
        Assert.That(OcppVersions.TryParse(text, out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(version));
    }

    [TestCase("OCPP2.1")]
    [TestCase("2.0")]
    [TestCase("")]
    [TestCase(null)]
    public void Other_versions_do_not_parse(string? text)
    {
        Assert.That(OcppVersions.TryParse(text, out _), Is.False);
        Assert.Throws<FormatException>(() => OcppVersions.Parse(text ?? string.Empty));
    }

    [Test]
    public void Versions_are_spelled_upper_case_on_resources_and_lower_case_on_the_wire()
    {
        Assert.Multiple(() =>
        {
            Assert.That(OcppVersion.V16.ToResourceName(), Is.EqualTo("OCPP1.6"));
            Assert.That(OcppVersion.V201.ToResourceName(), Is.EqualTo("OCPP2.0.1"));
            Assert.That(OcppVersion.V16.ToSubprotocol(), Is.EqualTo("ocpp1.6"));
            Assert.That(OcppVersion.V201.ToSubprotocol(), Is.EqualTo("ocpp2.0.1"));
        });
    }

    [Test]
    public void Ids_follow_the_contract_formats()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Ids.NewChargerId(), Does.Match("^dep-[0-9a-f]{12}$"));
            Assert.That(Ids.NewWorkflowRunId(), Does.Match("^wfr_[0-9a-f]{16}$"));
            Assert.That(Ids.NewCommandId(), Does.Match("^[0-9a-f]{12}$"));
            Assert.That(Ids.RandomHex(7), Does.Match("^[0-9a-f]{7}$"));
            Assert.That(Enumerable.Range(0, 100).Select(_ => Ids.NewChargerId()), Is.Unique);
        });
    }
}
