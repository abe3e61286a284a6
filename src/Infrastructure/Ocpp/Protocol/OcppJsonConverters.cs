using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OcppLab.Infrastructure.Ocpp.Protocol;

/// <summary>
/// An OCPP integer read as leniently as the schema allows it: JSON Schema counts <c>1.0</c> as an
/// integer, and a value beyond <see cref="int"/> is clamped (as <see cref="OcppJson.Int"/> always did),
/// so a schema-valid payload never fails to bind.
/// </summary>
public sealed class OcppIntegerConverter : JsonConverter<int>
{
    public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException($"Expected an integer, found {reader.TokenType}.");
        }

        return reader.TryGetInt32(out var number) ? number
            : reader.TryGetInt64(out var big) ? (int)Math.Clamp(big, int.MinValue, int.MaxValue)
            : (int)reader.GetDouble();
    }

    public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}

/// <summary>
/// An OCPP <c>dateTime</c>, written as the charge point always writes it (UTC, milliseconds, <c>Z</c>:
/// <see cref="OcppJson.Timestamp"/>) and read as <see cref="OcppJson.Time"/> read it: a text that does
/// not parse (the schema's RFC 3339 allows a leap second 60, which <see cref="DateTimeOffset"/> cannot
/// hold) is absent, so the handler falls back as it did for a missing value.
/// </summary>
public sealed class OcppTimestampConverter : JsonConverter<DateTimeOffset?>
{
    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        return DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : null;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } time)
        {
            writer.WriteStringValue(OcppJson.Timestamp(time));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>
/// A text in a CSMS answer, read as <see cref="OcppJson.Str"/> read it: anything but a string is absent.
/// The charge point's requests are schema-checked before they are bound, its answers are not, so the
/// answer records are this lenient for every value they hold (a bad <c>status</c> counts as unknown, not as
/// a lost answer).
/// </summary>
public sealed class LenientStringConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }
}

/// <summary>An integer in a CSMS answer, read as <see cref="OcppJson.Int"/> read it: a decimal is truncated, a value beyond 32 bits clamped, anything but a number absent.</summary>
public sealed class LenientIntegerConverter : JsonConverter<int?>
{
    public override bool HandleNull => true;

    public override int? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            reader.Skip();
            return null;
        }

        return reader.TryGetInt32(out var number) ? number
            : reader.TryGetInt64(out var big) ? (int)Math.Clamp(big, int.MinValue, int.MaxValue)
            : reader.TryGetDouble(out var d) ? (int)Math.Clamp(d, int.MinValue, int.MaxValue)
            : null;
    }

    public override void Write(Utf8JsonWriter writer, int? value, JsonSerializerOptions options)
    {
        if (value is { } number)
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>A nested object in a CSMS answer (idTagInfo, idTokenInfo): anything but an object is absent, as <c>result["idTagInfo"] as JsonObject</c> was.</summary>
public sealed class LenientObjectConverter<T> : JsonConverter<T?>
    where T : class
{
    public override bool HandleNull => true;

    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        return JsonSerializer.Deserialize(ref reader, Info(options));
    }

    public override void Write(Utf8JsonWriter writer, T? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            JsonSerializer.Serialize(writer, value, Info(options));
        }
    }

    private static System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> Info(JsonSerializerOptions options) =>
        (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
}
