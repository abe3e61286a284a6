using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OcppLab.Application.Common.Validation;

namespace OcppLab.Api.Errors;

/// <summary>
/// System.Text.Json stops at the first value of the wrong type, so model binding reports one field
/// where the body may have several. This walks the (well-formed) body against the request type's
/// JSON contract and names every value that does not convert, by its snake_case JSON path.
/// </summary>
internal static class BodyTypeErrors
{
    /// <summary>Field path → "… has a value of the wrong type."; empty when it finds no single culprit.</summary>
    public static Dictionary<string, string[]> Collect(JsonElement body, Type type, JsonSerializerOptions options)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Visit(body, type, options, string.Empty, errors);
        return errors;
    }

    private static void Visit(JsonElement value, Type type, JsonSerializerOptions options, string path, Dictionary<string, string[]> errors)
    {
        if (Converts(value, type, options))
        {
            return;
        }

        var found = errors.Count;
        var info = options.GetTypeInfo(type);
        if (info.Kind == JsonTypeInfoKind.Object && value.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in info.Properties)
            {
                if (Find(value, property.Name, options.PropertyNameCaseInsensitive) is { } child)
                {
                    Visit(child, property.PropertyType, options, path.Length == 0 ? property.Name : $"{path}.{property.Name}", errors);
                }
            }
        }
        else if (info.Kind == JsonTypeInfoKind.Enumerable && value.ValueKind == JsonValueKind.Array && info.ElementType is { } element)
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                Visit(item, element, options, $"{path}[{index++}]", errors);
            }
        }

        if (errors.Count == found && path.Length > 0)
        {
            // Nothing inside is to blame (or it has no inside): the value itself is of the wrong type. A
            // date-time says what it must look like (most often its offset is missing).
            errors[path] = [IsDateTime(type) ? $"{path} {Rfc3339.Expectation}." : $"{path} has a value of the wrong type."];
        }
    }

    private static bool IsDateTime(Type type) => (Nullable.GetUnderlyingType(type) ?? type) is var t && (t == typeof(DateTimeOffset) || t == typeof(DateTime));

    private static bool Converts(JsonElement value, Type type, JsonSerializerOptions options)
    {
        try
        {
            _ = value.Deserialize(type, options);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static JsonElement? Find(JsonElement value, string name, bool caseInsensitive)
    {
        foreach (var property in value.EnumerateObject())
        {
            if (string.Equals(property.Name, name, caseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            {
                return property.Value;
            }
        }

        return null;
    }
}
