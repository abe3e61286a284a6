using System.Text.Json.Serialization;
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
        log.Direction == LogDirection.CpToCsms ? LogDirectionName.CpToCsms : LogDirectionName.CsmsToCp,
        log.Action,
        log.Message,
        log.Timestamp,
        log.MessageType switch
        {
            LogMessageType.Call => LogMessageTypeName.Call,
            LogMessageType.CallResult => LogMessageTypeName.CallResult,
            LogMessageType.CallError => LogMessageTypeName.CallError,
            _ => LogMessageTypeName.Malformed,
        },
        log.MessageId);
}

/// <summary>A page of logs: offset paging, as the product's logs endpoint pages.</summary>
public sealed record ChargerLogsPage(IReadOnlyList<ChargerLogEntry> Data, int Total, int Limit, int Offset);
