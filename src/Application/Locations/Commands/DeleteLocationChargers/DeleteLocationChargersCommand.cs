using FluentValidation;
using Mediator;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Common.Exceptions;

namespace OcppLab.Application.Locations.Commands.DeleteLocationChargers;

/// <summary>Deletes the named chargers of a location (by id or identity); names not found are reported, not an error.</summary>
public sealed record DeleteLocationChargersCommand(Guid LocationId, IReadOnlyList<string> ChargerIds) : ICommand<DeleteLocationChargersResult>;

public sealed record DeleteLocationChargersResult(IReadOnlyList<string> Deleted, IReadOnlyList<string> NotFound);

public sealed class DeleteLocationChargersValidator : AbstractValidator<DeleteLocationChargersCommand>
{
    public DeleteLocationChargersValidator()
    {
        RuleFor(c => c.ChargerIds).NotEmpty().WithMessage("charger_ids is required: name at least one charger.")
            .Must(ids => ids.Count <= 1000).WithMessage("charger_ids may name at most 1000 chargers.");
    }
}

public sealed class DeleteLocationChargersHandler(
    ITenantContext tenant,
    ILocationRepository locations,
    IChargerRepository chargers,
    IWorkflowRepository workflows,
    ILogStore logs,
    IChargerRuntime runtime,
    IUnitOfWork unitOfWork) : ICommandHandler<DeleteLocationChargersCommand, DeleteLocationChargersResult>
{
    public async ValueTask<DeleteLocationChargersResult> Handle(DeleteLocationChargersCommand command, CancellationToken cancellationToken)
    {
        _ = await locations.GetAsync(tenant.OrganizationId, command.LocationId, cancellationToken)
            ?? throw new NotFoundException("location", command.LocationId.ToString());
        var requested = command.ChargerIds.Distinct(StringComparer.Ordinal).ToList();
        var found = await chargers.FindInLocationAsync(tenant.OrganizationId, command.LocationId, requested, cancellationToken);

        foreach (var charger in found)
        {
            await runtime.StopAsync(charger.Id, cancellationToken);
            chargers.Remove(charger);
            await workflows.DeleteForSubjectAsync(charger.Id, cancellationToken);
        }

        await unitOfWork.SaveChangesAsync(cancellationToken);
        foreach (var charger in found)
        {
            await logs.DeleteForChargerAsync(charger.Id, cancellationToken);
        }

        var matched = found.SelectMany(c => new[] { c.Id, c.Identity }).ToHashSet(StringComparer.Ordinal);
        return new DeleteLocationChargersResult(
            found.Select(c => c.Id).ToList(),
            requested.Where(id => !matched.Contains(id)).ToList());
    }
}
