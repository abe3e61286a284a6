using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using System.Text.RegularExpressions;
using OcppLab.FunctionalTests.Infrastructure;
using OcppLab.FunctionalTests.Logs;
using static OcppLab.FunctionalTests.Logs.LogFrames;

namespace OcppLab.FunctionalTests.Operations;

/// <summary>
/// Every timestamp the REST API writes has exactly three fraction digits
/// (<c>yyyy-MM-ddTHH:mm:ss.fffZ</c>), also when the milliseconds are zero, so that timestamps sort
/// as strings and read like the OCPP side's.
/// </summary>
public sealed partial class TimestampFormatTests : SharedGatewayTests
{
    [Test]
    public async Task Every_timestamp_of_chargers_status_locations_jobs_logs_and_the_stream_has_three_fraction_digits()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());
        var location = await client.CreateLocationIdAsync("Timestamps");
        var charger = await client.QuietChargerAsync("CP-TIMESTAMPS");

        var accepted = await (await client.PostJsonAsync($"/ocpp/locations/{location}/chargers", new object[]
        {
            new { template = new { brand_slug = "abb", model_slug = "terra-184", connector_type = "CCS2", ws_url = GatewayApi.WsUrl, identity_prefix = "TS-" }, charger_ids = new[] { "1" } },
        })).ExpectJsonAsync(202);
        var job = await client.WaitForJobAsync(accepted.Str("status_url"));

        // Day is midnight: a timestamp with zero milliseconds, which is where the digits used to go missing.
        await using var stream = await EventStreamReader.OpenAsync(client, $"/ocpp/chargers/{charger}/logs/stream");
        await Factory.RecordAsync(Call(charger, Day, "Heartbeat", "h-0"), Result(charger, Day.AddMilliseconds(30), "Heartbeat", "h-0"));
        var live = await stream.NextAsync();

        var responses = new Dictionary<string, JsonNode>
        {
            ["charger"] = await client.GetJsonAsync($"/ocpp/chargers/{charger}"),
            ["chargers"] = await client.GetJsonAsync("/ocpp/chargers"),
            ["status"] = await client.GetJsonAsync($"/ocpp/chargers/{charger}/status"),
            ["location"] = await client.GetJsonAsync($"/ocpp/locations/{location}"),
            ["locations"] = await client.GetJsonAsync("/ocpp/locations"),
            ["location chargers"] = await client.GetJsonAsync($"/ocpp/locations/{location}/chargers"),
            ["job"] = job,
            ["logs"] = await client.LogsAsync(charger, "event=Heartbeat"),
            ["stream"] = live.Data,
        };

        var found = new List<string>();
        foreach (var (name, json) in responses)
        {
            Walk(json, name, found);
        }

        Assert.Multiple(() =>
        {
            Assert.That(found.Where(f => !ThreeDigits().IsMatch(f[(f.IndexOf('=', StringComparison.Ordinal) + 1)..])), Is.Empty);
            Assert.That(found, Does.Contain("logs.data[0].timestamp=2026-04-09T00:00:00.000Z"));
            Assert.That(found, Does.Contain("logs.data[1].timestamp=2026-04-09T00:00:00.030Z"));
            Assert.That(found, Does.Contain("stream.timestamp=2026-04-09T00:00:00.000Z"));
            foreach (var field in new[] { "charger.created_at", "charger.updated_at", "status.provisioned_at", "location.created_at", "job.provisioned_at" })
            {
                Assert.That(found.Any(f => f.StartsWith(field + "=", StringComparison.Ordinal)), Is.True, $"{field} is among {string.Join(", ", found)}");
            }
        });
    }

    [Test]
    public void The_gateway_json_options_write_DateTimeOffset_and_DateTime_nullable_or_not_with_three_digits()
    {
        var options = Factory.Services.GetRequiredService<IOptions<JsonOptions>>().Value.JsonSerializerOptions;
        var value = new
        {
            Whole = new DateTimeOffset(2026, 4, 9, 10, 0, 0, TimeSpan.FromHours(2)),
            Tick = new DateTimeOffset(2026, 4, 9, 8, 0, 0, TimeSpan.Zero).AddTicks(9_999),
            Nullable = (DateTimeOffset?)new DateTimeOffset(2026, 4, 9, 8, 0, 0, 5, TimeSpan.Zero),
            Missing = (DateTimeOffset?)null,
            Utc = new DateTime(2026, 4, 9, 8, 0, 0, 40, DateTimeKind.Utc),
            Unspecified = (DateTime?)new DateTime(2026, 4, 9, 8, 0, 0, DateTimeKind.Unspecified),
        };

        var json = JsonSerializer.Serialize(value, options);

        Assert.That(json, Is.EqualTo(
            "{\"whole\":\"2026-04-09T08:00:00.000Z\",\"tick\":\"2026-04-09T08:00:00.000Z\",\"nullable\":\"2026-04-09T08:00:00.005Z\","
            + "\"missing\":null,\"utc\":\"2026-04-09T08:00:00.040Z\",\"unspecified\":\"2026-04-09T08:00:00.000Z\"}"));
    }

    [TestCase("2026-04-09T13:00:00+05:00", "2026-04-09T08:00:00.000Z")]
    [TestCase("2026-04-09T08:00:00.1234567Z", "2026-04-09T08:00:00.123Z")]
    [TestCase("2026-04-09T03:00:00-05:00", "2026-04-09T08:00:00.000Z")]
    public void The_gateway_json_options_read_a_date_time_with_its_offset_as_that_instant(string text, string written)
    {
        var options = Factory.Services.GetRequiredService<IOptions<JsonOptions>>().Value.JsonSerializerOptions;

        var value = JsonSerializer.Deserialize<DateTimeOffset>($"\"{text}\"", options);
        var dateTime = JsonSerializer.Deserialize<DateTime>($"\"{text}\"", options);

        Assert.Multiple(() =>
        {
            Assert.That(value, Is.EqualTo(DateTimeOffset.Parse(written, System.Globalization.CultureInfo.InvariantCulture)).Within(TimeSpan.FromMilliseconds(1)));
            Assert.That(value.Offset, Is.EqualTo(TimeSpan.Zero));
            Assert.That(JsonSerializer.Serialize(value, options), Is.EqualTo($"\"{written}\""));
            Assert.That(dateTime.Kind, Is.EqualTo(DateTimeKind.Utc));
            Assert.That(JsonSerializer.Serialize(dateTime, options), Is.EqualTo($"\"{written}\""));
        });
    }

    [TestCase("\"2026-04-09T08:00:00\"")]
    [TestCase("\"2026-04-09\"")]
    [TestCase("\"2026-04-09T08:00:00+0500\"")]
    [TestCase("1775721600")]
    public void The_gateway_json_options_refuse_a_date_time_without_an_offset(string json)
    {
        var options = Factory.Services.GetRequiredService<IOptions<JsonOptions>>().Value.JsonSerializerOptions;

        Assert.Multiple(() =>
        {
            Assert.That(() => JsonSerializer.Deserialize<DateTimeOffset>(json, options), Throws.InstanceOf<JsonException>());
            Assert.That(() => JsonSerializer.Deserialize<DateTimeOffset?>(json, options), Throws.InstanceOf<JsonException>());
            Assert.That(() => JsonSerializer.Deserialize<DateTime>(json, options), Throws.InstanceOf<JsonException>());
        });
    }

    /// <summary>Collects "path=value" for every string value that looks like a timestamp (starts with a date and a T).</summary>
    private static void Walk(JsonNode? node, string path, List<string> found)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    Walk(value, $"{path}.{key}", found);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], $"{path}[{i}]", found);
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text) && LooksLikeATimestamp().IsMatch(text):
                found.Add($"{path}={text}");
                break;
        }
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT")]
    private static partial Regex LooksLikeATimestamp();

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")]
    private static partial Regex ThreeDigits();
}
