using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Chargers.Queries.GetChargerStats;
using OcppLab.Application.Simulator;
using Orleans;
using OcppLab.Infrastructure.Cluster;
using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace OcppLab.Infrastructure.Ocpp.Runtime;

/// <summary>
/// Owns a charger's session while it runs (ADR 11). The session itself (WebSocket, actor, model)
/// lives in this activation's silo and is never serialised; the grain holds its lifetime:
/// <list type="bullet">
/// <item>while a session runs, <see cref="Grain.DelayDeactivation"/> with an infinite span keeps the
/// activation from idle collection (Orleans 10.4.2: "delay deactivation indefinitely");</item>
/// <item>when it stops, the grain asks to be deactivated; an idle grain without a session goes
/// after <see cref="CollectionAgeLimitAttribute"/>;</item>
/// <item>any deactivation (silo shutdown, a directory conflict) closes the session first, with a
/// normal closure after its in-flight CALL, so a charger is never left connected by a grain that
/// is gone;</item>
/// <item>automatic migration (Orleans' rebalancer, repartitioner) is off for this type
/// (<see cref="ImmovableAttribute"/>: "activations can still be migrated by user initiated code"):
/// the only move is an operator's rebalance, through <see cref="MoveAsync"/>, which hands the
/// session over first.</item>
/// </list>
/// Placed by load (<see cref="ActivationCountBasedPlacementAttribute"/>): the silo with the fewest
/// activations among a sample takes a new charger, so chargers spread over the nodes and a node
/// that joins takes new ones; on one node it is always that node.
/// </summary>
[ActivationCountBasedPlacement]
[Immovable(ImmovableKind.Any)]
[CollectionAgeLimit(Minutes = 2)]
internal sealed class ChargerGrain(ILocalChargerSessions sessions, LiveLogRelay relay, ILocalSiloDetails silo, ILogger<ChargerGrain> logger)
    : Grain, IChargerGrain, IGrainMigrationParticipant
{
    /// <summary>Carried by a migration: the activation that moved had a session, the new one resumes it.</summary>
    private const string ResumeKey = "ocpplab.resume";

    /// <summary>Set by a move on the old activation, and on the new one by its rehydration.</summary>
    private bool _resume;

    private string Id => this.GetPrimaryKeyString();

    public Task StartAsync(CancellationToken cancellationToken) => TurnAsync(() => sessions.StartHereAsync(Id, cancellationToken));

    public Task StopAsync(CancellationToken cancellationToken) => TurnAsync(() => sessions.StopHereAsync(Id));

    public Task HandOverAsync(CancellationToken cancellationToken) => TurnAsync(() => sessions.StopHereAsync(Id, handover: true));

    public Task RestartAsync(CancellationToken cancellationToken) => TurnAsync(() => sessions.RestartHereAsync(Id, cancellationToken));

    public Task ReconcileAsync(CancellationToken cancellationToken) => TurnAsync(() => sessions.ReconcileHereAsync(Id, cancellationToken));

    /// <summary>
    /// A rebalance's move (ADR 11): in this turn the session closes as a handover (normal closure
    /// after any in-flight CALL, live state saved clean and flushed, ADR 10), then the activation
    /// migrates to <paramref name="target"/> once idle (Orleans' migration, the placement hint naming
    /// the silo). The new activation opens the session on its node (<see cref="OnActivateAsync"/>):
    /// the connection closes before it is opened again, and one activation at a time owns it.
    /// </summary>
    public async Task<bool> MoveAsync(SiloAddress target, CancellationToken cancellationToken)
    {
        if (!sessions.IsRunningHere(Id) || target.Equals(silo.SiloAddress))
        {
            return false;
        }

        logger.LogInformation("Moving charger {ChargerId} to node {Silo}: closing its session here first", Id, target);
        await sessions.StopHereAsync(Id, handover: true);
        _resume = true;
        RequestContext.Set(IPlacementDirector.PlacementHintKey, target);
        try
        {
            // Captures the request context (the hint) and deactivates once this turn ends; messages
            // that arrive meanwhile wait, then go to the new activation.
            MigrateOnIdle();
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }

        return true;
    }

    /// <summary>A moved activation opens the session on its new node, if the charger should still run.</summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_resume)
        {
            _resume = false;
            try
            {
                await sessions.ReconcileHereAsync(Id, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The rebalance reconciles the charger right after its move; reconciliation does too.
                logger.LogWarning(ex, "Charger {ChargerId} moved here but its session did not start", Id);
            }

            if (sessions.IsRunningHere(Id))
            {
                DelayDeactivation(Timeout.InfiniteTimeSpan);
            }
        }

        await base.OnActivateAsync(cancellationToken);
    }

    void IGrainMigrationParticipant.OnDehydrate(IDehydrationContext dehydrationContext)
    {
        if (_resume)
        {
            dehydrationContext.TryAddValue(ResumeKey, true);
        }
    }

    void IGrainMigrationParticipant.OnRehydrate(IRehydrationContext rehydrationContext) =>
        _resume = rehydrationContext.TryGetValue(ResumeKey, out bool resume) && resume;

    public Task<RuntimeState?> GetStateAsync() => Task.FromResult(sessions.StateHere(Id));

    public Task<SimulatorOutcome> ExecuteAsync(SimulatorAction action, CancellationToken cancellationToken) =>
        sessions.ExecuteHereAsync(Id, action, cancellationToken);

    public Task<ProxyOutcome> ProxyAsync(string action, JsonObject payload, TimeSpan timeout, CancellationToken cancellationToken) =>
        sessions.ProxyHereAsync(Id, action, payload, timeout, cancellationToken);

    public Task<ChargerStatsResponse?> GetStatsAsync(CancellationToken cancellationToken) => sessions.StatsHereAsync(Id, cancellationToken);

    /// <summary>The frames of this charger's session (in this silo) go to <paramref name="observer"/> for <paramref name="lease"/>.</summary>
    public Task WatchLogsAsync(ILiveLogObserver observer, TimeSpan lease)
    {
        relay.Host(Id, observer, lease);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Called at the start of every deactivation. A grain that goes while its charger runs (the silo
    /// stops, the cluster found a duplicate) closes the session here: after this activation nothing
    /// would own it.
    /// </summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (sessions.IsRunningHere(Id))
        {
            // Not a power cut of the charger: the silo stops or hands it over, so its live state is
            // kept clean for a quick resume elsewhere (ADR 10).
            logger.LogInformation("Charger {ChargerId}'s grain is deactivated ({Reason}); closing its session", Id, reason);
            await sessions.StopHereAsync(Id, handover: true);
        }

        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <summary>A start, stop, restart or reconcile, after which the activation is held or let go.</summary>
    private async Task TurnAsync(Func<Task> turn)
    {
        try
        {
            await turn();
        }
        finally
        {
            HoldWhileRunning();
        }
    }

    /// <summary>
    /// Only from the non-interleaved turns (start, stop, restart, reconcile): an interleaved query
    /// asking for deactivation could otherwise end the activation right after a concurrent start.
    /// </summary>
    private void HoldWhileRunning()
    {
        if (sessions.IsRunningHere(Id))
        {
            DelayDeactivation(Timeout.InfiniteTimeSpan);
        }
        else
        {
            DeactivateOnIdle();
        }
    }
}
