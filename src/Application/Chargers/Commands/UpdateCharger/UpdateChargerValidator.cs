using FluentValidation;
using OcppLab.Application.Abstractions;

namespace OcppLab.Application.Chargers.Commands.UpdateCharger;

public sealed class UpdateChargerValidator : AbstractValidator<UpdateChargerCommand>
{
    public UpdateChargerValidator(IOutboundPolicy outboundPolicy)
    {
        RuleFor(c => c.ChargePointName).MaximumLength(ChargerRules.MaxNameLength)
            .Must(n => n is null || !string.IsNullOrWhiteSpace(n)).WithMessage("charge_point_name must not be blank.");
        RuleFor(c => c.ConnectorType).NotEmpty().When(c => c.ConnectorType is not null).WithMessage("connector_type must not be empty.");
        RuleFor(c => c.WsUrl).ValidWsUrl(outboundPolicy).When(c => c.WsUrl is not null);
        RuleFor(c => c.OcppVersion).ValidOcppVersion();
        RuleFor(c => c.SecurityProfile).ValidSecurityProfile();
        RuleFor(c => c.AuthorizationKey).ValidAuthorizationKey().When(c => c.AuthorizationKey is not null);
    }
}
