using System.Text.Json.Nodes;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Chargers.Queries.GetChargerStats;
using OcppLab.Application.Simulator;
using OcppLab.Infrastructure.Cluster;
using Orleans;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace OcppLab.Infrastructure.Ocpp.Runtime;

/// <summary>
/// One grain per charger id, the only way to its session from any node of the cluster (ADR 11).
/// Orleans keeps at most one activation of it in the cluster, and the activation owns the
/// session (a local object of its silo, never serialised): a charger has at most one connection.
/// Start, stop, restart and reconcile are turns of their own (non-reentrant): they never overlap.
/// Queries and commands interleave with them, so that a slow stop (an in-flight CALL waits for its
/// answer) never holds up a state read, and they act on the session's own actor.
/// </summary>
public interface IChargerGrain : IGrainWithStringKey
{
    /// <summary>Opens the session unless it runs (the charger must exist; its desired state is the caller's business).</summary>
    [ResponseTimeout("00:05:00")]
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Closes the session cleanly (normal closure, after any in-flight CALL) and lets the grain go.</summary>
    [ResponseTimeout("00:05:00")]
    Task StopAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Closes the session as a handover (the gateway stops, the lease is lost): its live state is
    /// marked clean, so the charger may come back without a boot (ADR 10), and lets the grain go.
    /// </summary>
    [ResponseTimeout("00:05:00")]
    Task HandOverAsync(CancellationToken cancellationToken);

    /// <summary>Stop then start, as a reboot.</summary>
    [ResponseTimeout("00:05:00")]
    Task RestartAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Brings the session in line with the stored desired state (read afresh in this turn): starts a
    /// provisioned charger that should run, stops one that should not, restarts one whose restart
    /// epoch moved. Recovery and the periodic reconciliation use it.
    /// </summary>
    [ResponseTimeout("00:05:00")]
    Task ReconcileAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Moves a running charger to the node of <paramref name="target"/> (a rebalance): its session
    /// closes here as a handover, then the grain migrates and opens it there. False when it has no
    /// session here (nothing moves) or is there already.
    /// </summary>
    [ResponseTimeout("00:05:00")]
    Task<bool> MoveAsync(SiloAddress target, CancellationToken cancellationToken);

    /// <summary>The live state, or null when the charger has no session.</summary>
    [AlwaysInterleave]
    Task<RuntimeState?> GetStateAsync();

    /// <summary>Runs a simulator command on the session's actor.</summary>
    [AlwaysInterleave]
    Task<SimulatorOutcome> ExecuteAsync(SimulatorAction action, CancellationToken cancellationToken);

    /// <summary>Sends one CP→CSMS CALL and waits for its answer (up to the proxy's own timeout, 300 s at most).</summary>
    [AlwaysInterleave]
    [ResponseTimeout("00:06:00")]
    Task<ProxyOutcome> ProxyAsync(string action, JsonObject payload, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>The session's statistics, or null when the charger has no session.</summary>
    [AlwaysInterleave]
    Task<ChargerStatsResponse?> GetStatsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Sends the charger's frames, as this silo's frame log stores them, to <paramref name="observer"/>
    /// (a live log stream served by another node) until <paramref name="lease"/> passes; the stream
    /// renews it, and so finds the grain again wherever it moved.
    /// </summary>
    [AlwaysInterleave]
    Task WatchLogsAsync(ILiveLogObserver observer, TimeSpan lease);
}
