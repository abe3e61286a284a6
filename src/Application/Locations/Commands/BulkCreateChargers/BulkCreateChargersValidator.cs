using FluentValidation;
using FluentValidation.Results;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Chargers;
using OcppLab.Domain.Chargers;

namespace OcppLab.Application.Locations.Commands.BulkCreateChargers;

public sealed class BulkCreateChargersValidator : AbstractValidator<BulkCreateChargersCommand>
{
    public const int MaxChargersPerCall = 1000;

    public BulkCreateChargersValidator(IOutboundPolicy outboundPolicy)
    {
        RuleFor(c => c.Items).NotEmpty().WithMessage("The body must list at least one template entry.").OverridePropertyName("body");
        RuleFor(c => c.Items).Must(items => items.Sum(i => (long)Math.Max(0, i.Count)) <= MaxChargersPerCall)
            .WithMessage($"At most {MaxChargersPerCall} chargers can be created per call.").OverridePropertyName("body");

        // The body is a JSON list, so entry errors are keyed "[0].template.brand_slug". FluentValidation
        // cannot give a collection rule an empty property name, so the entries are validated here.
        var spec = new SpecValidator(outboundPolicy);
        RuleFor(c => c.Items).Custom((items, context) =>
        {
            for (var i = 0; i < items.Count; i++)
            {
                foreach (var failure in spec.Validate(items[i]).Errors)
                {
                    context.AddFailure(new ValidationFailure($"[{i}].{failure.PropertyName}", failure.ErrorMessage, failure.AttemptedValue));
                }
            }
        });
    }

    private sealed class SpecValidator : AbstractValidator<BulkChargerSpec>
    {
        public SpecValidator(IOutboundPolicy outboundPolicy)
        {
            RuleFor(s => s.Template).NotNull().WithMessage("template is required.");
            RuleFor(s => s.Template!).SetValidator(new TemplateValidator(outboundPolicy)).When(s => s.Template is not null);
            RuleFor(s => s.ChargersNumber).InclusiveBetween(1, MaxChargersPerCall)
                .WithMessage($"chargers_number must be between 1 and {MaxChargersPerCall}.");
            RuleFor(s => s.ChargersNumber).Must((s, n) => n is null || n >= (s.ChargerIds?.Count ?? 0))
                .WithMessage("chargers_number must be at least the number of charger_ids.");
            RuleFor(s => s).Must(s => s.Count > 0)
                .WithMessage("Give chargers_number or charger_ids.").OverridePropertyName("chargers_number");
            RuleForEach(s => s.ChargerIds).NotEmpty().WithMessage("A charger id suffix must not be empty.");
            RuleFor(s => s.ChargerIds).Must(ids => ids is null || ids.Distinct(StringComparer.Ordinal).Count() == ids.Count)
                .WithMessage("charger_ids must not repeat a suffix.");
        }
    }

    private sealed class TemplateValidator : AbstractValidator<ChargerTemplate>
    {
        public TemplateValidator(IOutboundPolicy outboundPolicy)
        {
            RuleFor(t => t.BrandSlug).NotEmpty().WithMessage("brand_slug is required.");
            RuleFor(t => t.ModelSlug).NotEmpty().WithMessage("model_slug is required.");
            RuleFor(t => t.ConnectorType).NotEmpty().WithMessage("connector_type is required.");
            RuleFor(t => t.WsUrl).NotEmpty().WithMessage("ws_url is required.").DependentRules(() =>
                RuleFor(t => t.WsUrl).ValidWsUrl(outboundPolicy));
            RuleFor(t => t.OcppVersion).ValidOcppVersion();
            RuleFor(t => t.IdentityPrefix).Must(p => p is null || p.All(ChargerIdentity.IsAllowed))
                .WithMessage("identity_prefix may only contain letters, digits and -_.~*=+|@.")
                .MaximumLength(ChargerIdentity.MaxLength - 1);
            RuleFor(t => t.TemplateName).MaximumLength(ChargerRules.MaxNameLength - 10);
            RuleFor(t => t.SecurityProfile).ValidSecurityProfile();
            RuleFor(t => t.AuthorizationKey).ValidAuthorizationKey().When(t => t.AuthorizationKey is not null);
        }
    }
}
