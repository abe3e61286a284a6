using System.Text.Json.Nodes;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Simulator;
using OcppLab.Infrastructure.Ownership;

namespace OcppLab.Infrastructure.Ocpp.Runtime;

/// <summary>
/// Routes simulator commands and proxied messages to the charger's live session. A standby gateway
/// has none: it answers that the charger runs on the owner (409), not that it is stopped.
/// </summary>
internal sealed class ChargerSimulator(SessionManager sessions, RuntimeOwnership ownership, Microsoft.Extensions.Options.IOptions<RuntimeOptions> options) : IChargerSimulator
{
    public int MaxFrameBytes => options.Value.MaxFrameBytes;

    public async Task<SimulatorOutcome> ExecuteAsync(string chargerId, SimulatorAction action, CancellationToken cancellationToken)
    {
        if (!sessions.RunsChargers)
        {
            return SimulatorOutcome.Fail(SimulatorFailure.NotConnected, ownership.StandbyMessage(chargerId));
        }

        if (sessions.Find(chargerId) is not { } session)
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

    public async Task<ProxyOutcome> ProxyAsync(string chargerId, string action, JsonObject payload, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!sessions.RunsChargers)
        {
            return new ProxyOutcome(false, false, null, null, ownership.StandbyMessage(chargerId), null, 0, null);
        }

        if (sessions.Find(chargerId) is not { } session)
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
}
