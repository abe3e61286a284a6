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
}
