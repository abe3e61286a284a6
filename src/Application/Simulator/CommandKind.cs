using OcppLab.Application.Common.Exceptions;
using OcppLab.Domain.ChargePoint.Authorization;
using OcppLab.Domain.Chargers;
using OcppLab.Domain.Common;

namespace OcppLab.Application.Simulator;

/// <summary>The simulator commands of §5; <see cref="CommandKinds.EventType"/> gives the wire name.</summary>
public enum CommandKind
{
    Configuration,
    CacheReset,
    LocalAuthList,
    ClearLocalAuthList,
    InjectFault,
    ClearFault,
    PlugConnector,
    UnplugConnector,
    UnlockConnector,
    AuthorizeIdTag,
    StartTransaction,
    StopTransaction,
    StartSession,
    StopSession,
    EvRequestsEnergy,
    EvStopsEnergy,
    PowerUpdate,
}

public static class CommandKinds
{
    public static string EventType(this CommandKind kind) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(kind.ToString());

    /// <summary>Commands that address one charger and answer synchronously; the rest fan out.</summary>
    public static bool IsSingleTarget(this CommandKind kind) => kind is CommandKind.Configuration or CommandKind.CacheReset
        or CommandKind.LocalAuthList or CommandKind.ClearLocalAuthList or CommandKind.InjectFault or CommandKind.ClearFault;

    /// <summary>
    /// The action a validated event of this kind asks of a charger, or the version-specific problem with
    /// the event. Beside the enumeration on purpose: a new command is a member here, its arm below, its
    /// <see cref="SimulatorAction"/> record, its route and its execution in the session (ADR 9).
    /// </summary>
    public static SimulatorAction ToAction(this CommandKind kind, CommandEvent? evt, Charger charger)
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
}
