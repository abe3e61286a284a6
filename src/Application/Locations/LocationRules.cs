using FluentValidation;

namespace OcppLab.Application.Locations;

public static class LocationRules
{
    public const int MaxNameLength = 200;
    public const int MaxTextLength = 200;

    /// <summary>An IANA time-zone id known to this machine's time-zone database.</summary>
    public static bool IsIanaTimeZone(string? id) =>
        !string.IsNullOrWhiteSpace(id)
        && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)
        && zone.HasIanaId;

    public static void AddLocationFieldRules<T>(this AbstractValidator<T> validator)
        where T : ILocationFields
    {
        validator.RuleFor(c => c.Address).MaximumLength(MaxTextLength);
        validator.RuleFor(c => c.City).MaximumLength(MaxTextLength);
        validator.RuleFor(c => c.OwnerName).MaximumLength(MaxTextLength);
        validator.RuleFor(c => c.Country).Must(CountryCodes.IsValid).When(c => c.Country is not null)
            .WithMessage("country must be an ISO 3166-1 alpha-2 code such as FR or DE.");
        validator.RuleFor(c => c.Timezone).Must(IsIanaTimeZone).When(c => c.Timezone is not null)
            .WithMessage("timezone must be an IANA time-zone id such as Europe/Paris.");
        validator.When(c => c.Coordinates is not null, () =>
        {
            validator.RuleFor(c => c.Coordinates!.Latitude).NotNull().WithMessage("latitude is required with coordinates.")
                .InclusiveBetween(-90, 90).WithMessage("latitude must be between -90 and 90.");
            validator.RuleFor(c => c.Coordinates!.Longitude).NotNull().WithMessage("longitude is required with coordinates.")
                .InclusiveBetween(-180, 180).WithMessage("longitude must be between -180 and 180.");
        });
    }
}
