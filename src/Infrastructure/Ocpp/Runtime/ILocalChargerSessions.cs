using System.Text.Json.Nodes;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Chargers.Queries.GetChargerStats;
using OcppLab.Application.Simulator;

namespace OcppLab.Infrastructure.Ocpp.Runtime;

/// <summary>
/// The sessions of this silo, as the charger grains drive them (implemented by the session
/// manager). Only a charger's grain calls these, each for its own charger id, so a session is
/// opened and closed by the one activation that owns it.
/// </summary>
public interface ILocalChargerSessions
{
    /// <summary>This node's id (as <c>runtime.node</c> and <c>/health/ready</c> name it).</summary>
    string NodeId { get; }

    /// <summary>Whether the charger has a session in this process.</summary>
    bool IsRunningHere(string chargerId);

    /// <summary>The chargers with a session in this process, now.</summary>
    string[] RunningHere();

    /// <summary>How many chargers have a session in this process, now.</summary>
    int RunningHereCount { get; }

    Task StartHereAsync(string chargerId, CancellationToken cancellationToken);

    /// <summary>Closes the session; a <paramref name="handover"/> may be resumed without a boot (ADR 10).</summary>
    Task StopHereAsync(string chargerId, bool handover = false);

    Task RestartHereAsync(string chargerId, CancellationToken cancellationToken);

    Task ReconcileHereAsync(string chargerId, CancellationToken cancellationToken);

    RuntimeState? StateHere(string chargerId);

    Task<SimulatorOutcome> ExecuteHereAsync(string chargerId, SimulatorAction action, CancellationToken cancellationToken);

    Task<ProxyOutcome> ProxyHereAsync(string chargerId, string action, JsonObject payload, TimeSpan timeout, CancellationToken cancellationToken);

    Task<ChargerStatsResponse?> StatsHereAsync(string chargerId, CancellationToken cancellationToken);
}
