using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Chargers.Queries.GetChargerStats;
using OcppLab.Application.Logs;
using OcppLab.Application.Simulator;
using OcppLab.Domain.Chargers;
using OcppLab.Domain.Logs;
using OcppLab.Infrastructure.Cluster;
using OcppLab.Infrastructure.Ocpp.Statistics;
using OcppLab.Infrastructure.Persistence;
using Orleans;

namespace OcppLab.Infrastructure.Ocpp.Runtime;

/// <summary>
/// The charger grains (ADR 11): every entry point of the runtime (start, stop, restart, state,
/// simulator commands, proxied CALLs, statistics) goes through the charger's grain, which reaches
/// the node hosting its session; the grain in turn drives this silo's sessions through
/// <see cref="ILocalChargerSessions"/>. The per-charger serialisation of start/stop/restart is the
/// grain's (one turn at a time, cluster-wide), no longer a process-local lock.
/// </summary>
public sealed partial class SessionManager : ILocalChargerSessions
{
    private readonly IGrainFactory _grains;
    private readonly ClusterSettings _cluster;

    /// <summary>Chargers read by a recovery page, handed to their grain's turn so it need not read them again.</summary>
    private readonly ConcurrentDictionary<string, (Charger Charger, ChargerStoredState? Stored, long StopsAtRead)> _prefetched = new(StringComparer.Ordinal);

    /// <summary>
    /// Stops carried out on this node so far. A recovery page remembers the count it was read at: when a
    /// stop came in between (a stop-charger through the API while the fleet recovers), what the page read
    /// may be stale, so the grain's turn reads the desired state afresh instead of undoing the stop.
    /// </summary>
    private long _stops;

    /// <summary>The count of stops carried out on this node, for a recovery page about to be read.</summary>
    private long StopsSoFar => Interlocked.Read(ref _stops);

    private IChargerGrain Grain(string chargerId) => _grains.GetGrain<IChargerGrain>(chargerId);

    // ---- IChargerRuntime: through the grain ------------------------------------------------------

    /// <summary>On a standby nothing starts here (the owner reconciles with the stored state) and no grain is activated.</summary>
    public Task StartAsync(string chargerId, CancellationToken cancellationToken) =>
        RunsChargers ? Grain(chargerId).StartAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(string chargerId, CancellationToken cancellationToken) =>
        RunsChargers ? Grain(chargerId).StopAsync(cancellationToken) : Task.CompletedTask;

    public Task RestartAsync(string chargerId, CancellationToken cancellationToken) =>
        RunsChargers ? Grain(chargerId).RestartAsync(cancellationToken) : Task.CompletedTask;

    public async Task<RuntimeState?> GetStateAsync(string chargerId, CancellationToken cancellationToken) =>
        (await GetStatesAsync([chargerId], cancellationToken)).GetValueOrDefault(chargerId);

    /// <summary>
    /// A session of this silo belongs to the grain activated here, so its snapshot is what that grain
    /// would answer: read directly, a page of chargers costs no grain call. The others are asked of
    /// their grains, only when other nodes may host them (a single node has no other sessions).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, RuntimeState>> GetStatesAsync(IReadOnlyCollection<string> chargerIds, CancellationToken cancellationToken)
    {
        var states = new Dictionary<string, RuntimeState>(StringComparer.Ordinal);
        if (!RunsChargers)
        {
            return states;
        }

        List<string>? elsewhere = null;
        foreach (var id in chargerIds)
        {
            if (_sessions.TryGetValue(id, out var session))
            {
                states[id] = Stamped(session);
            }
            else if (_cluster.IsMultiNode)
            {
                (elsewhere ??= []).Add(id);
            }
        }

        if (elsewhere is not null)
        {
            var answers = await Task.WhenAll(elsewhere.Select(async id => (Id: id, State: await RemoteStateAsync(id, cancellationToken))));
            foreach (var (id, state) in answers)
            {
                if (state is not null)
                {
                    states[id] = state;
                }
            }
        }

        return states;
    }

    /// <summary>
    /// A charger's state from its grain on another node; null (shown as stopped) when that node does not
    /// answer, so one slow or dead node does not fail a whole page of chargers.
    /// </summary>
    private async Task<RuntimeState?> RemoteStateAsync(string chargerId, CancellationToken cancellationToken)
    {
        try
        {
            return await Grain(chargerId).GetStateAsync().WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogDebug(ex, "The state of charger {ChargerId} could not be read from its node", chargerId);
            return null;
        }
    }

    internal Task<SimulatorOutcome> ExecuteAsync(string chargerId, SimulatorAction action, CancellationToken cancellationToken) =>
        Grain(chargerId).ExecuteAsync(action, cancellationToken);

    internal Task<ProxyOutcome> ProxyAsync(string chargerId, string action, JsonObject payload, TimeSpan timeout, CancellationToken cancellationToken) =>
        Grain(chargerId).ProxyAsync(action, payload, timeout, cancellationToken);

    internal Task<ChargerStatsResponse?> GetStatsAsync(string chargerId, CancellationToken cancellationToken) =>
        Grain(chargerId).GetStatsAsync(cancellationToken);

    // ---- ILocalChargerSessions: the grain's side -------------------------------------------------

    public string NodeId => _ownership.NodeId;

    public bool IsRunningHere(string chargerId) => _sessions.ContainsKey(chargerId);

    public string[] RunningHere() => [.. _sessions.Keys];

    public int RunningHereCount => _sessions.Count;

    public Task StartHereAsync(string chargerId, CancellationToken cancellationToken) => StartLockedAsync(chargerId, cancellationToken);

    public async Task StopHereAsync(string chargerId, bool handover = false)
    {
        Interlocked.Increment(ref _stops);
        await StopLockedAsync(chargerId, handover);
        if (handover && _cluster.IsMultiNode)
        {
            // Another node may activate the charger as soon as this turn ends: its live state must be in
            // the database by then (clean, for a resume without a boot), not waiting for the next batch.
            await _store.FlushLiveStatesAsync(CancellationToken.None);
        }
    }

    public async Task RestartHereAsync(string chargerId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _stops);
        await StopLockedAsync(chargerId);
        await StartLockedAsync(chargerId, cancellationToken);
    }

    public async Task ReconcileHereAsync(string chargerId, CancellationToken cancellationToken)
    {
        if (_prefetched.TryRemove(chargerId, out var prefetched) && prefetched.StopsAtRead == StopsSoFar)
        {
            if (CanRun && !_sessions.ContainsKey(chargerId))
            {
                StartSession(prefetched.Charger, prefetched.Stored);
            }

            return;
        }

        var desired = await ReadDesiredAsync(chargerId, cancellationToken);
        var running = _sessions.ContainsKey(chargerId);
        if (!running)
        {
            if (desired is { DesiredState: DesiredState.Running, Status: ProvisioningStatus.Ready })
            {
                await StartLockedAsync(chargerId, cancellationToken, onlyIfDesired: true);
            }
        }
        else if (desired is not { DesiredState: DesiredState.Running })
        {
            await StopLockedAsync(chargerId);
        }
        else if (_epochs.TryGetValue(chargerId, out var epoch) && epoch != desired.Value.RestartEpoch)
        {
            await StopLockedAsync(chargerId);
            await StartLockedAsync(chargerId, cancellationToken, onlyIfDesired: true);
        }
    }

    public RuntimeState? StateHere(string chargerId) => _sessions.TryGetValue(chargerId, out var session) ? Stamped(session) : null;

    /// <summary>The session's snapshot, naming this node as the one hosting it.</summary>
    private RuntimeState Stamped(ChargerSession session) => session.Snapshot with { Node = _ownership.NodeId };

    public async Task<SimulatorOutcome> ExecuteHereAsync(string chargerId, SimulatorAction action, CancellationToken cancellationToken)
    {
        if (Find(chargerId) is not { } session)
        {
            return SimulatorOutcome.Fail(SimulatorFailure.NotConnected, "The charger's runtime is stopped; start it (start-charger) first.");
        }

        try
        {
            return await session.InvokeAsync(s => s.Execute(action)).WaitAsync(cancellationToken);
        }
        catch (InvalidOperationException)
        {
            return SimulatorOutcome.Fail(SimulatorFailure.NotConnected, "The charger's runtime stopped meanwhile.");
        }
    }

    public async Task<ProxyOutcome> ProxyHereAsync(string chargerId, string action, JsonObject payload, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (Find(chargerId) is not { } session)
        {
            return new ProxyOutcome(false, false, null, null, "The charger's runtime is stopped.", null, 0, null);
        }

        try
        {
            return await session.ProxyAsync(action, payload, timeout, cancellationToken);
        }
        catch (InvalidOperationException)
        {
            return new ProxyOutcome(false, false, null, null, "The charger's runtime stopped meanwhile.", null, 0, null);
        }
    }

    /// <summary>Reads the statistics on the session's actor (so the figures are consistent) and shapes them.</summary>
    public async Task<ChargerStatsResponse?> StatsHereAsync(string chargerId, CancellationToken cancellationToken)
    {
        if (Find(chargerId) is not { } session)
        {
            return null;
        }

        StatisticsSnapshot snapshot;
        try
        {
            snapshot = await session.InvokeAsync(s => s.Statistics()).WaitAsync(cancellationToken);
        }
        catch (InvalidOperationException)
        {
            return null;
        }

        return new ChargerStatsResponse(
            chargerId,
            true,
            snapshot.Since,
            new ConnectionStats(
                snapshot.ConnectedAt,
                Math.Round(snapshot.CurrentUptime.TotalSeconds, 3),
                Math.Round(snapshot.TotalConnected.TotalSeconds, 3),
                snapshot.Connections,
                snapshot.Reconnects),
            snapshot.Actions.Select(a => new ActionStats(
                a.Action,
                a.Direction == LogDirection.CpToCsms ? LogDirectionName.CpToCsms : LogDirectionName.CsmsToCp,
                a.Requests,
                a.Responses,
                a.Errors,
                a.Timeouts,
                a.Latency is { } l ? new LatencyStats(l.Min, l.Avg, l.P50, l.P95, l.P99, l.Max) : null)).ToList());
    }

    /// <summary>Recovery: the page's chargers start through their grains, with what the page already read.</summary>
    private async Task RecoverThroughGrainAsync(Charger charger, ChargerStoredState? stored, long stopsAtRead, CancellationToken cancellationToken)
    {
        if (!RecoversHere(charger.Id))
        {
            // Another node of the cluster recovers it.
            return;
        }

        _prefetched[charger.Id] = (charger, stored, stopsAtRead);
        try
        {
            await Grain(charger.Id).ReconcileAsync(cancellationToken);
            NoteReconciled(charger.Id, charger.RestartEpoch);
        }
        finally
        {
            // Left over when the grain lives on another node (it read the charger itself there).
            _prefetched.TryRemove(charger.Id, out _);
        }
    }

    private async Task<(DesiredState DesiredState, ProvisioningStatus Status, int RestartEpoch)?> ReadDesiredAsync(string chargerId, CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OcppLabDbContext>();
        var row = await db.Chargers.AsNoTracking()
            .Where(c => c.Id == chargerId)
            .Select(c => new { c.DesiredState, c.ProvisioningStatus, c.RestartEpoch })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : (row.DesiredState, row.ProvisioningStatus, row.RestartEpoch);
    }
}
