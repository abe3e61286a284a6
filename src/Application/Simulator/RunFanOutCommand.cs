using FluentValidation;
using Mediator;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Common.Exceptions;
using OcppLab.Domain.Chargers;
using OcppLab.Domain.Common;

namespace OcppLab.Application.Simulator;

/// <summary>
/// A unified-target simulator command: one charger, or a location's chargers (optionally a subset),
/// acted on concurrently. Every targeted charger ends up in <c>results</c> or in <c>failed</c> with a reason;
/// a <c>charger_id</c> or <c>location_id</c> that is not the tenant's is a 404 (<see cref="NotFoundException"/>).
/// </summary>
public sealed record RunFanOutCommand(CommandKind Kind, CommandTarget? Target, CommandEvent? Event) : ICommand<FanOutResponse>;

public sealed class RunFanOutCommandValidator : AbstractValidator<RunFanOutCommand>
{
    public RunFanOutCommandValidator()
    {
        CommandRules.UnifiedTarget(this, c => c.Target);
        CommandRules.Event(this, c => c.Kind, c => c.Event);
    }
}

public sealed class RunFanOutCommandHandler(
    ITenantContext tenant,
    IChargerRepository chargers,
    ILocationRepository locations,
    IChargerSimulator simulator) : ICommandHandler<RunFanOutCommand, FanOutResponse>
{
    public async ValueTask<FanOutResponse> Handle(RunFanOutCommand command, CancellationToken cancellationToken)
    {
        var target = command.Target!;
        var failed = new List<CommandFailure>();
        var targets = new List<Charger>();
        if (target.ChargerId is { } chargerId)
        {
            // The one charger named is the resource of the request, as on every other route: unknown or
            // another tenant's is a 404, not a 202 with nothing done. Only members of a location's subset
            // that cannot be reached are reported in failed.
            targets.Add(await chargers.FindByIdOrIdentityAsync(tenant.OrganizationId, chargerId, cancellationToken)
                ?? throw new NotFoundException("charger", chargerId));
        }
        else
        {
            var locationId = target.LocationId!.Value;
            _ = await locations.GetAsync(tenant.OrganizationId, locationId, cancellationToken)
                ?? throw new NotFoundException("location", locationId.ToString());
            if (target.ChargerIds is { } subset)
            {
                var requested = subset.Distinct(StringComparer.Ordinal).ToList();
                var found = await chargers.FindInLocationAsync(tenant.OrganizationId, locationId, requested, cancellationToken);
                targets.AddRange(found);
                var matched = found.SelectMany(c => new[] { c.Id, c.Identity }).ToHashSet(StringComparer.Ordinal);
                failed.AddRange(requested.Where(r => !matched.Contains(r))
                    .Select(r => new CommandFailure(r, null, "Not a charger of this location (or of this tenant).")));
            }
            else
            {
                targets.AddRange(await chargers.ListInLocationAsync(tenant.OrganizationId, locationId, cancellationToken));
            }
        }

        var echo = ChargerCommandSupport.Echo(command.Event);
        var outcomes = await Task.WhenAll(targets.Select(c => RunAsync(command, c, cancellationToken)));
        var results = new List<CommandResultItem>();
        foreach (var (charger, outcome) in targets.Zip(outcomes))
        {
            if (outcome is null)
            {
                results.Add(new CommandResultItem(
                    charger.Id,
                    charger.Identity,
                    new QueuedCommand(Ids.NewCommandId(), command.Kind.EventType(), charger.OcppVersion.ToSubprotocol(), (System.Text.Json.Nodes.JsonObject)echo.DeepClone())));
            }
            else
            {
                failed.Add(new CommandFailure(charger.Id, charger.Identity, outcome));
            }
        }

        return new FanOutResponse(results.Count + failed.Count, results.Count, failed.Count, results, failed);
    }

    /// <returns>Null when the charger acted on the command; otherwise why not.</returns>
    private async Task<string?> RunAsync(RunFanOutCommand command, Charger charger, CancellationToken cancellationToken)
    {
        try
        {
            var action = command.Kind.ToAction(command.Event, charger);
            var outcome = await simulator.ExecuteAsync(charger.Id, action, cancellationToken);
            return outcome.Succeeded ? null : outcome.Message;
        }
        catch (RequestValidationException ex)
        {
            return string.Join(" ", ex.Errors.SelectMany(e => e.Value));
        }
    }
}
