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
