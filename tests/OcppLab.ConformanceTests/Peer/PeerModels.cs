using System.Text.Json;
using System.Text.Json.Nodes;

namespace OcppLab.ConformanceTests.Peer;

/// <summary>One answer of the BootNotification sequence the peer plays back; the last one repeats.</summary>
public sealed record BootStep(string Status, int? Interval = null)
{
    public static BootStep Accepted(int interval = 300) => new("Accepted", interval);

    public static BootStep Pending(int interval) => new("Pending", interval);

    public static BootStep Rejected(int interval) => new("Rejected", interval);
}

/// <summary>
/// Per-identity configuration (<c>PUT /_control/identities/{identity}</c>). A null Boot means the
/// default (Accepted, interval 300); a Password switches on Basic-auth checks for that identity;
/// HeartbeatInterval is the interval of Accepted answers whose step has none.
/// </summary>
public sealed record IdentityConfig(IReadOnlyList<BootStep>? Boot = null, string? Password = null, int? HeartbeatInterval = null)
{
    internal JsonObject ToJson()
    {
        var json = new JsonObject();
        if (Boot is not null)
        {
            var steps = new JsonArray();
            foreach (var step in Boot)
            {
                var node = new JsonObject { ["status"] = step.Status };
                if (step.Interval is { } interval)
                {
                    node["interval"] = interval;
                }

                steps.Add(node);
            }

            json["boot"] = steps;
        }

        if (Password is not null)
        {
            json["password"] = Password;
        }

        if (HeartbeatInterval is { } heartbeat)
        {
            json["heartbeat_interval"] = heartbeat;
        }

        return json;
    }
}

/// <summary>
/// Replaces the peer's answer to one CP-initiated action (<c>PUT …/responses/{action}</c>) until it
/// is cleared or the peer is reset. Strict overrides are validated by the peer; <c>strict: false</c>
/// sends them exactly as given, for negative tests.
/// </summary>
public sealed class ResponseOverride
{
    private readonly JsonObject _body;

    private ResponseOverride(JsonObject body) => _body = body;

    public static ResponseOverride WithPayload(object payload, bool strict = true, TimeSpan? delay = null) =>
        new(With(new JsonObject { ["payload"] = PeerJson.ToNode(payload) }, strict, delay));

    public static ResponseOverride WithError(string code, string description = "", object? details = null, bool strict = true, TimeSpan? delay = null) =>
        new(With(
            new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["code"] = code,
                    ["description"] = description,
                    ["details"] = details is null ? new JsonObject() : PeerJson.ToNode(details),
                },
            },
            strict,
            delay));

    /// <summary>Never answers: the charge point has to time out.</summary>
    public static ResponseOverride NoAnswer() => new(new JsonObject { ["no_answer"] = true });

    /// <summary>The default answer, sent only after <paramref name="delay"/>.</summary>
    public static ResponseOverride Delayed(TimeSpan delay) => new(With(new JsonObject(), strict: true, delay));

    internal JsonObject ToJson() => (JsonObject)_body.DeepClone();

    private static JsonObject With(JsonObject body, bool strict, TimeSpan? delay)
    {
        if (!strict)
        {
            body["strict"] = false;
        }

        if (delay is { } value)
        {
            body["delay_ms"] = (int)value.TotalMilliseconds;
        }

        return body;
    }
}

/// <summary>The outcome of a CSMS-initiated call (<c>POST …/call</c>).</summary>
/// <param name="Ok">The charge point answered with a schema-valid CALLRESULT.</param>
/// <param name="Result">The CALLRESULT payload (also set when it was invalid).</param>
/// <param name="Error">The CALLERROR exactly as the charge point sent it, or the validation error of an invalid result.</param>
/// <param name="Timeout">No answer within the timeout.</param>
/// <param name="Disconnected">The connection went away before an answer came.</param>
/// <param name="InvalidResult">A CALLRESULT came but failed schema validation (also recorded as a violation).</param>
public sealed record PeerCallResult(bool Ok, JsonNode? Result, PeerCallError? Error, bool Timeout, bool Disconnected, bool InvalidResult)
{
    public override string ToString() =>
        $"ok={Ok} timeout={Timeout} disconnected={Disconnected} invalid_result={InvalidResult} result={Result?.ToJsonString() ?? "null"} error={Error}";
}

/// <summary>A CALLERROR. Code and description are the wire values (non-strings rendered as JSON).</summary>
public sealed record PeerCallError(string? Code, string? Description, JsonNode? Details)
{
    public override string ToString() => $"{Code}: {Description} {Details?.ToJsonString()}";
}

/// <summary>One recorded WebSocket frame, text exactly as on the wire.</summary>
public sealed record PeerFrame(string Direction, string Message, DateTimeOffset Time, int Connection)
{
    public bool FromChargePoint => Direction == FrameDirection.CpToCsms;

    /// <summary>The frame as a JSON array, or null when it is not one.</summary>
    public JsonArray? TryParse()
    {
        try
        {
            return JsonNode.Parse(Message) as JsonArray;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public int? MessageType => TryParse() is [JsonValue type, ..] && type.TryGetValue<int>(out var value) ? value : null;

    public string? MessageId => TryParse() is [_, JsonValue id, ..] && id.TryGetValue<string>(out var value) ? value : null;

    /// <summary>The action of a CALL frame.</summary>
    public string? Action => MessageType == 2 && TryParse() is [_, _, JsonValue action, ..] && action.TryGetValue<string>(out var value) ? value : null;

    public override string ToString() => $"#{Connection} {Direction} {Message}";
}

public static class FrameDirection
{
    public const string CpToCsms = "cp_to_csms";
    public const string CsmsToCp = "csms_to_cp";
}

/// <summary>Something the charge point (or, for peer_error / csms_invalid_response, the test setup) got wrong.</summary>
public sealed record PeerViolation(string? Identity, string Kind, string Detail, string? Frame, int? Connection, DateTimeOffset Time)
{
    public override string ToString() => $"[{Identity}#{Connection}] {Kind}: {Detail}{(Frame is null ? string.Empty : " | " + Frame)}";
}

/// <summary>The violation kinds the peer records.</summary>
public static class ViolationKind
{
    public const string MalformedFrame = "malformed_frame";
    public const string MessageIdTooLong = "message_id_too_long";
    public const string MessageIdReused = "message_id_reused";
    public const string ConcurrentCall = "concurrent_call";
    public const string UnknownAction = "unknown_action";
    public const string SchemaCall = "schema_call";
    public const string SchemaResult = "schema_result";
    public const string MalformedCallError = "malformed_callerror";
    public const string ErrorCodeNotInTable = "error_code_not_in_table";
    public const string CallBeforeBoot = "call_before_boot";
    public const string CallWhilePending = "call_while_pending";
    public const string TimestampWithoutOffset = "timestamp_without_offset";
    public const string TimestampInvalid = "timestamp_invalid";
    public const string NoSharedSubprotocol = "no_shared_subprotocol";
    public const string UnknownResponseId = "unknown_response_id";
    public const string LateResponse = "late_response";
    public const string BadMessage = "bad_message";
    public const string CsmsInvalidResponse = "csms_invalid_response";
    public const string PeerError = "peer_error";
}

/// <summary>What the peer knows about one identity (<c>GET /_control/identities/{identity}</c>).</summary>
/// <param name="OpenConnections">Connections accepted and not closed yet.</param>
/// <param name="MaxOpenConnections">The most connections of the identity that were ever open at the same time (a charge point keeps one).</param>
/// <param name="RefusedUpgrades">Every refused handshake of the identity, in order (to measure reconnect back-off).</param>
/// <param name="LastCloseCode">The code of the last close: the one the peer sent if it closed, else the charge point's (1006 when dropped).</param>
/// <param name="LastCloseBy">"csms" when the peer closed (disconnect, offline, no subprotocol), else "charge_point".</param>
public sealed record PeerIdentity(
    string Identity,
    bool Connected,
    string? Protocol,
    int Connections,
    int OpenConnections,
    int MaxOpenConnections,
    int? LastCloseCode,
    string? LastCloseBy,
    string? AuthUsername,
    int AuthFailures,
    IReadOnlyList<PeerRefusal> RefusedUpgrades,
    string? BootStatus);

/// <summary>A handshake the peer refused: 503 while offline, 401 for wrong Basic-auth credentials.</summary>
public sealed record PeerRefusal(DateTimeOffset Time, int Status);

internal static class PeerJson
{
    /// <summary>snake_case, as the control API speaks.</summary>
    public static readonly JsonSerializerOptions Control = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>
    /// OCPP payloads keep their property names exactly as written (camelCase in OCPP), so they
    /// are serialized without a naming policy.
    /// </summary>
    public static JsonNode ToNode(object payload) => payload switch
    {
        JsonNode node => node.DeepClone(),
        JsonElement element => JsonNode.Parse(element.GetRawText())!,
        string text => JsonNode.Parse(text) ?? throw new ArgumentException("payload text is JSON null", nameof(payload)),
        _ => JsonSerializer.SerializeToNode(payload) ?? throw new ArgumentException("payload serialized to null", nameof(payload)),
    };

    /// <summary>A wire value as text: strings as they are, anything else as JSON.</summary>
    public static string? Text(JsonNode? node) =>
        node switch
        {
            null => null,
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            _ => node.ToJsonString(),
        };
}
