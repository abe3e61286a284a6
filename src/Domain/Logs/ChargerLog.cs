namespace OcppLab.Domain.Logs;

/// <summary>One OCPP frame as it crossed the wire, in either direction.</summary>
public sealed class ChargerLog
{
    /// <summary>Database-assigned; also the arrival order that breaks timestamp ties.</summary>
    public long Id { get; set; }

    public required string ChargerId { get; init; }
    public required LogDirection Direction { get; init; }

    /// <summary>The OCPP action; a result or error carries the action of the CALL it answers.</summary>
    public string? Action { get; init; }

    /// <summary>The exact frame text.</summary>
    public required string Message { get; init; }

    public required DateTimeOffset Timestamp { get; init; }
    public required LogMessageType MessageType { get; init; }
    public string? MessageId { get; init; }
}
