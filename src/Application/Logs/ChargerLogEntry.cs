using System.Text.Json.Serialization;
using OcppLab.Application.Abstractions;
using OcppLab.Domain.Logs;

namespace OcppLab.Application.Logs;

[JsonConverter(typeof(JsonStringEnumConverter<LogDirectionName>))]
public enum LogDirectionName
{
    [JsonStringEnumMemberName("cp_to_csms")]
    CpToCsms,

    [JsonStringEnumMemberName("csms_to_cp")]
    CsmsToCp,
}

[JsonConverter(typeof(JsonStringEnumConverter<LogMessageTypeName>))]
public enum LogMessageTypeName
{
    [JsonStringEnumMemberName("call")]
    Call,

    [JsonStringEnumMemberName("call_result")]
    CallResult,

    [JsonStringEnumMemberName("call_error")]
    CallError,

    /// <summary>A frame that is not a valid OCPP-J message; the charger rejected or ignored it.</summary>
    [JsonStringEnumMemberName("malformed")]
    Malformed,
}

/// <summary>One OCPP frame as the logs endpoint shows it.</summary>
public sealed record ChargerLogEntry(
    LogDirectionName Direction,
    string? Action,
    string Message,
    DateTimeOffset Timestamp,
    LogMessageTypeName MessageType,
    string? MessageId)
{
    public static ChargerLogEntry From(ChargerLog log) => new(
        NameOf(log.Direction),
        log.Action,
        log.Message,
        log.Timestamp,
        NameOf(log.MessageType),
        log.MessageId);

    public static LogDirectionName NameOf(LogDirection direction) =>
        direction == LogDirection.CpToCsms ? LogDirectionName.CpToCsms : LogDirectionName.CsmsToCp;

    public static LogMessageTypeName NameOf(LogMessageType type) => type switch
    {
        LogMessageType.Call => LogMessageTypeName.Call,
        LogMessageType.CallResult => LogMessageTypeName.CallResult,
        LogMessageType.CallError => LogMessageTypeName.CallError,
        _ => LogMessageTypeName.Malformed,
    };
}

/// <summary>A page of logs: offset paging, as the product's logs endpoint pages.</summary>
public sealed record ChargerLogsPage(IReadOnlyList<ChargerLogEntry> Data, int Total, int Limit, int Offset);

/// <summary>
/// The logs page as it is written: the same JSON as <see cref="ChargerLogsPage"/>, with the rows
/// written one at a time while they are read from the database, so a page of a thousand 1 MiB
/// frames costs a few buffers in memory, not the page (issue 9 item 2).
/// </summary>
public sealed record StreamedChargerLogsPage(IAsyncEnumerable<LogRow> Rows, int Total, int Limit, int Offset);
