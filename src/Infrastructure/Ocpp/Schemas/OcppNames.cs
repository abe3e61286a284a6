using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OcppLab.Domain.Common;

namespace OcppLab.Infrastructure.Ocpp.Schemas;

/// <summary>
/// Name helpers for payloads written by people (the REST proxy): snake_case action names and keys are mapped to the
/// OCPP spelling. Mapping is driven by the embedded schemas, so acronyms (<c>iccid</c>, <c>evseId</c>, <c>EV</c>)
/// come out exactly as OCPP spells them instead of as a generic case converter would guess.
/// </summary>
public static class OcppNames
{
    private static readonly ConcurrentDictionary<OcppVersion, FrozenDictionary<string, string>> _snakeActions = new();

    /// <summary>
    /// The exact OCPP action name for <paramref name="input"/>, or <see langword="null"/> if <paramref name="version"/> has
    /// no such action. Accepts the OCPP name itself (case-sensitive: <c>BootNotification</c>) or its snake_case form
    /// (<c>boot_notification</c>, <c>notify_ev_charging_needs</c>, <c>get_15118_ev_certificate</c> or <c>get15118_ev_certificate</c>).
    /// </summary>
    public static string? ResolveAction(OcppVersion version, string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var catalog = OcppSchemaCatalog.Embedded;
        if (catalog.HasAction(version, input))
        {
            return input;
        }

        var snake = _snakeActions.GetOrAdd(version, v => BuildSnakeIndex(catalog.Actions(v)));
        return snake.TryGetValue(input, out var action) ? action : null;
    }

    /// <summary>
    /// A copy of <paramref name="payload"/> with snake_case keys renamed to the property names of the schema for
    /// <paramref name="action"/>/<paramref name="kind"/>, recursively through nested objects and arrays. A key matches a
    /// schema property when both agree after lower-casing and dropping underscores. Keys already spelled as in OCPP,
    /// keys the schema does not know, and keys whose OCPP name is already present are kept as they are, so validation
    /// still reports them. The input is not modified.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="action"/> has no schema in <paramref name="version"/>.</exception>
    public static JsonNode ToOcppKeys(OcppVersion version, string action, OcppMessageKind kind, JsonNode payload)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(payload);
        if (!OcppSchemaCatalog.Embedded.TryGetSchema(new OcppSchemaKey(version, action, kind), out var root))
        {
            _ = OcppSchemaCatalog.Embedded.Actions(version);
            throw new ArgumentException($"No {kind} schema for action '{action}' in {version}; resolve the name with ResolveAction first.", nameof(action));
        }

        return Convert(payload, root, root)!;
    }

    /// <summary>Lower-case and without underscores: the form in which <c>meter_serial_number</c> meets <c>meterSerialNumber</c>.</summary>
    internal static string Normalize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (c != '_')
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The snake_case spelling of an OCPP name: a word starts at an upper-case letter after a lower-case one, at the last
    /// capital of an acronym followed by lower case (<c>EVCharging</c> → <c>ev_charging</c>) and, when
    /// <paramref name="splitDigits"/> is set, where letters and digits meet (<c>Get15118EV</c> → <c>get_15118_ev</c>).
    /// </summary>
    internal static string ToSnakeCase(string name, bool splitDigits)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i > 0)
            {
                var previous = name[i - 1];
                var next = i + 1 < name.Length ? name[i + 1] : '\0';
                var wordStart =
                    (char.IsUpper(c) && (char.IsLower(previous) || char.IsDigit(previous)))
                    || (char.IsUpper(c) && char.IsUpper(previous) && char.IsLower(next))
                    || (splitDigits && char.IsDigit(c) && char.IsLetter(previous));
                if (wordStart)
                {
                    builder.Append('_');
                }
            }

            builder.Append(char.ToLower(c, CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    private static FrozenDictionary<string, string> BuildSnakeIndex(IReadOnlyList<string> actions)
    {
        var index = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var action in actions)
        {
            // Digits both as their own word and glued to the word before: converters disagree on "Get15118EVCertificate".
            index.TryAdd(ToSnakeCase(action, splitDigits: true), action);
            index.TryAdd(ToSnakeCase(action, splitDigits: false), action);
        }

        return index.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static JsonNode? Convert(JsonNode? node, JsonElement schema, JsonElement root)
    {
        schema = JsonPointers.Dereference(root, schema);
        switch (node)
        {
            case JsonObject obj:
                var properties = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
                    ? p
                    : default;
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    var target = MatchProperty(key, properties);
                    // Never let a renamed key overwrite (or collide with) a key the caller spelled in OCPP form.
                    if (target != key && (obj.ContainsKey(target) || result.ContainsKey(target)))
                    {
                        target = key;
                    }

                    var subschema = properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(target, out var s) ? s : default;
                    result[target] = Convert(value, subschema, root);
                }

                return result;
            case JsonArray array:
                var items = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("items", out var i) ? i : default;
                return new JsonArray(array.Select(item => Convert(item, items, root)).ToArray());
            default:
                return node?.DeepClone();
        }
    }

    private static string MatchProperty(string key, JsonElement properties)
    {
        if (properties.ValueKind != JsonValueKind.Object || properties.TryGetProperty(key, out _))
        {
            return key;
        }

        var normalized = Normalize(key);
        foreach (var property in properties.EnumerateObject())
        {
            if (Normalize(property.Name) == normalized)
            {
                return property.Name;
            }
        }

        return key;
    }
}
