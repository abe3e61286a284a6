using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using OcppLab.Application.Common.Exceptions;
using OcppLab.Domain.ChargePoint.Authorization;
using OcppLab.Domain.Chargers;
using OcppLab.Domain.Common;

namespace OcppLab.Application.Simulator;

/// <summary>Turns a validated command event into the simulator action, and outcomes into HTTP-shaped errors.</summary>
public static class ChargerCommandSupport
{
    private static readonly JsonSerializerOptions EchoOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static JsonObject Echo(CommandEvent? e) =>
        e is null ? [] : JsonSerializer.SerializeToNode(e, EchoOptions)!.AsObject();

    /// <summary>The action for a charger, or the version-specific problem with the event.</summary>
    public static SimulatorAction ToAction(CommandKind kind, CommandEvent? evt, Charger charger)
    {
        var e = evt ?? new CommandEvent();
        if (charger.OcppVersion == OcppVersion.V16 && e.IdTag is { Length: > 20 })
        {
            throw new RequestValidationException("event.id_tag", "an OCPP 1.6 idTag is at most 20 characters.");
        }

        var connector = new ConnectorRef(e.EvseId, e.ConnectorId);
        return kind switch
        {
            CommandKind.Configuration => new SimulatorAction.Configure(
                e.Configuration!.Select(c => KeyValuePair.Create(c.Key!, c.Value!)).ToList()),
            CommandKind.CacheReset => new SimulatorAction.ResetCache(),
            CommandKind.LocalAuthList => new SimulatorAction.SetLocalList(
                e.ListVersion!.Value,
                e.UpdateType == "Full",
                (e.Entries ?? []).Select(x => new LocalListEntry(x.IdTag!, x.ExpiryDate, Enum.Parse<AuthorizationStatus>(x.Status!).ToString())).ToList()),
            CommandKind.ClearLocalAuthList => new SimulatorAction.ClearLocalList(),
            CommandKind.InjectFault => new SimulatorAction.InjectFault(connector, e.FaultType!),
            CommandKind.ClearFault => new SimulatorAction.ClearFault(connector),
            CommandKind.PlugConnector => new SimulatorAction.Plug(connector),
            CommandKind.UnplugConnector => new SimulatorAction.Unplug(connector),
            CommandKind.UnlockConnector => new SimulatorAction.Unlock(connector),
            CommandKind.AuthorizeIdTag => new SimulatorAction.Authorize(e.IdTag!),
            CommandKind.StartTransaction => new SimulatorAction.StartTransaction(connector, e.IdTag!),
            CommandKind.StopTransaction => new SimulatorAction.StopTransaction(connector, e.Reason),
            CommandKind.StartSession => new SimulatorAction.StartSession(connector, e.IdTag!, e.DurationSeconds, e.TargetEnergyKwh),
            CommandKind.StopSession => new SimulatorAction.StopSession(connector),
            CommandKind.EvRequestsEnergy => new SimulatorAction.EvRequestsEnergy(connector, true),
            CommandKind.EvStopsEnergy => new SimulatorAction.EvRequestsEnergy(connector, false),
            CommandKind.PowerUpdate => new SimulatorAction.PowerUpdate(connector, e.PowerW!.Value),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    /// <summary>A failed single-target command as its HTTP error: 409 for state, 422 for a bad value or connector.</summary>
    public static Exception ToException(SimulatorOutcome outcome) => outcome.Failure switch
    {
        SimulatorFailure.UnknownConnector or SimulatorFailure.Invalid =>
            new RequestValidationException("event." + (outcome.Field ?? "connector_id"), outcome.Message ?? "Invalid value."),
        _ => new ConflictException(outcome.Message ?? "The charger cannot do that now."),
    };
}
