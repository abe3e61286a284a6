using Microsoft.Extensions.DependencyInjection;
using OcppLab.FunctionalTests.Infrastructure;
using OcppLab.Infrastructure.Logging;
using static OcppLab.FunctionalTests.Logs.LogFrames;

namespace OcppLab.FunctionalTests.Logs;

/// <summary>
/// GET /ocpp/chargers/{charger_id}/logs/stream: the same entries as the logs endpoint, live, as
/// server-sent events; the event filter; the same 404/401 rules; and a client that goes away
/// leaves no subscription behind.
/// </summary>
public sealed class ChargerLogStreamTests : SharedGatewayTests
{
    private LiveLogHub Hub => Factory.Services.GetRequiredService<LiveLogHub>();

    [Test]
    public async Task New_frames_arrive_live_as_log_events_in_the_logs_endpoint_shape()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());
        var id = await client.QuietChargerAsync("CP-SSE-LIVE");
        var other = await client.QuietChargerAsync("CP-SSE-OTHER");
        await Factory.RecordAsync(Call(id, Day, "Heartbeat", "before-the-stream"));

        await using var stream = await EventStreamReader.OpenAsync(client, $"/ocpp/chargers/{id}/logs/stream");
        Assert.That(stream.Response.Headers.CacheControl?.NoCache, Is.True);

        var t = DateTimeOffset.UtcNow;
        await Factory.RecordAsync(
            Call(other, t, "Heartbeat", "not-mine"),
            Call(id, t, "BootNotification", "b-1", "{\"chargePointVendor\":\"ABB\",\"chargePointModel\":\"Terra 184\"}"),
            Result(id, t.AddMilliseconds(7), "BootNotification", "b-1", "{\"status\":\"Accepted\",\"currentTime\":\"2026-04-09T00:00:00Z\",\"interval\":300}"),
            Call(id, t.AddMilliseconds(9), "StatusNotification", "s-1", "{\"connectorId\":1,\"errorCode\":\"NoError\",\"status\":\"Available\"}"));

        var received = new List<(string? Id, string Event, System.Text.Json.Nodes.JsonNode Data)>();
        for (var i = 0; i < 3; i++)
        {
            received.Add(await stream.NextAsync());
        }

        var stored = (await client.LogsAsync(id, $"start_date={Q(t)}"))["data"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(received.Select(r => r.Event), Is.All.EqualTo("log"));
            Assert.That(received.Select(r => r.Id), Is.EqualTo(new[] { "1", "2", "3" }));
            Assert.That(received.Select(r => r.Data.Str("message_id")), Is.EqualTo(new[] { "b-1", "b-1", "s-1" }));
            Assert.That(received.Select(r => r.Data.ToJsonString()), Is.EqualTo(stored.Select(s => s!.ToJsonString())),
                "each event is the entry the logs endpoint returns");
        });
    }

    [Test]
    public async Task The_event_filter_streams_one_action_only()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());
        var id = await client.QuietChargerAsync("CP-SSE-FILTER");

        await using var stream = await EventStreamReader.OpenAsync(client, $"/ocpp/chargers/{id}/logs/stream?event=Heartbeat");
        var t = DateTimeOffset.UtcNow;
        await Factory.RecordAsync(
            Call(id, t, "BootNotification", "b-1"),
            Result(id, t, "BootNotification", "b-1"),
            Call(id, t, "HeartbeatX", "x-1"),
            Call(id, t, "Heartbeat", "h-1"),
            Result(id, t, "Heartbeat", "h-1"));

        var first = await stream.NextAsync();
        var second = await stream.NextAsync();

        Assert.That(new[] { first.Data, second.Data }.Select(d => $"{d.Str("action")} {d.Str("message_type")} {d.Str("message_id")}"),
            Is.EqualTo(new[] { "Heartbeat call h-1", "Heartbeat call_result h-1" }));
    }

    [Test]
    public async Task The_stream_of_an_unknown_or_another_tenants_charger_is_404_and_no_token_is_401()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());
        var id = await client.QuietChargerAsync("CP-SSE-404");

        await (await client.GetAsync("/ocpp/chargers/dep-000000000000/logs/stream")).AssertProblemAsync(404);
        await (await Factory.ClientFor(GatewayApi.NewOrg()).GetAsync($"/ocpp/chargers/{id}/logs/stream")).AssertProblemAsync(404);
        await (await Factory.ClientWithToken(null).GetAsync($"/ocpp/chargers/{id}/logs/stream")).AssertProblemAsync(401);
        Assert.That(Hub.HasSubscribers, Is.False, "a refused stream subscribes to nothing");
    }

    [Test]
    public async Task A_client_that_goes_away_unsubscribes()
    {
        var client = Factory.ClientFor(GatewayApi.NewOrg());
        var id = await client.QuietChargerAsync("CP-SSE-GONE");

        var stream = await EventStreamReader.OpenAsync(client, $"/ocpp/chargers/{id}/logs/stream");
        Assert.That(Hub.HasSubscribers, Is.True, "subscribed by the time the stream says it is connected");
        await Factory.RecordAsync(Call(id, DateTimeOffset.UtcNow, "Heartbeat", "h-1"));
        Assert.That((await stream.NextAsync()).Data.Str("message_id"), Is.EqualTo("h-1"));

        await stream.DisposeAsync();

        await Eventually.UntilAsync(() => Task.FromResult(!Hub.HasSubscribers), because: "the subscription ends with the connection");
    }
}
