using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using OcppLab.Domain.ChargePoint;

namespace OcppLab.Infrastructure.Ocpp.Runtime;

/// <summary>
/// The stored live state of one charger (charger_states.LiveStateJson), versioned: the Domain's
/// snapshot of the model, the queued transaction messages with their attempts, whether the charger
/// was registered, where it was connected, and — written only by a graceful stop — the instant of that
/// clean stop, which decides between a reconnect without a boot and a power-up after a power loss.
/// <c>Endpoint</c> is ws_url, identity and security profile: a charger moved to another CSMS boots there.
/// </summary>
public sealed record LiveStateDocument(
    int Version,
    DateTimeOffset SavedAt,
    DateTimeOffset? CleanStopAt,
    string Endpoint,
    string OcppVersion,
    bool Registered,
    ChargePointSnapshot Model,
    IReadOnlyList<QueuedMessage> Queue)
{
    public const int CurrentVersion = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// The document as JSON of at most <paramref name="maxBytes"/> UTF-8 bytes. When it is larger, the
    /// oldest queued periodic meter samples are left out until it fits (<c>Omitted</c> counts them);
    /// starts, ends and every other transaction message are never left out. Null when even that does
    /// not fit: the caller keeps the last stored state and says so.
    /// </summary>
    public (string? Json, int Omitted) Write(int maxBytes)
    {
        var json = JsonSerializer.Serialize(this, Json);
        var size = Encoding.UTF8.GetByteCount(json);
        if (size <= maxBytes)
        {
            return (json, 0);
        }

        var kept = Queue.ToList();
        var omitted = 0;
        for (var i = 0; i < kept.Count && size > maxBytes;)
        {
            if (!kept[i].PeriodicSample)
            {
                i++;
                continue;
            }

            // One comma and the message itself leave the document.
            size -= Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(kept[i], Json)) + 1;
            kept.RemoveAt(i);
            omitted++;
        }

        json = JsonSerializer.Serialize(this with { Queue = kept }, Json);
        return Encoding.UTF8.GetByteCount(json) <= maxBytes ? (json, omitted) : (null, omitted);
    }

    /// <summary>
    /// Reads a stored document. False with a null problem when nothing is stored; false with the
    /// problem when it cannot be used (too large, not JSON, another version, members missing), so the
    /// charger boots fresh and the operator learns why.
    /// </summary>
    public static bool TryRead(string? json, int maxBytes, out LiveStateDocument? document, out string? problem)
    {
        document = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(json))
        {
            return false;
        }

        var size = Encoding.UTF8.GetByteCount(json);
        if (size > maxBytes)
        {
            problem = $"it is {size} bytes, over Ocpp:LiveStateMaxBytes ({maxBytes})";
            return false;
        }

        try
        {
            using (var parsed = JsonDocument.Parse(json))
            {
                if (parsed.RootElement.ValueKind != JsonValueKind.Object
                    || !parsed.RootElement.TryGetProperty("version", out var version)
                    || version.ValueKind != JsonValueKind.Number
                    || !version.TryGetInt32(out var number))
                {
                    problem = "it has no version";
                    return false;
                }

                if (number != CurrentVersion)
                {
                    problem = $"it is of version {number}; this gateway reads version {CurrentVersion}";
                    return false;
                }
            }

            var read = JsonSerializer.Deserialize<LiveStateDocument>(json, Json);
            if (read is null || read.Model?.Connectors is null || read.Model.Profiles is null || read.Queue is null
                || read.Endpoint is null || read.OcppVersion is null
                || read.Queue.Any(m => m is null || string.IsNullOrEmpty(m.Action) || m.Payload is null || m.Attempts < 0))
            {
                problem = "members are missing";
                return false;
            }

            document = read;
            return true;
        }
        catch (JsonException ex)
        {
            problem = $"it is not a valid document: {ex.Message}";
            return false;
        }
    }
}

/// <summary>
/// A queued transaction message: its action, the payload as it goes out, attempts made, its
/// transaction (our id), and whether it is a periodic meter sample (1.6 MeterValues, 2.0.1
/// TransactionEvent Updated of trigger MeterValuePeriodic): the only messages a full store leaves
/// out. The session marks the sample from the model's event, so this names no message of either
/// version; a document stored before the mark existed reads as no sample (nothing is left out).
/// </summary>
public sealed record QueuedMessage(string Action, JsonObject Payload, int Attempts, string? TransactionId, bool PeriodicSample = false);
