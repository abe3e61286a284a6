using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Chargers.Queries.GetChargerStats;
using OcppLab.Application.Simulator;
using Orleans;
using OcppLab.Infrastructure.Cluster;
using Orleans.Placement;

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
/// <item>automatic migration (rebalancer, repartitioner) is off for this type: moving a grain would
/// close and reopen its connection, a handover that is not built yet.</item>
/// </list>
/// Placed by load (<see cref="ActivationCountBasedPlacementAttribute"/>): the silo with the fewest
/// activations among a sample takes a new charger, so chargers spread over the nodes and a node
/// that joins takes new ones; on one node it is always that node.
/// </summary>
[ActivationCountBasedPlacement]
[Immovable(ImmovableKind.Any)]
[CollectionAgeLimit(Minutes = 2)]
internal sealed class ChargerGrain(ILocalChargerSessions sessions, LiveLogRelay relay, ILogger<ChargerGrain> logger) : Grain, IChargerGrain
{
    private string Id => this.GetPrimaryKeyString();

    public Task StartAsync(CancellationToken cancellationToken) => TurnAsync(() => sessions.StartHereAsync(Id, cancellationToken));

    public Task StopAsync(CancellationToken cancellationToken) => TurnAsync(() => sessions.StopHereAsync(Id));

    public Task HandOverAsync(CancellationToken cancellationToken) => TurnAsync(() => sessions.StopHereAsync(Id, handover: true));

    public Task RestartAsync(CancellationToken cancellationToken) => TurnAsync(() => sessions.RestartHereAsync(Id, cancellationToken));

    public Task ReconcileAsync(CancellationToken cancellationToken) => TurnAsync(() => sessions.ReconcileHereAsync(Id, cancellationToken));

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
