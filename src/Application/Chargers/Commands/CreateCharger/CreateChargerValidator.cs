using FluentValidation;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Locations;

namespace OcppLab.Application.Chargers.Commands.CreateCharger;

public sealed class CreateChargerValidator : AbstractValidator<CreateChargerCommand>
{
    public CreateChargerValidator(IOutboundPolicy outboundPolicy)
    {
        RuleFor(c => c.Identity).NotEmpty().WithMessage("identity is required.").DependentRules(() =>
            RuleFor(c => c.Identity).ValidIdentity());
        RuleFor(c => c.BrandSlug).NotEmpty().WithMessage("brand_slug is required.");
        RuleFor(c => c.ModelSlug).NotEmpty().WithMessage("model_slug is required.");
        RuleFor(c => c.ConnectorType).NotEmpty().WithMessage("connector_type is required.");
        RuleFor(c => c.WsUrl).NotEmpty().WithMessage("ws_url is required.").DependentRules(() =>
            RuleFor(c => c.WsUrl).ValidWsUrl(outboundPolicy));
        RuleFor(c => c.OcppVersion).ValidOcppVersion();
        RuleFor(c => c.ChargePointName).MaximumLength(ChargerRules.MaxNameLength)
            .Must(n => n is null || !string.IsNullOrWhiteSpace(n)).WithMessage("charge_point_name must not be blank.");
        RuleFor(c => c.LocationName).MaximumLength(LocationRules.MaxNameLength)
            .Must(n => n is null || !string.IsNullOrWhiteSpace(n)).WithMessage("location_name must not be blank.");
        RuleFor(c => c.SecurityProfile).ValidSecurityProfile();
        RuleFor(c => c.AuthorizationKey).ValidAuthorizationKey().When(c => c.AuthorizationKey is not null);
    }
}
