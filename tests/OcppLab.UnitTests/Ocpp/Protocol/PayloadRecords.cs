using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.Schemas;
using OcppLab.Infrastructure.Ocpp.V16;
using OcppLab.Infrastructure.Ocpp.V16.Messages;
using OcppLab.Infrastructure.Ocpp.V201;
using OcppLab.Infrastructure.Ocpp.V201.Messages;

namespace OcppLab.UnitTests.Ocpp.Protocol;

/// <summary>One payload record registered in a version's context: the schema it stands for, and who writes it.</summary>
public sealed record PayloadRecord(OcppVersion Version, string Action, OcppMessageKind Kind, JsonTypeInfo Info, bool ReadByChargePoint, bool AnswerToChargePoint = false)
{
    /// <summary>Whether the charge point reads this record: a CSMS-initiated request, or the CSMS's answer to one of its own messages.</summary>
    public bool Read => ReadByChargePoint || AnswerToChargePoint;

    public override string ToString() => $"{(Version == OcppVersion.V16 ? "1.6" : "2.0.1")} {Info.Type.Name}";
}

/// <summary>
/// The payload records as the schema tests see them: every [JsonSerializable] root of <see cref="V16Json"/> and
/// <see cref="V201Json"/>, named <c>&lt;Action&gt;Request</c> or <c>&lt;Action&gt;Response</c>, and a walk of a record's
/// JSON contract (names, nesting, types, enumerations) alongside the embedded schema of its action.
/// </summary>
internal static class PayloadRecords
{
    public static IEnumerable<PayloadRecord> All()
    {
        var handlers = typeof(V16Protocol).Assembly.GetTypes().Where(t => !t.IsAbstract).Select(HandlerTypes).OfType<Type[]>().ToList();
        foreach (var (version, protocol, context) in new (OcppVersion, Type, JsonSerializerContext)[]
                 {
                     (OcppVersion.V16, typeof(V16Protocol), V16Json.Default),
                     (OcppVersion.V201, typeof(V201Protocol), V201Json.Default),
                 })
        {
            var read = handlers.Where(h => h[0] == protocol).Select(h => h[1]).ToHashSet();
            var handled = read.Select(t => t.Name[..^"Request".Length]).ToHashSet();
            foreach (var type in Roots(context.GetType()))
            {
                var kind = type.Name.EndsWith("Request", StringComparison.Ordinal) ? OcppMessageKind.Request
                    : type.Name.EndsWith("Response", StringComparison.Ordinal) ? OcppMessageKind.Response
                    : throw new InvalidOperationException($"{type} is a root of {context.GetType().Name} but not named <Action>Request or <Action>Response.");
                var action = type.Name[..^kind.ToString().Length];
                var answer = kind == OcppMessageKind.Response && !handled.Contains(action) && ChargePointActions.Contains(version, action);
                yield return new PayloadRecord(version, action, kind, context.GetTypeInfo(type)!, read.Contains(type), answer);
            }
        }
    }

    /// <summary>The types a context was generated for (its [JsonSerializable] attributes).</summary>
    public static IEnumerable<Type> Roots(Type context) =>
        context.GetCustomAttributesData()
            .Where(a => a.AttributeType == typeof(JsonSerializableAttribute))
            .Select(a => (Type)a.ConstructorArguments[0].Value!);

    /// <summary>[TProtocol, TRequest, TResponse] of a typed handler, or null.</summary>
    public static Type[]? HandlerTypes(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(CsmsCallHandler<,,>))
            {
                return t.GetGenericArguments();
            }
        }

        return null;
    }

    public static JsonElement Schema(OcppVersion version, string action, OcppMessageKind kind) =>
        OcppSchemaCatalog.Embedded.TryGetSchema(new OcppSchemaKey(version, action, kind), out var schema)
            ? schema
            : throw new InvalidOperationException($"No {kind} schema for {action} in {version}.");

    /// <summary>
    /// What in the record's JSON contract the schema does not have: a property name, a nesting, a JSON type,
    /// or an enumeration value (one the CSMS may send that does not bind, for a record the charge point reads;
    /// one the charge point may write that the schema does not allow, for a record it writes).
    /// </summary>
    public static List<string> Mismatches(JsonTypeInfo info, JsonElement schema, bool read)
    {
        var problems = new List<string>();
        Walk(info, schema, schema, info.Type.Name, read, problems);
        return problems;
    }

    private static void Walk(JsonTypeInfo info, JsonElement schema, JsonElement root, string path, bool read, List<string> problems)
    {
        schema = Resolve(schema, root);
        var type = Nullable.GetUnderlyingType(info.Type) ?? info.Type;
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object:
                if (TypeOf(schema) != "object")
                {
                    problems.Add($"{path}: a record ({type.Name}) where the schema has {TypeOf(schema)}");
                    return;
                }

                foreach (var property in info.Properties)
                {
                    if (!schema.TryGetProperty("properties", out var properties) || !properties.TryGetProperty(property.Name, out var propertySchema))
                    {
                        problems.Add($"{path}.{property.Name}: not in the schema");
                        continue;
                    }

                    Walk(info.Options.GetTypeInfo(property.PropertyType), propertySchema, root, $"{path}.{property.Name}", read, problems);
                }

                break;
            case JsonTypeInfoKind.Enumerable:
                if (TypeOf(schema) != "array" || !schema.TryGetProperty("items", out var items))
                {
                    problems.Add($"{path}: a list where the schema has {TypeOf(schema)}");
                    return;
                }

                Walk(info.Options.GetTypeInfo(info.ElementType!), items, root, $"{path}[]", read, problems);
                break;
            default:
                Value(info, type, schema, path, read, problems);
                break;
        }
    }

    private static void Value(JsonTypeInfo info, Type type, JsonElement schema, string path, bool read, List<string> problems)
    {
        if (typeof(JsonNode).IsAssignableFrom(type))
        {
            return; // any JSON (customData, 2.0.1 DataTransfer data)
        }

        var expected = type.IsEnum || type == typeof(string) || type == typeof(DateTimeOffset) ? "string"
            : type == typeof(int) ? "integer"
            : type == typeof(double) ? "number"
            : type == typeof(bool) ? "boolean"
            : $"no JSON type for {type.Name}";
        if (TypeOf(schema) != expected)
        {
            problems.Add($"{path}: {type.Name} ({expected}) where the schema has {TypeOf(schema)}");
            return;
        }

        if (type == typeof(DateTimeOffset) && (!schema.TryGetProperty("format", out var format) || format.GetString() != "date-time"))
        {
            problems.Add($"{path}: a timestamp where the schema has a plain string");
        }

        if (!type.IsEnum)
        {
            return;
        }

        if (!schema.TryGetProperty("enum", out var values))
        {
            problems.Add($"{path}: an enumeration ({type.Name}) where the schema has free text");
            return;
        }

        var allowed = values.EnumerateArray().Select(v => v.GetString()!).ToList();
        if (read)
        {
            foreach (var value in allowed)
            {
                try
                {
                    JsonSerializer.Deserialize(JsonSerializer.Serialize(value), info);
                }
                catch (JsonException)
                {
                    problems.Add($"{path}: the schema's {value} does not bind to {type.Name}");
                }
            }
        }
        else
        {
            foreach (var member in Enum.GetValues(type))
            {
                var written = JsonSerializer.Serialize(member, info).Trim('"');
                if (!allowed.Contains(written))
                {
                    problems.Add($"{path}: {type.Name}.{member} is written as {written}, which the schema does not allow");
                }
            }
        }
    }

    /// <summary>A payload with every property of the schema (first enumeration value, one array item), which the schema accepts.</summary>
    public static JsonNode Sample(JsonElement schema) => Sample(schema, schema, 0);

    private static JsonNode Sample(JsonElement schema, JsonElement root, int depth)
    {
        schema = Resolve(schema, root);
        if (schema.TryGetProperty("enum", out var values))
        {
            return JsonValue.Create(values[0].GetString())!;
        }

        switch (TypeOf(schema))
        {
            case "object":
                var result = new JsonObject();
                if (depth < 32 && schema.TryGetProperty("properties", out var properties))
                {
                    foreach (var property in properties.EnumerateObject())
                    {
                        result[property.Name] = Sample(property.Value, root, depth + 1);
                    }
                }

                return result;
            case "array":
                return new JsonArray(Sample(schema.GetProperty("items"), root, depth + 1));
            case "integer":
                return JsonValue.Create(1);
            case "number":
                return JsonValue.Create(1.5);
            case "boolean":
                return JsonValue.Create(true);
            default:
                var textFormat = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
                return JsonValue.Create(textFormat switch
                {
                    "date-time" => "2026-03-02T08:00:00.000Z",
                    "uri" => "https://files.example.com/firmware.bin",
                    _ => "x",
                })!;
        }
    }

    /// <summary>
    /// A payload with every property of the schema given a value of another JSON type (a text for a number or
    /// an object, a number for a text); with <paramref name="nested"/>, objects stay objects and their own
    /// properties get the wrong types. A CSMS's answer is not schema-checked: its record must still bind.
    /// </summary>
    public static JsonObject WrongSample(JsonElement schema, bool nested) => (JsonObject)Wrong(schema, schema, nested, 0);

    private static JsonNode Wrong(JsonElement schema, JsonElement root, bool nested, int depth)
    {
        schema = Resolve(schema, root);
        if (TypeOf(schema) == "object" && (depth == 0 || nested))
        {
            var result = new JsonObject();
            if (schema.TryGetProperty("properties", out var properties))
            {
                foreach (var property in properties.EnumerateObject())
                {
                    result[property.Name] = Wrong(property.Value, root, nested, depth + 1);
                }
            }

            return result;
        }

        return TypeOf(schema) == "string" ? JsonValue.Create(7) : JsonValue.Create("x");
    }

    /// <summary>The part of a payload the record holds (the properties it has, recursively).</summary>
    public static JsonNode? Held(JsonNode? node, JsonTypeInfo info)
    {
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object when node is JsonObject payload:
                var held = new JsonObject();
                foreach (var property in info.Properties)
                {
                    if (payload.TryGetPropertyValue(property.Name, out var value))
                    {
                        held[property.Name] = Held(value, info.Options.GetTypeInfo(property.PropertyType));
                    }
                }

                return held;
            case JsonTypeInfoKind.Enumerable when node is JsonArray list:
                var element = info.Options.GetTypeInfo(info.ElementType!);
                return new JsonArray([.. list.Select(item => Held(item, element))]);
            default:
                return node?.DeepClone();
        }
    }

    private static JsonElement Resolve(JsonElement schema, JsonElement root)
    {
        while (schema.TryGetProperty("$ref", out var reference))
        {
            schema = root;
            foreach (var part in reference.GetString()!.TrimStart('#', '/').Split('/'))
            {
                schema = schema.GetProperty(part);
            }
        }

        return schema;
    }

    private static string? TypeOf(JsonElement schema) =>
        schema.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
}
