using System.Text.Json.Nodes;
using FluentValidation;
using Mediator;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Common.Exceptions;

namespace OcppLab.Application.Simulator;

/// <summary>A single-target simulator command: acts on one charger and answers with the result (200).</summary>
public sealed record RunChargerCommand(CommandKind Kind, CommandTarget? Target, CommandEvent? Event) : ICommand<JsonObject>;

public sealed class RunChargerCommandValidator : AbstractValidator<RunChargerCommand>
{
    public RunChargerCommandValidator()
    {
        CommandRules.SingleTarget(this, c => c.Target);
        CommandRules.Event(this, c => c.Kind, c => c.Event);
    }
}

public sealed class RunChargerCommandHandler(ITenantContext tenant, IChargerRepository chargers, IChargerSimulator simulator)
    : ICommandHandler<RunChargerCommand, JsonObject>
{
    public async ValueTask<JsonObject> Handle(RunChargerCommand command, CancellationToken cancellationToken)
    {
        var id = command.Target!.ChargerId!;
        var charger = await chargers.FindByIdOrIdentityAsync(tenant.OrganizationId, id, cancellationToken)
            ?? throw new NotFoundException("charger", id);
        var action = command.Kind.ToAction(command.Event, charger);
        var outcome = await simulator.ExecuteAsync(charger.Id, action, cancellationToken);
        return outcome.Succeeded ? outcome.Result! : throw ChargerCommandSupport.ToException(outcome);
    }
}
