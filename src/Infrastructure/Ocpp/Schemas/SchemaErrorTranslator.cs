using System.Text.Json;
using Json.Schema;

namespace OcppLab.Infrastructure.Ocpp.Schemas;

/// <summary>
/// Turns the library's evaluation output into readable, payload-relative errors and a payload-error category.
/// Messages are built from the schema itself (the limit, the allowed values, the missing name) rather than the
/// library's own texts, so they read the same whatever library version produced them.
/// </summary>
internal static class SchemaErrorTranslator
{
    private const int MaxQuotedLength = 40;

    public static (IReadOnlyList<SchemaValidationError> Errors, PayloadErrorCategory Category) Translate(
        EvaluationResults results, JsonElement schemaRoot, JsonElement payload)
    {
        var errors = new List<SchemaValidationError>();
        var category = PayloadErrorCategory.Property;
        foreach (var node in Flatten(results))
        {
            if (node.Errors is not { Count: > 0 })
            {
                continue;
            }

            var instancePath = node.InstanceLocation.ToString();
            var evaluationPath = JsonPointers.Parse(node.EvaluationPath.ToString());
            JsonPointers.TryNavigate(payload, JsonPointers.Parse(instancePath), out var instance);
            JsonPointers.TryResolveSchema(schemaRoot, evaluationPath, out var subschema);

            foreach (var (keyword, libraryMessage) in node.Errors)
            {
                foreach (var (error, errorCategory) in Describe(keyword, libraryMessage, instancePath, evaluationPath, subschema, instance))
                {
                    errors.Add(error);
                    category = errorCategory < category ? errorCategory : category;
                }
            }
        }

        if (errors.Count == 0)
        {
            // The library said "invalid" without a usable detail: still answer with a payload error, never a CALLRESULT.
            errors.Add(new SchemaValidationError("", "payload does not conform to the schema", "schema"));
            category = PayloadErrorCategory.Format;
        }

        return (errors, category);
    }

    private static IEnumerable<EvaluationResults> Flatten(EvaluationResults results)
    {
        yield return results;
        foreach (var detail in results.Details ?? [])
        {
            foreach (var nested in Flatten(detail))
            {
                yield return nested;
            }
        }
    }

    private static IEnumerable<(SchemaValidationError, PayloadErrorCategory)> Describe(
        string keyword, string libraryMessage, string path, string[] evaluationPath, JsonElement schema, JsonElement instance)
    {
        // A "false" subschema reports under an empty keyword; in these schemas that is always additionalProperties: false.
        if (keyword.Length == 0 && evaluationPath is [.., "additionalProperties"])
        {
            var name = JsonPointers.Parse(path) is [.., var last] ? last : path;
            yield return (new($"{path}", $"property '{name}' is not allowed", "additionalProperties"), PayloadErrorCategory.Property);
            yield break;
        }

        switch (keyword)
        {
            case "required":
                foreach (var missing in MissingRequired(schema, instance))
                {
                    yield return (new(JsonPointers.Append(path, missing), $"required property '{missing}' is missing", keyword), PayloadErrorCategory.Occurrence);
                }

                yield break;
            case "type":
                yield return (new(path, $"value must be of type {Expected(schema)} but is {TypeName(instance)}", keyword), PayloadErrorCategory.Type);
                yield break;
            case "enum":
                yield return (new(path, $"value {Quote(instance)} is not one of: {AllowedValues(schema)}", keyword), PayloadErrorCategory.Lexical);
                yield break;
            case "format":
                yield return (new(path, FormatMessage(schema, instance), keyword), PayloadErrorCategory.Lexical);
                yield break;
            case "pattern":
                yield return (new(path, $"value {Quote(instance)} does not match the pattern {Limit(schema, keyword)}", keyword), PayloadErrorCategory.Lexical);
                yield break;
            case "maxLength":
                yield return (new(path, $"value is longer than {Limit(schema, keyword)} characters", keyword), PayloadErrorCategory.Property);
                yield break;
            case "minLength":
                yield return (new(path, $"value is shorter than {Limit(schema, keyword)} characters", keyword), PayloadErrorCategory.Property);
                yield break;
            case "minimum":
                yield return (new(path, $"value must be at least {Limit(schema, keyword)}", keyword), PayloadErrorCategory.Property);
                yield break;
            case "maximum":
                yield return (new(path, $"value must be at most {Limit(schema, keyword)}", keyword), PayloadErrorCategory.Property);
                yield break;
            case "exclusiveMinimum":
                yield return (new(path, $"value must be greater than {Limit(schema, keyword)}", keyword), PayloadErrorCategory.Property);
                yield break;
            case "exclusiveMaximum":
                yield return (new(path, $"value must be less than {Limit(schema, keyword)}", keyword), PayloadErrorCategory.Property);
                yield break;
            case "multipleOf":
                yield return (new(path, $"value must be a multiple of {Limit(schema, keyword)}", keyword), PayloadErrorCategory.Property);
                yield break;
            case "minItems":
                yield return (new(path, $"array must have at least {Limit(schema, keyword)} item(s)", keyword), PayloadErrorCategory.Occurrence);
                yield break;
            case "maxItems":
                yield return (new(path, $"array must have at most {Limit(schema, keyword)} item(s)", keyword), PayloadErrorCategory.Occurrence);
                yield break;
            case "additionalProperties":
                yield return (new(path, "object has properties that are not allowed", keyword), PayloadErrorCategory.Property);
                yield break;
            default:
                // Keywords the OCPP schemas do not use today; keep the library's wording rather than drop the error.
                yield return (new(path, libraryMessage, keyword.Length == 0 ? "schema" : keyword), PayloadErrorCategory.Format);
                yield break;
        }
    }

    private static IEnumerable<string> MissingRequired(JsonElement schema, JsonElement instance)
    {
        if (schema.ValueKind != JsonValueKind.Object
            || !schema.TryGetProperty("required", out var required)
            || required.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var name in required.EnumerateArray().Select(r => r.GetString()).OfType<string>())
        {
            if (instance.ValueKind != JsonValueKind.Object || !instance.TryGetProperty(name, out _))
            {
                yield return name;
            }
        }
    }

    private static string FormatMessage(JsonElement schema, JsonElement instance)
    {
        var format = Limit(schema, "format");
        return format switch
        {
            "date-time" => $"value {Quote(instance)} is not an RFC 3339 date-time with a time-zone offset (e.g. 2025-01-01T12:00:00Z)",
            "uri" => $"value {Quote(instance)} is not an absolute URI",
            _ => $"value {Quote(instance)} is not a valid {format}",
        };
    }

    private static string Limit(JsonElement schema, string keyword) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty(keyword, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()
            : "?";

    private static string Expected(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("type", out var type))
        {
            return "?";
        }

        return type.ValueKind == JsonValueKind.Array
            ? string.Join(" or ", type.EnumerateArray().Select(t => t.GetString()))
            : type.GetString() ?? "?";
    }

    private static string AllowedValues(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array
            ? string.Join(", ", values.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()))
            : "?";

    private static string TypeName(JsonElement instance) => instance.ValueKind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => instance.TryGetDecimal(out var number) && decimal.Truncate(number) == number ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        _ => "missing",
    };

    private static string Quote(JsonElement instance)
    {
        var text = instance.ValueKind switch
        {
            JsonValueKind.String => instance.GetString()!,
            JsonValueKind.Undefined => "?",
            _ => instance.GetRawText(),
        };
        if (text.Length > MaxQuotedLength)
        {
            text = string.Concat(text.AsSpan(0, MaxQuotedLength), "…");
        }

        return instance.ValueKind == JsonValueKind.String ? $"'{text}'" : text;
    }
}
