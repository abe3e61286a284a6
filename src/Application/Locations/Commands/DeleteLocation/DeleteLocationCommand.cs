using Mediator;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Common.Exceptions;

namespace OcppLab.Application.Locations.Commands.DeleteLocation;

public sealed record DeleteLocationCommand(Guid LocationId) : ICommand;

/// <summary>Deletes an empty location; one that still has chargers is a 409.</summary>
public sealed class DeleteLocationHandler(
    ITenantContext tenant,
    ILocationRepository locations,
    IChargerRepository chargers,
    IUnitOfWork unitOfWork) : ICommandHandler<DeleteLocationCommand>
{
    public async ValueTask<Mediator.Unit> Handle(DeleteLocationCommand command, CancellationToken cancellationToken)
    {
        var location = await locations.GetAsync(tenant.OrganizationId, command.LocationId, cancellationToken)
            ?? throw new NotFoundException("location", command.LocationId.ToString());
        if (await chargers.AnyInLocationAsync(tenant.OrganizationId, location.Id, cancellationToken))
        {
            throw new ConflictException("The location still has chargers; delete or move them first.");
        }

        locations.Remove(location);
        await unitOfWork.SaveChangesAsync(cancellationToken);
        return Mediator.Unit.Value;
    }
}
