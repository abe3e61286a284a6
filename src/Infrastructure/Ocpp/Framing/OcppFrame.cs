using System.Text.Json;
using System.Text.Json.Nodes;

namespace OcppLab.Infrastructure.Ocpp.Framing;

public enum FrameKind
{
    Call = 2,
    CallResult = 3,
    CallError = 4,
    Malformed = 0,
}

/// <summary>
/// One OCPP-J message: <c>[2,id,action,payload]</c>, <c>[3,id,payload]</c> or
/// <c>[4,id,code,description,details]</c>. Anything else parses as <see cref="FrameKind.Malformed"/>
/// with the reason and, when it could be read, the message id.
/// </summary>
public sealed record OcppFrame(
    FrameKind Kind,
    string? MessageId,
    string? Action = null,
    JsonObject? Payload = null,
    string? ErrorCode = null,
    string? ErrorDescription = null,
    JsonObject? ErrorDetails = null,
    string? Problem = null,
    int? MessageTypeNumber = null)
{
    /// <summary>Writes frames in OCPP's own spelling: property names exactly as given, no escaping of non-ASCII text.</summary>
    public static readonly JsonSerializerOptions WireOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    public static OcppFrame Parse(string text)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            return Malformed(null, $"not valid JSON: {ex.Message}");
        }

        if (root is not JsonArray array || array.Count < 3)
        {
            return Malformed(null, "not an OCPP-J message array");
        }

        string? id = array[1] is JsonValue idValue && idValue.TryGetValue<string>(out var s) ? s : null;
        if (array[0] is not JsonValue typeValue || !typeValue.TryGetValue<int>(out var type))
        {
            return Malformed(id, "the message type is not a number");
        }

        if (id is null)
        {
            return Malformed(null, "the message id is not a string", type);
        }

        switch (type)
        {
            case 2:
                if (array.Count != 4 || array[2] is not JsonValue actionValue || !actionValue.TryGetValue<string>(out var action))
                {
                    return Malformed(id, "a CALL needs [2, id, action, payload]", type);
                }

                return array[3] is JsonObject payload
                    ? new OcppFrame(FrameKind.Call, id, action, Detach(payload), MessageTypeNumber: 2)
                    : Malformed(id, "the CALL payload is not an object", type) with { Action = action };
            case 3:
                return array.Count == 3 && array[2] is JsonObject result
                    ? new OcppFrame(FrameKind.CallResult, id, Payload: Detach(result), MessageTypeNumber: 3)
                    : Malformed(id, "a CALLRESULT needs [3, id, payload object]", type);
            case 4:
                if (array.Count < 4 || array[2] is not JsonValue codeValue || !codeValue.TryGetValue<string>(out var code))
                {
                    return Malformed(id, "a CALLERROR needs [4, id, code, description, details]", type);
                }

                var description = array[3] is JsonValue d && d.TryGetValue<string>(out var text2) ? text2 : string.Empty;
                var details = array.Count > 4 && array[4] is JsonObject detailObject ? Detach(detailObject) : new JsonObject();
                return new OcppFrame(FrameKind.CallError, id, ErrorCode: code, ErrorDescription: description, ErrorDetails: details, MessageTypeNumber: 4);
            default:
                return Malformed(id, $"unknown message type {type}", type);
        }
    }

    public static string Call(string messageId, string action, JsonObject payload) =>
        new JsonArray(2, messageId, action, payload.DeepClone()).ToJsonString(WireOptions);

    /// <summary>
    /// <c>[2,"id","action",payload]</c> as UTF-8, around a payload already written as UTF-8 JSON (a typed
    /// payload's bytes: no tree is built or cloned). The id and action are plain ASCII nearly always and are
    /// copied as they are; anything else is escaped as <see cref="WireOptions"/> escapes it.
    /// </summary>
    public static byte[] CallUtf8(string messageId, string action, ReadOnlySpan<byte> payload)
    {
        if (Plain(messageId) && Plain(action))
        {
            // [2," id "," action ", payload ]
            var frame = new byte[4 + messageId.Length + 3 + action.Length + 2 + payload.Length + 1];
            var span = frame.AsSpan();
            "[2,\""u8.CopyTo(span);
            var at = 4;
            at += System.Text.Encoding.ASCII.GetBytes(messageId, span[at..]);
            "\",\""u8.CopyTo(span[at..]);
            at += 3;
            at += System.Text.Encoding.ASCII.GetBytes(action, span[at..]);
            "\","u8.CopyTo(span[at..]);
            at += 2;
            payload.CopyTo(span[at..]);
            span[^1] = (byte)']';
            return frame;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(payload.Length + 64);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = WireOptions.Encoder }))
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(2);
            writer.WriteStringValue(messageId);
            writer.WriteStringValue(action);
            writer.WriteRawValue(payload, skipInputValidation: true);
            writer.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Printable ASCII that JSON and the relaxed encoder leave as it is.</summary>
    private static bool Plain(string text)
    {
        foreach (var c in text)
        {
            if (c is < ' ' or > '~' or '"' or '\\')
            {
                return false;
            }
        }

        return true;
    }

    public static string CallResult(string messageId, JsonObject payload) =>
        new JsonArray(3, messageId, payload.DeepClone()).ToJsonString(WireOptions);

    public static string CallError(string messageId, string code, string description, JsonObject? details = null)
    {
        // 2.0.1 limits the description to 255 characters; 1.6 sets no limit but nobody needs more.
        var trimmed = description.Length > 255 ? description[..255] : description;
        return new JsonArray(4, messageId, code, trimmed, details?.DeepClone() ?? new JsonObject()).ToJsonString(WireOptions);
    }

    private static OcppFrame Malformed(string? id, string problem, int? type = null) =>
        new(FrameKind.Malformed, id, Problem: problem, MessageTypeNumber: type);

    private static JsonObject Detach(JsonObject node)
    {
        node.Parent?.AsArray().Remove(node);
        return node;
    }
}
