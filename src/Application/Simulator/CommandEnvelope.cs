namespace OcppLab.Application.Simulator;

/// <summary>Who a command is for: one charger, or a location's chargers (optionally a subset).</summary>
public sealed record CommandTarget(string? ChargerId, Guid? LocationId, IReadOnlyList<string>? ChargerIds);

/// <summary>Every field any command's event may carry; each command uses its own (see the validator).</summary>
public sealed record CommandEvent
{
    public int? EvseId { get; init; }
    public int? ConnectorId { get; init; }
    public string? IdTag { get; init; }
    public string? FaultType { get; init; }
    public string? Reason { get; init; }
    public int? DurationSeconds { get; init; }
    public double? TargetEnergyKwh { get; init; }
    public double? PowerW { get; init; }
    public int? ListVersion { get; init; }
    public string? UpdateType { get; init; }
    public IReadOnlyList<LocalAuthEntryInput>? Entries { get; init; }
    public IReadOnlyList<ConfigurationInput>? Configuration { get; init; }
}

public sealed record LocalAuthEntryInput(string? IdTag, DateTimeOffset? ExpiryDate, string? Status);

public sealed record ConfigurationInput(string? Key, string? Value);

/// <summary>A fanned-out command as queued for one charger.</summary>
public sealed record QueuedCommand(string Id, string EventType, string OcppVersion, System.Text.Json.Nodes.JsonObject Payload);

public sealed record CommandResultItem(string ChargerId, string Identity, QueuedCommand Command);

public sealed record CommandFailure(string? ChargerId, string? Identity, string Error);

/// <summary>The 202 answer of a unified-target command.</summary>
public sealed record FanOutResponse(
    int TargetedCount,
    int QueuedCount,
    int FailedCount,
    IReadOnlyList<CommandResultItem> Results,
    IReadOnlyList<CommandFailure> Failed);
