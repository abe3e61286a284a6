using System.Text.Json.Nodes;
using OcppLab.Application.Simulator;

namespace OcppLab.Application.Abstractions;

/// <summary>Acts on a running charger's model (the simulator commands) and proxies CALLs to its CSMS.</summary>
public interface IChargerSimulator
{
    /// <summary>The largest OCPP frame a charger sends or reads (<c>Ocpp:MaxFrameBytes</c>), in UTF-8 bytes.</summary>
    int MaxFrameBytes { get; }

    /// <summary>Runs a command on the charger's session; the result says what happened or why not.</summary>
    Task<SimulatorOutcome> ExecuteAsync(string chargerId, SimulatorAction action, CancellationToken cancellationToken);

    /// <summary>Sends one CP→CSMS CALL (respecting the one-outstanding-CALL rule) and waits for its answer.</summary>
    Task<ProxyOutcome> ProxyAsync(string chargerId, string action, JsonObject payload, TimeSpan timeout, CancellationToken cancellationToken);
}
