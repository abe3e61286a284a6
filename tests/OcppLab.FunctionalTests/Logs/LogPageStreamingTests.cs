using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OcppLab.Api.Json;
using OcppLab.FunctionalTests.Infrastructure;
using static OcppLab.FunctionalTests.Logs.LogFrames;

namespace OcppLab.FunctionalTests.Logs;

/// <summary>
/// The streamed logs page (issue 9 item 2) writes frame text in 4,096-character segments: a frame
/// whose surrogate pairs, escapes and multi-byte characters straddle the segment boundaries comes
/// back exactly, in the same JSON the serializer gives; and pages beyond <c>Logs:MaxConcurrentPages</c>
/// wait their turn rather than fail.
/// </summary>
public sealed class LogPageStreamingTests
{
    [Test]
    public async Task Large_frames_with_pairs_and_escapes_across_segment_boundaries_come_back_exactly()
    {
        await using var factory = new GatewayFactory();
        var client = factory.ClientFor(GatewayApi.NewOrg());
        var id = await client.QuietChargerAsync("CP-SEGMENTS");

        // 4,095 ASCII characters, then an emoji (a surrogate pair split by the first boundary), then
        // quotes, backslashes, control escapes and accented text over several more segments.
        var data = new StringBuilder(new string('a', 4095 - "{\"vendorId\":\"X\",\"data\":\"".Length - 20))
            .Append("😀").Append("\"quoted\" \\ back\tslash ").Append(string.Concat(Enumerable.Repeat("é€😀<>&'", 2000)))
            .ToString();
        var payload = JsonSerializer.Serialize(new { vendorId = "X", data });
        var sent = Call(id, DateTimeOffset.UtcNow, "DataTransfer", "seg-1", payload);
        await factory.RecordAsync(sent, Call(id, DateTimeOffset.UtcNow.AddMilliseconds(1), "Heartbeat", "seg-2"));

        var response = await client.GetAsync($"/ocpp/chargers/{id}/logs");
        var text = await response.Content.ReadAsStringAsync();
        var page = System.Text.Json.Nodes.JsonNode.Parse(text)!;

        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
            Assert.That(page.Messages(), Is.EqualTo(new[] { sent.Message, "[2,\"seg-2\",\"Heartbeat\",{}]" }));
            Assert.That(page["data"]![0]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "direction", "action", "message", "timestamp", "message_type", "message_id" }));
            Assert.That(page.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "data", "total", "limit", "offset" }));
            Assert.That(text.Length, Is.GreaterThan(4 * 4096), "several segments were written");
        });
    }

    [Test]
    public async Task Pages_beyond_the_concurrency_bound_wait_their_turn_and_all_complete()
    {
        await using var factory = new GatewayFactory(settings: new Dictionary<string, string?> { [LogPageGate.ConfigurationKey] = "1" });
        var client = factory.ClientFor(GatewayApi.NewOrg());
        var id = await client.QuietChargerAsync("CP-GATE");
        var big = JsonSerializer.Serialize(new { vendorId = "X", data = new string('x', 64 * 1024) });
        await factory.RecordAsync([.. Enumerable.Range(0, 50).Select(i => Call(id, Day.AddSeconds(i), "DataTransfer", $"g-{i}", big))]);

        Assert.That(factory.Services.GetRequiredService<LogPageGate>().Capacity, Is.EqualTo(1));
        var pages = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.LogsAsync(id)));

        Assert.That(pages.Select(p => p["data"]!.AsArray().Count), Has.All.EqualTo(50));
    }

    [TestCase("0")]
    [TestCase("2000")]
    public void An_out_of_range_bound_is_refused_at_start_up(string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [LogPageGate.ConfigurationKey] = value }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => _ = new LogPageGate(configuration));
        Assert.That(error!.Message, Does.Contain(LogPageGate.ConfigurationKey));
    }
}
