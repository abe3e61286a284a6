using System.Globalization;
using OcppLab.Domain.Logs;

namespace OcppLab.Bench.Logs;

/// <summary>
/// Synthetic OCPP frames of 250 characters. Each charger's history repeats a 10-frame pattern
/// (Heartbeat 40 %, MeterValues 40 %, StatusNotification 20 %; every CALL followed by its result).
/// </summary>
internal static class Frames
{
    public const int MessageLength = 250;
    public const string QueryEvent = "MeterValues";

    private static readonly (string Action, LogDirection Direction, LogMessageType Type)[] Pattern =
    [
        ("Heartbeat", LogDirection.CpToCsms, LogMessageType.Call),
        ("Heartbeat", LogDirection.CsmsToCp, LogMessageType.CallResult),
        ("MeterValues", LogDirection.CpToCsms, LogMessageType.Call),
        ("MeterValues", LogDirection.CsmsToCp, LogMessageType.CallResult),
        ("StatusNotification", LogDirection.CpToCsms, LogMessageType.Call),
        ("StatusNotification", LogDirection.CsmsToCp, LogMessageType.CallResult),
        ("MeterValues", LogDirection.CpToCsms, LogMessageType.Call),
        ("MeterValues", LogDirection.CsmsToCp, LogMessageType.CallResult),
        ("Heartbeat", LogDirection.CpToCsms, LogMessageType.Call),
        ("Heartbeat", LogDirection.CsmsToCp, LogMessageType.CallResult),
    ];

    private static readonly string[] Messages = Pattern.Select(p => Pad(p.Type == LogMessageType.Call
        ? $"[2,\"0123abcd-42\",\"{p.Action}\",{{\"connectorId\":1,\"timestamp\":\"2026-11-25T12:00:00.000Z\",\"info\":\""
        : "[3,\"0123abcd-42\",{\"currentTime\":\"2026-11-25T12:00:00.000Z\",\"status\":\"Accepted\",\"info\":\"")).ToArray();

    public static string ChargerId(int index) => $"dep-bench{index:D6}";

    public static ChargerLog Create(string chargerId, long sequence, DateTimeOffset timestamp)
    {
        var slot = (int)(sequence % Pattern.Length);
        var (action, direction, type) = Pattern[slot];
        return new ChargerLog
        {
            ChargerId = chargerId,
            Direction = direction,
            Action = action,
            Message = Messages[slot],
            Timestamp = timestamp,
            MessageType = type,
            MessageId = (sequence / 2).ToString(CultureInfo.InvariantCulture),
        };
    }

    private static string Pad(string head)
    {
        const string tail = "\"}]";
        return head + new string('x', MessageLength - head.Length - tail.Length) + tail;
    }
}
