using FluentValidation.TestHelper;
using OcppLab.Application.Chargers.Commands.UpdateCharger;
using OcppLab.Infrastructure.Network;

namespace OcppLab.UnitTests.Validation;

public sealed class UpdateChargerValidatorTests
{
    private static readonly UpdateChargerValidator Validator = new(OutboundPolicy.Default);
    private static readonly UpdateChargerCommand Empty = new() { ChargerId = "dep-1" };

    [Test]
    public void An_empty_update_is_valid()
    {
        Validator.TestValidate(Empty).ShouldNotHaveAnyValidationErrors();
    }

    [Test]
    public void Every_field_may_be_given()
    {
        Validator.TestValidate(Empty with
        {
            ChargePointName = "x",
            ConnectorType = "CCS2",
            LocationId = Guid.NewGuid(),
            WsUrl = "ws://x/ocpp",
            OcppVersion = "OCPP1.6",
            SecurityProfile = 1,
            AuthorizationKey = new string('k', 16),
        }).ShouldNotHaveAnyValidationErrors();
    }

    [Test]
    public void Each_given_field_follows_the_create_rules()
    {
        Validator.TestValidate(Empty with { ChargePointName = " " }).ShouldHaveValidationErrorFor(c => c.ChargePointName).Only();
        Validator.TestValidate(Empty with { ChargePointName = new string('n', 101) }).ShouldHaveValidationErrorFor(c => c.ChargePointName).Only();
        Validator.TestValidate(Empty with { ConnectorType = "" }).ShouldHaveValidationErrorFor(c => c.ConnectorType).Only();
        Validator.TestValidate(Empty with { WsUrl = "http://x" }).ShouldHaveValidationErrorFor(c => c.WsUrl).Only();
        Validator.TestValidate(Empty with { WsUrl = "" }).ShouldHaveValidationErrorFor(c => c.WsUrl).Only();
        Validator.TestValidate(Empty with { WsUrl = "ws://x/\n" }).ShouldHaveValidationErrorFor(c => c.WsUrl).Only();
        Validator.TestValidate(Empty with { WsUrl = "ws://u:p@x/" }).ShouldHaveValidationErrorFor(c => c.WsUrl).Only();
        Validator.TestValidate(Empty with { WsUrl = "ws://169.254.169.254/" }).ShouldHaveValidationErrorFor(c => c.WsUrl).Only();
        Validator.TestValidate(Empty with { OcppVersion = "3" }).ShouldHaveValidationErrorFor(c => c.OcppVersion).Only();
        Validator.TestValidate(Empty with { SecurityProfile = 3 }).ShouldHaveValidationErrorFor(c => c.SecurityProfile).Only();
        Validator.TestValidate(Empty with { SecurityProfile = 7 }).ShouldHaveValidationErrorFor(c => c.SecurityProfile).Only();
        Validator.TestValidate(Empty with { AuthorizationKey = "short" }).ShouldHaveValidationErrorFor(c => c.AuthorizationKey).Only();
        Validator.TestValidate(Empty with { AuthorizationKey = new string('k', 41) }).ShouldHaveValidationErrorFor(c => c.AuthorizationKey).Only();
    }
}
