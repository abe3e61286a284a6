using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using OcppLab.Application.Common.Exceptions;

namespace OcppLab.Application.Simulator;

/// <summary>A command's event echoed in its answer, and its outcome as an HTTP-shaped error.</summary>
public static class ChargerCommandSupport
{
    private static readonly JsonSerializerOptions EchoOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static JsonObject Echo(CommandEvent? e) =>
        e is null ? [] : JsonSerializer.SerializeToNode(e, EchoOptions)!.AsObject();

    /// <summary>A failed single-target command as its HTTP error: 409 for state, 422 for a bad value or connector.</summary>
    public static Exception ToException(SimulatorOutcome outcome) => outcome.Failure switch
    {
        SimulatorFailure.UnknownConnector or SimulatorFailure.Invalid =>
            new RequestValidationException("event." + (outcome.Field ?? "connector_id"), outcome.Message ?? "Invalid value."),
        _ => new ConflictException(outcome.Message ?? "The charger cannot do that now."),
    };
}
