using System.Text.Json.Nodes;

namespace OcppLab.Application.Simulator;

public enum SimulatorFailure
{
    /// <summary>The charger has no live connection to its CSMS (409).</summary>
    NotConnected,

    /// <summary>The connector or EVSE does not exist on this charger (422).</summary>
    UnknownConnector,

    /// <summary>The charger's state forbids it: busy, faulted, not plugged … (409).</summary>
    Conflict,

    /// <summary>A value is not acceptable (422).</summary>
    Invalid,
}

/// <summary>What a command did (<see cref="Result"/>), or why it could not (<see cref="Failure"/> + <see cref="Message"/>).</summary>
public sealed record SimulatorOutcome(JsonObject? Result, SimulatorFailure? Failure = null, string? Message = null, string? Field = null)
{
    public static SimulatorOutcome Ok(JsonObject result) => new(result);

    public static SimulatorOutcome Fail(SimulatorFailure failure, string message, string? field = null) => new(null, failure, message, field);

    public bool Succeeded => Failure is null;
}

/// <summary>The CSMS's answer to a proxied CALL.</summary>
public sealed record ProxyOutcome(
    bool Connected,
    bool TimedOut,
    JsonObject? Result,
    string? ErrorCode,
    string? ErrorDescription,
    JsonObject? ErrorDetails,
    double LatencyMs,
    string? MessageId);
