using System.Text;
using System.Text.Json;

namespace OcppLab.Application.Common.Validation;

/// <summary>Turns a .NET member path (<c>Template.BrandSlug</c>, <c>[0].Entries[2].IdTag</c>) into the snake_case JSON path.</summary>
public static class FieldPath
{
    public static string ToSnakeCase(string path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return path;
        }

        var builder = new StringBuilder(path.Length + 8);
        var segment = new StringBuilder();
        foreach (var c in path)
        {
            if (c is '.' or '[' or ']')
            {
                Flush(builder, segment);
                builder.Append(c);
            }
            else
            {
                segment.Append(c);
            }
        }

        Flush(builder, segment);
        return builder.ToString();
    }

    private static void Flush(StringBuilder builder, StringBuilder segment)
    {
        if (segment.Length == 0)
        {
            return;
        }

        var text = segment.ToString();
        builder.Append(text.All(char.IsAsciiDigit) || text.Contains('_', StringComparison.Ordinal)
            ? text
            : JsonNamingPolicy.SnakeCaseLower.ConvertName(text));
        segment.Clear();
    }
}
