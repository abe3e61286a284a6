using FluentValidation.TestHelper;
using OcppLab.Application.Chargers.Commands.CreateCharger;
using OcppLab.Infrastructure.Network;

namespace OcppLab.UnitTests.Validation;

public sealed class CreateChargerValidatorTests
{
    private static readonly CreateChargerValidator Validator = new(OutboundPolicy.Default);

    private static readonly CreateChargerCommand Valid = new()
    {
        Identity = "CP-1",
        BrandSlug = "abb",
        ModelSlug = "terra-184",
        ConnectorType = "CCS2",
        WsUrl = "wss://csms.example.test/ocpp",
    };

    [Test]
    public void A_minimal_command_is_valid()
    {
        Validator.TestValidate(Valid).ShouldNotHaveAnyValidationErrors();
    }

    [Test]
    public void A_full_command_is_valid()
    {
        Validator.TestValidate(Valid with
        {
            OcppVersion = "ocpp2.0.1",
            ChargePointName = "Fast Bay 01",
            LocationName = "Hub",
            SecurityProfile = 2,
            AuthorizationKey = new string('k', 40),
        }).ShouldNotHaveAnyValidationErrors();
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("CP:1")]
    [TestCase("CP 1")]
    [TestCase("CP/1")]
    [TestCase("CP#1")]
    [TestCase("CPé")]
    public void Identity_must_be_present_and_url_safe(string? identity)
    {
        Validator.TestValidate(Valid with { Identity = identity }).ShouldHaveValidationErrorFor(c => c.Identity).Only();
    }

    [Test]
    public void Identity_is_at_most_48_characters()
    {
        Validator.TestValidate(Valid with { Identity = new string('a', 48) }).ShouldNotHaveAnyValidationErrors();
        Validator.TestValidate(Valid with { Identity = new string('a', 49) }).ShouldHaveValidationErrorFor(c => c.Identity);
    }

    [Test]
    public void A_missing_identity_says_it_is_required_once()
    {
        var result = Validator.TestValidate(Valid with { Identity = null });

        result.ShouldHaveValidationErrorFor(c => c.Identity).WithErrorMessage("identity is required.");
        Assert.That(result.Errors, Has.Count.EqualTo(1));
    }

    [TestCase(nameof(CreateChargerCommand.BrandSlug))]
    [TestCase(nameof(CreateChargerCommand.ModelSlug))]
    [TestCase(nameof(CreateChargerCommand.ConnectorType))]
    [TestCase(nameof(CreateChargerCommand.WsUrl))]
    public void Required_fields_must_not_be_empty(string field)
    {
        var command = field switch
        {
            nameof(CreateChargerCommand.BrandSlug) => Valid with { BrandSlug = "" },
            nameof(CreateChargerCommand.ModelSlug) => Valid with { ModelSlug = null },
            nameof(CreateChargerCommand.ConnectorType) => Valid with { ConnectorType = "" },
            _ => Valid with { WsUrl = null },
        };

        Validator.TestValidate(command).ShouldHaveValidationErrorFor(field).Only();
    }

    [TestCase("http://csms.example.test/ocpp")]
    [TestCase("https://csms.example.test/ocpp")]
    [TestCase("/ocpp")]
    [TestCase("csms.example.test/ocpp")]
    [TestCase("wss://csms.example.test/ocpp#fragment")]
    [TestCase("ws://")]
    public void Ws_url_must_be_an_absolute_websocket_url(string url)
    {
        Validator.TestValidate(Valid with { WsUrl = url }).ShouldHaveValidationErrorFor(c => c.WsUrl).Only();
    }

    [TestCase("ws://127.0.0.1:9000/ocpp")]
    [TestCase("wss://csms.example.test")]
    [TestCase("WSS://CSMS.EXAMPLE.TEST/ocpp?token=1")]
    public void Ws_and_wss_urls_are_accepted(string url)
    {
        Validator.TestValidate(Valid with { WsUrl = url }).ShouldNotHaveAnyValidationErrors();
    }

    [TestCase("ws://csms.example.test/oc\u0000pp", "U+0000 at position 25")]
    [TestCase("ws://csms.example.test/ocpp\u0007", "U+0007 at position 27")]
    [TestCase("ws://csms.example.test/\u001b[31mocpp", "U+001B at position 23")]
    [TestCase("ws://csms.example.test/ocpp\n", "U+000A at position 27")]
    [TestCase("ws://csms.example.test/ocpp\r\nX-Injected: 1", "U+000D at position 27")]
    [TestCase("\tws://csms.example.test/ocpp", "U+0009 at position 0")]
    [TestCase("ws://csms.example.test/oc\u007fpp", "U+007F at position 25")]
    [TestCase("ws://csms.example.test/oc\u0085pp", "U+0085 at position 25")]
    [TestCase("ws://csms.example.test/\u202eppco", "U+202E at position 23")]
    [TestCase("ws://csms.example.test/\u200bocpp", "U+200B at position 23")]
    public void Ws_url_must_not_contain_control_or_formatting_characters(string url, string named)
    {
        Validator.TestValidate(Valid with { WsUrl = url }).ShouldHaveValidationErrorFor(c => c.WsUrl).Only()
            .WithErrorMessage($"ws_url must not contain control or invisible formatting characters ({named}).");
    }

    [TestCase("ws://csms.example.test/oc pp")]
    [TestCase("ws://csms.example.test/ocpp ")]
    [TestCase(" ws://csms.example.test/ocpp")]
    [TestCase("ws://csms.example.test/oc\u00a0pp")]
    [TestCase("ws://csms.example.test/oc\u2028pp")]
    [TestCase("ws://csms.example.test/oc\u3000pp")]
    public void Ws_url_must_not_contain_whitespace(string url)
    {
        var result = Validator.TestValidate(Valid with { WsUrl = url });

        result.ShouldHaveValidationErrorFor(c => c.WsUrl).Only();
        Assert.That(result.Errors.Single().ErrorMessage, Does.StartWith("ws_url must not contain whitespace (U+").And.Contains("percent-encode"));
    }

    [TestCase("ws://user:pw@csms.example.test/ocpp")]
    [TestCase("ws://user@csms.example.test/ocpp")]
    [TestCase("wss://:pw@csms.example.test/ocpp")]
    [TestCase("ws://@csms.example.test/ocpp")]
    [TestCase("ws://csms.example.test@169.254.169.254/ocpp")]
    public void Ws_url_must_not_contain_user_information(string url)
    {
        Validator.TestValidate(Valid with { WsUrl = url }).ShouldHaveValidationErrorFor(c => c.WsUrl).Only()
            .WithErrorMessage("ws_url must not contain user information (user:password@); for Basic auth use security_profile 1 or 2 with authorization_key.");
    }

    [TestCase("ws://csms.example.test/ocpp?next=a@b")]
    [TestCase("ws://csms.example.test/a@b")]
    public void An_at_sign_after_the_authority_is_not_user_information(string url)
    {
        Validator.TestValidate(Valid with { WsUrl = url }).ShouldNotHaveAnyValidationErrors();
    }

    [TestCase("ws://169.254.169.254/ocpp", "169.254.169.254")]
    [TestCase("ws://0xa9fea9fe/ocpp", "169.254.169.254")]
    [TestCase("ws://2852039166/ocpp", "169.254.169.254")]
    [TestCase("ws://0251.0376.0251.0376/ocpp", "169.254.169.254")]
    [TestCase("ws://[fe80::1]/ocpp", "[fe80::1]")]
    [TestCase("ws://[fe80::1%25eth0]:9000/ocpp", "[fe80::1]")]
    [TestCase("ws://[::ffff:169.254.169.254]/ocpp", "[::ffff:169.254.169.254]")]
    [TestCase("wss://[fd00:ec2::254]/", "[fd00:ec2::254]")]
    [TestCase("ws://100.100.100.200/", "100.100.100.200")]
    [TestCase("ws://metadata.google.internal/computeMetadata", "metadata.google.internal")]
    [TestCase("ws://METADATA.google.internal./", "metadata.google.internal.")]
    public void Ws_url_must_not_target_what_the_outbound_policy_denies(string url, string host)
    {
        Validator.TestValidate(Valid with { WsUrl = url }).ShouldHaveValidationErrorFor(c => c.WsUrl).Only()
            .WithErrorMessage($"ws_url targets {host}, which the outbound policy denies (Ocpp:OutboundPolicy).");
    }

    [Test]
    public void The_configured_policy_decides_for_literal_addresses()
    {
        var strict = new CreateChargerValidator(new OutboundPolicy(new OutboundPolicyOptions { Deny = ["127.0.0.0/8"] }));

        strict.TestValidate(Valid with { WsUrl = "ws://127.0.0.1:9000/ocpp" }).ShouldHaveValidationErrorFor(c => c.WsUrl).Only();
        strict.TestValidate(Valid with { WsUrl = "ws://0x7f000001:9000/ocpp" }).ShouldHaveValidationErrorFor(c => c.WsUrl).Only();
        strict.TestValidate(Valid with { WsUrl = "ws://2130706433/ocpp" }).ShouldHaveValidationErrorFor(c => c.WsUrl).Only();
        strict.TestValidate(Valid with { WsUrl = "ws://localhost:9000/ocpp" }).ShouldNotHaveAnyValidationErrors();
        Validator.TestValidate(Valid with { WsUrl = "ws://0x7f000001:9000/ocpp" }).ShouldNotHaveAnyValidationErrors();
    }

    [TestCase("ws://[::1]:9000/ocpp")]
    [TestCase("ws://10.0.0.5/ocpp")]
    [TestCase("ws://192.168.1.20:8180/steve/websocket/CentralSystemService")]
    [TestCase("wss://csms.example.test/a%20b")]
    public void Lan_and_loopback_targets_are_allowed_by_default(string url)
    {
        Validator.TestValidate(Valid with { WsUrl = url }).ShouldNotHaveAnyValidationErrors();
    }

    [TestCase("OCPP2.1")]
    [TestCase("1.5")]
    [TestCase("")]
    public void Ocpp_version_must_be_16_or_201(string version)
    {
        Validator.TestValidate(Valid with { OcppVersion = version }).ShouldHaveValidationErrorFor(c => c.OcppVersion).Only();
    }

    [TestCase(-1)]
    [TestCase(4)]
    public void Security_profile_must_be_0_to_3(int profile)
    {
        Validator.TestValidate(Valid with { SecurityProfile = profile }).ShouldHaveValidationErrorFor(c => c.SecurityProfile)
            .WithErrorMessage("security_profile must be 0, 1, 2 or 3.");
    }

    [Test]
    public void Security_profile_3_is_not_supported_yet()
    {
        Validator.TestValidate(Valid with { SecurityProfile = 3 }).ShouldHaveValidationErrorFor(c => c.SecurityProfile)
            .WithErrorMessage("security_profile 3 (TLS with client certificates) is not supported yet; use 0, 1 or 2.");
    }

    [TestCase(15, false)]
    [TestCase(16, true)]
    [TestCase(40, true)]
    [TestCase(41, false)]
    public void Authorization_key_is_16_to_40_characters(int length, bool valid)
    {
        var result = Validator.TestValidate(Valid with { SecurityProfile = 1, AuthorizationKey = new string('k', length) });

        if (valid)
        {
            result.ShouldNotHaveAnyValidationErrors();
        }
        else
        {
            result.ShouldHaveValidationErrorFor(c => c.AuthorizationKey).Only();
        }
    }

    [TestCase("   ")]
    [TestCase("")]
    public void Charge_point_name_must_not_be_blank(string name)
    {
        Validator.TestValidate(Valid with { ChargePointName = name }).ShouldHaveValidationErrorFor(c => c.ChargePointName);
    }

    [Test]
    public void Charge_point_name_is_at_most_100_characters()
    {
        Validator.TestValidate(Valid with { ChargePointName = new string('n', 100) }).ShouldNotHaveAnyValidationErrors();
        Validator.TestValidate(Valid with { ChargePointName = new string('n', 101) }).ShouldHaveValidationErrorFor(c => c.ChargePointName);
    }

    [Test]
    public void Location_name_must_not_be_blank_nor_longer_than_200()
    {
        Validator.TestValidate(Valid with { LocationName = " " }).ShouldHaveValidationErrorFor(c => c.LocationName);
        Validator.TestValidate(Valid with { LocationName = new string('n', 201) }).ShouldHaveValidationErrorFor(c => c.LocationName);
        Validator.TestValidate(Valid with { LocationName = new string('n', 200) }).ShouldNotHaveAnyValidationErrors();
    }
}
