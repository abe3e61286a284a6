using Mediator;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Common.Exceptions;

namespace OcppLab.Application.Chargers.Commands.DeleteCharger;

public sealed record DeleteChargerCommand(string ChargerId) : ICommand;

/// <summary>Stops the runtime (clean close), then deletes the deployment, its workflow rows and its logs.</summary>
public sealed class DeleteChargerHandler(
    ITenantContext tenant,
    IChargerRepository chargers,
    IWorkflowRepository workflows,
    ILogStore logs,
    IChargerRuntime runtime,
    IUnitOfWork unitOfWork) : ICommandHandler<DeleteChargerCommand>
{
    public async ValueTask<Mediator.Unit> Handle(DeleteChargerCommand command, CancellationToken cancellationToken)
    {
        var charger = await chargers.GetAsync(tenant.OrganizationId, command.ChargerId, cancellationToken)
            ?? throw new NotFoundException("charger", command.ChargerId);

        await runtime.StopAsync(charger.Id, cancellationToken);
        chargers.Remove(charger);
        await workflows.DeleteForSubjectAsync(charger.Id, cancellationToken);
        await unitOfWork.SaveChangesAsync(cancellationToken);
        await logs.DeleteForChargerAsync(charger.Id, cancellationToken);
        return Mediator.Unit.Value;
    }
}
