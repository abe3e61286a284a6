using FluentValidation;
using Mediator;
using OcppLab.Application.Abstractions;

namespace OcppLab.Application.Locations.Commands.CreateLocation;

public sealed record CreateLocationCommand : ICommand<LocationResponse>, ILocationFields
{
    public string? Name { get; init; }
    public string? Address { get; init; }
    public string? City { get; init; }
    public string? Country { get; init; }
    public CoordinatesDto? Coordinates { get; init; }
    public string? Timezone { get; init; }
    public string? OwnerName { get; init; }
    public bool? Public { get; init; }
}

public sealed class CreateLocationValidator : AbstractValidator<CreateLocationCommand>
{
    public CreateLocationValidator()
    {
        RuleFor(c => c.Name).NotEmpty().WithMessage("name is required.")
            .MaximumLength(LocationRules.MaxNameLength)
            .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("name must not be blank.");
        this.AddLocationFieldRules();
    }
}

public sealed class CreateLocationHandler(ITenantContext tenant, LocationResolver resolver) : ICommandHandler<CreateLocationCommand, LocationResponse>
{
    public async ValueTask<LocationResponse> Handle(CreateLocationCommand command, CancellationToken cancellationToken)
    {
        var location = await resolver.CreateAsync(tenant.OrganizationId, command.Name!.Trim(), command.ToDetails(null), cancellationToken);
        return location.ToResponse();
    }
}
