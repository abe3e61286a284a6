using System.Text.Json.Nodes;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Simulator;
using OcppLab.Infrastructure.Ownership;

namespace OcppLab.Infrastructure.Ocpp.Runtime;

/// <summary>
/// Routes simulator commands and proxied messages to the charger's grain, which reaches its live
/// session wherever it runs (ADR 11). A standby gateway activates no grain: it answers that the
/// charger runs on the owner (409), not that it is stopped.
/// </summary>
internal sealed class ChargerSimulator(SessionManager sessions, RuntimeOwnership ownership, Microsoft.Extensions.Options.IOptions<RuntimeOptions> options) : IChargerSimulator
{
    public int MaxFrameBytes => options.Value.MaxFrameBytes;

    public Task<SimulatorOutcome> ExecuteAsync(string chargerId, SimulatorAction action, CancellationToken cancellationToken) =>
        sessions.RunsChargers
            ? sessions.ExecuteAsync(chargerId, action, cancellationToken)
            : Task.FromResult(SimulatorOutcome.Fail(SimulatorFailure.NotConnected, ownership.StandbyMessage(chargerId)));

    public Task<ProxyOutcome> ProxyAsync(string chargerId, string action, JsonObject payload, TimeSpan timeout, CancellationToken cancellationToken) =>
        sessions.RunsChargers
            ? sessions.ProxyAsync(chargerId, action, payload, timeout, cancellationToken)
            : Task.FromResult(new ProxyOutcome(false, false, null, null, ownership.StandbyMessage(chargerId), null, 0, null));
}
