using System.Globalization;
using System.Text.Json;

namespace OcppLab.Infrastructure.Ocpp.Schemas;

/// <summary>
/// Minimal RFC 6901 helpers over <see cref="JsonElement"/>. Kept here rather than using the validator library's
/// pointer type so that error paths and schema look-ups do not depend on how a library version renders them.
/// </summary>
internal static class JsonPointers
{
    public static string[] Parse(string pointer)
    {
        if (string.IsNullOrEmpty(pointer))
        {
            return [];
        }

        if (pointer[0] != '/')
        {
            throw new FormatException($"'{pointer}' is not a JSON pointer.");
        }

        return pointer[1..].Split('/').Select(Unescape).ToArray();
    }

    public static string Append(string pointer, string segment) => $"{pointer}/{Escape(segment)}";

    public static string Escape(string segment) => segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    public static bool TryNavigate(JsonElement element, IEnumerable<string> segments, out JsonElement result)
    {
        result = element;
        foreach (var segment in segments)
        {
            switch (result.ValueKind)
            {
                case JsonValueKind.Object when result.TryGetProperty(segment, out var property):
                    result = property;
                    break;
                case JsonValueKind.Array when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                                              && index < result.GetArrayLength():
                    result = result[index];
                    break;
                default:
                    result = default;
                    return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Follows an evaluation path (e.g. <c>/properties/chargingStation/$ref/properties/model</c>) through a schema document:
    /// ordinary segments step into the schema, a <c>$ref</c> segment jumps to the local definition it names.
    /// </summary>
    public static bool TryResolveSchema(JsonElement root, IEnumerable<string> evaluationPath, out JsonElement schema)
    {
        schema = root;
        foreach (var segment in evaluationPath)
        {
            if (segment == "$ref")
            {
                if (!TryFollowRef(root, schema, out schema))
                {
                    return false;
                }
            }
            else if (!TryNavigate(schema, [segment], out schema))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Replaces a <c>{"$ref": "#/…"}</c> node by its target; any other node is returned as it is.</summary>
    public static JsonElement Dereference(JsonElement root, JsonElement schema)
    {
        // The OCPP schemas never chain references, but a bound keeps a malformed document from looping.
        for (var hops = 0; hops < 16 && schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out _); hops++)
        {
            if (!TryFollowRef(root, schema, out schema))
            {
                return default;
            }
        }

        return schema;
    }

    private static bool TryFollowRef(JsonElement root, JsonElement node, out JsonElement target)
    {
        target = default;
        if (node.ValueKind != JsonValueKind.Object
            || !node.TryGetProperty("$ref", out var reference)
            || reference.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        // Every reference in the OCPP schemas is document-local ("#/definitions/…").
        var text = reference.GetString()!;
        return text.StartsWith('#') && TryNavigate(root, Parse(text[1..]), out target);
    }

    private static string Unescape(string segment) =>
        segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
}
