using FluentValidation;
using Mediator;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Common.Exceptions;

namespace OcppLab.Application.Locations.Commands.UpdateLocation;

/// <summary>A partial update: only the fields that are not null change.</summary>
public sealed record UpdateLocationCommand : ICommand<LocationResponse>, ILocationFields
{
    public Guid LocationId { get; init; }
    public string? Name { get; init; }
    public string? Address { get; init; }
    public string? City { get; init; }
    public string? Country { get; init; }
    public CoordinatesDto? Coordinates { get; init; }
    public string? Timezone { get; init; }
    public string? OwnerName { get; init; }
    public bool? Public { get; init; }
}

public sealed class UpdateLocationValidator : AbstractValidator<UpdateLocationCommand>
{
    public UpdateLocationValidator()
    {
        RuleFor(c => c.Name).MaximumLength(LocationRules.MaxNameLength)
            .Must(n => n is null || !string.IsNullOrWhiteSpace(n)).WithMessage("name must not be blank.");
        this.AddLocationFieldRules();
    }
}

public sealed class UpdateLocationHandler(
    ITenantContext tenant,
    ILocationRepository locations,
    IUnitOfWork unitOfWork,
    TimeProvider time) : ICommandHandler<UpdateLocationCommand, LocationResponse>
{
    public async ValueTask<LocationResponse> Handle(UpdateLocationCommand command, CancellationToken cancellationToken)
    {
        var location = await locations.GetAsync(tenant.OrganizationId, command.LocationId, cancellationToken)
            ?? throw new NotFoundException("location", command.LocationId.ToString());
        location.Update(command.ToDetails(command.Name?.Trim()), time.GetUtcNow());
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return location.ToResponse();
    }
}
