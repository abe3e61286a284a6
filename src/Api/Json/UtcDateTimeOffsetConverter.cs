using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using OcppLab.Application.Common.Validation;

namespace OcppLab.Api.Json;

/// <summary>
/// Writes timestamps as RFC 3339 UTC with <c>Z</c> and always three fraction digits
/// (<c>yyyy-MM-ddTHH:mm:ss.fffZ</c>): a fixed width sorts as text and matches the OCPP frames the
/// gateway sends. Reads RFC 3339 with any explicit offset and nothing else (<see cref="Rfc3339"/>): a body
/// value without an offset is a 422 on its field, not an instant guessed as UTC.
/// </summary>
public sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return Rfc3339.TryParse(text, out var value) ? value : throw new JsonException($"The value {Rfc3339.Expectation}.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Format(value));

    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

/// <summary>
/// The same shape for a <see cref="DateTime"/> (no contract has one today; one added later must not
/// bring back System.Text.Json's variable digits). Read like a <see cref="DateTimeOffset"/> (an offset is required);
/// a value of unspecified kind is written as UTC.
/// </summary>
public sealed class UtcDateTimeConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new UtcDateTimeOffsetConverter().Read(ref reader, typeof(DateTimeOffset), options).UtcDateTime;

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(UtcDateTimeOffsetConverter.Format(value.Kind == DateTimeKind.Unspecified
            ? new DateTimeOffset(value, TimeSpan.Zero)
            : new DateTimeOffset(value.ToUniversalTime())));
}
