using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using OcppLab.Domain.ChargePoint.Authorization;
using OcppLab.Infrastructure.Ocpp.Framing;

namespace OcppLab.Infrastructure.Ocpp.Protocol;

/// <summary>Reading and writing OCPP payloads as JSON nodes, shared by both versions' protocols and handlers.</summary>
public static class OcppJson
{
    /// <summary>A text cut to the schema's maximum length (vendor and model names from the catalog can be long).</summary>
    public static string Cap(string value, int length) => value.Length <= length ? value : value[..length];

    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string? Str(JsonObject payload, string name) =>
        payload[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static int? Int(JsonObject payload, string name) =>
        payload[name] is JsonValue value
            ? value.TryGetValue<int>(out var number) ? number
            : value.TryGetValue<long>(out var big) ? (int)Math.Clamp(big, int.MinValue, int.MaxValue)
            : value.TryGetValue<double>(out var d) ? (int)d
            : null
            : null;

    public static double? Dbl(JsonObject payload, string name) =>
        payload[name] is JsonValue value && value.TryGetValue<double>(out var number) ? number : null;

    public static bool? Bool(JsonObject payload, string name) =>
        payload[name] is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : null;

    public static DateTimeOffset? Time(JsonObject payload, string name) =>
        Str(payload, name) is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : null;

    public static JsonObject Obj(params (string Name, JsonNode? Value)[] properties)
    {
        var result = new JsonObject();
        foreach (var (name, value) in properties)
        {
            if (value is not null)
            {
                result[name] = value;
            }
        }

        return result;
    }

    /// <summary>
    /// A typed <see cref="OutgoingCall.OnResult"/>: the CSMS's answer bound to its record through the version's
    /// context. The answer records bind leniently (<see cref="LenientStringConverter"/>,
    /// <see cref="LenientIntegerConverter"/>, <see cref="LenientObjectConverter{T}"/>,
    /// <see cref="OcppTimestampConverter"/>), as the string-keyed reads did: a value of the wrong type is absent.
    /// </summary>
    public static Action<JsonObject> Reading<T>(JsonTypeInfo<T> info, Action<T> then) =>
        result => then(result.Deserialize(info)!);

    public static CallReply Status(string status) => CallReply.Ok(Obj(("status", status)));

    public static CallReply NotSupported(string action) =>
        CallReply.Error(OcppErrorCodes.NotSupported, $"{action} is not supported by this charge point.");

    /// <summary>1.6 sends meter values as strings; 2.0.1 as numbers.</summary>
    public static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    public static AuthorizationStatus ParseAuthorizationStatus(string? status) =>
        Enum.TryParse<AuthorizationStatus>(status, ignoreCase: false, out var parsed) ? parsed : AuthorizationStatus.Invalid;
}
