using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OcppLab.Domain.Logs;
using OcppLab.FunctionalTests.Infrastructure;
using OcppLab.Infrastructure.Logging;

namespace OcppLab.FunctionalTests.Logs;

/// <summary>Frames with known timestamps, handed to the gateway's own log writer as a session would.</summary>
public static class LogFrames
{
    public static readonly DateTimeOffset Day = new(2026, 4, 9, 0, 0, 0, TimeSpan.Zero);

    public static ChargerLog Call(string chargerId, DateTimeOffset at, string action, string messageId, string payload = "{}") => new()
    {
        ChargerId = chargerId,
        Direction = LogDirection.CpToCsms,
        Action = action,
        Message = $"[2,\"{messageId}\",\"{action}\",{payload}]",
        Timestamp = at,
        MessageType = LogMessageType.Call,
        MessageId = messageId,
    };

    public static ChargerLog Result(string chargerId, DateTimeOffset at, string action, string messageId, string payload = "{}") => new()
    {
        ChargerId = chargerId,
        Direction = LogDirection.CsmsToCp,
        Action = action,
        Message = $"[3,\"{messageId}\",{payload}]",
        Timestamp = at,
        MessageType = LogMessageType.CallResult,
        MessageId = messageId,
    };

    public static FrameLogWriter Writer(this GatewayFactory factory) => factory.Services.GetRequiredService<FrameLogWriter>();

    /// <summary>Records the frames in this order (their arrival order) and waits until they are stored.</summary>
    public static async Task RecordAsync(this GatewayFactory factory, params ChargerLog[] entries)
    {
        var writer = factory.Writer();
        foreach (var entry in entries)
        {
            writer.Record(entry);
        }

        await writer.FlushAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));
    }

    /// <summary>A READY charger whose runtime is stopped, so that only the frames a test records are in its logs.</summary>
    public static async Task<string> QuietChargerAsync(this HttpClient client, string identity)
    {
        var id = await client.CreateChargerAsync(identity);
        Assert.That((await client.WaitForProvisioningAsync(id)).Str("status"), Is.EqualTo("READY"));
        Assert.That((int)(await client.PostJsonAsync($"/ocpp/chargers/{id}/stop-charger", new { })).StatusCode, Is.EqualTo(202));
        return id;
    }

    /// <summary>GET …/logs with <paramref name="query"/> (already encoded), expecting 200.</summary>
    public static Task<JsonNode> LogsAsync(this HttpClient client, string chargerId, string query = "") =>
        client.GetJsonAsync($"/ocpp/chargers/{chargerId}/logs{(query.Length == 0 ? string.Empty : "?" + query)}");

    public static IReadOnlyList<string> Messages(this JsonNode page) =>
        page["data"]!.AsArray().Select(e => e.Str("message")).ToList();

    public static string Q(DateTimeOffset at) => Uri.EscapeDataString(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
}
