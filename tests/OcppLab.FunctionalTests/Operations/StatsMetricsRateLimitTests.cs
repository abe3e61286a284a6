using System.Net;
using System.Text.Json.Nodes;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Operations;

/// <summary>Per-charger statistics, the Prometheus endpoint, and per-tenant rate limiting.</summary>
public sealed class StatsMetricsRateLimitTests
{
    [Test]
    public async Task Stats_count_each_action_per_direction_with_latencies_and_reset_on_restart()
    {
        await using var factory = new GatewayFactory(kestrel: true);
        var client = factory.ClientFor("stats-org");
        var id = await client.CreateChargerAsync("STATS-1", "OCPP1.6", factory.SandboxUrl);
        await client.WaitForProvisioningAsync(id);
        await WaitConnectedAsync(client, id);

        var proxied = await client.PostJsonAsync("/ocpp/commands/proxy-message", new
        {
            target = new { charger_id = id },
            @event = new { action = "Heartbeat", payload = new { } },
        });
        Assert.That(proxied.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var stats = await Eventually.UntilAsync(
            async () => await (await client.GetAsync($"/ocpp/chargers/{id}/stats")).ReadJsonAsync(),
            s => Action(s, "Heartbeat", "cp_to_csms")?["responses"]?.GetValue<long>() >= 1);
        Assert.That(stats["running"]!.GetValue<bool>(), Is.True);
        var boot = Action(stats, "BootNotification", "cp_to_csms")!;
        Assert.That(boot["requests"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(boot["responses"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(boot["errors"]!.GetValue<long>() + boot["timeouts"]!.GetValue<long>(), Is.Zero);
        var latency = boot["latency_ms"]!;
        Assert.That(latency["min"]!.GetValue<double>(), Is.LessThanOrEqualTo(latency["p50"]!.GetValue<double>()));
        Assert.That(latency["p50"]!.GetValue<double>(), Is.LessThanOrEqualTo(latency["max"]!.GetValue<double>()));
        Assert.That(Action(stats, "StatusNotification", "cp_to_csms")!["requests"]!.GetValue<long>(), Is.EqualTo(3), "connector 0 and two connectors");
        Assert.That(stats["connection"]!["connections"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(stats["connection"]!["reconnects"]!.GetValue<int>(), Is.Zero);

        Assert.That((await client.PostAsync($"/ocpp/chargers/{id}/restart-charger", null)).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var afterRestart = await Eventually.UntilAsync(
            async () => await (await client.GetAsync($"/ocpp/chargers/{id}/stats")).ReadJsonAsync(),
            s => Action(s, "BootNotification", "cp_to_csms")?["responses"]?.GetValue<long>() == 1);
        Assert.That(Action(afterRestart, "Heartbeat", "cp_to_csms"), Is.Null, "a restart starts the statistics afresh");

        Assert.That((await client.PostAsync($"/ocpp/chargers/{id}/stop-charger", null)).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var stopped = await (await client.GetAsync($"/ocpp/chargers/{id}/stats")).ReadJsonAsync();
        Assert.That(stopped["running"]!.GetValue<bool>(), Is.False);
        Assert.That(stopped["actions"]!.AsArray(), Is.Empty);

        Assert.That((await client.GetAsync("/ocpp/chargers/dep-000000000000/stats")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await factory.ClientFor("other-org").GetAsync($"/ocpp/chargers/{id}/stats")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Metrics_are_scraped_without_a_token_and_describe_the_fleet_frames_queue_and_http()
    {
        await using var factory = new GatewayFactory(kestrel: true);
        var client = factory.ClientFor("metrics-org");
        var id = await client.CreateChargerAsync("METRICS-1", "OCPP2.0.1", factory.SandboxUrl);
        await client.WaitForProvisioningAsync(id);
        await WaitConnectedAsync(client, id);

        var text = await Eventually.UntilAsync(
            () => factory.ClientWithToken(null).GetStringAsync("/metrics"),
            t => t.Contains("ocpplab_ocpp_frames_total{", StringComparison.Ordinal) && t.Contains("ocpplab_provisioning_runs_total{", StringComparison.Ordinal));

        Assert.That(text, Does.Contain("ocpplab_chargers{").And.Contain("state=\"connected\"} 1"));
        Assert.That(text, Does.Contain("action=\"BootNotification\"").And.Contain("direction=\"cp_to_csms\""));
        Assert.That(text, Does.Contain("ocpplab_ocpp_call_duration_milliseconds_bucket{"));
        Assert.That(text, Does.Contain("ocpplab_log_queue_depth").And.Contain("ocpplab_log_frames_lost_total"));
        Assert.That(text, Does.Contain("status=\"succeeded\""));
        Assert.That(text, Does.Contain("http_server_request_duration_seconds"));
    }

    [Test]
    public async Task A_tenant_over_its_rate_gets_429_with_Retry_After_while_another_tenant_is_served()
    {
        await using var factory = new GatewayFactory(settings: new Dictionary<string, string?>
        {
            ["RateLimiting:PermitsPerSecond"] = "1",
            ["RateLimiting:Burst"] = "3",

            // Refilled only once a minute: nothing comes back while the test runs, however slow the machine.
            ["RateLimiting:ReplenishmentPeriod"] = "00:01:00",
        });
        var busy = factory.ClientFor("busy-org");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await busy.GetAsync("/ocpp/locations")).StatusCode);
        }

        Assert.That(statuses, Has.All.EqualTo(HttpStatusCode.OK), "the burst is served");
        var limited = await busy.GetAsync("/ocpp/locations");
        Assert.That(limited.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(limited.Headers.RetryAfter?.Delta, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(limited.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await limited.ReadJsonAsync();
        Assert.That(problem["status"]!.GetValue<int>(), Is.EqualTo(429));

        // Another tenant has its own bucket; an admin acting for the busy tenant shares the busy tenant's.
        Assert.That((await factory.ClientFor("quiet-org").GetAsync("/ocpp/locations")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await factory.ClientFor("ops", "admin", actAs: "busy-org").GetAsync("/ocpp/locations")).StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));

        // Probes are never limited.
        Assert.That((await busy.GetAsync("/health/live")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private static JsonNode? Action(JsonNode stats, string action, string direction) =>
        stats["actions"]!.AsArray().FirstOrDefault(a => a!["action"]!.GetValue<string>() == action && a["direction"]!.GetValue<string>() == direction);

    private static Task WaitConnectedAsync(HttpClient client, string id) =>
        Eventually.UntilAsync(
            async () => await (await client.GetAsync($"/ocpp/chargers/{id}")).ReadJsonAsync(),
            c => c["runtime"]?["state"]?.GetValue<string>() == "connected" && c["runtime"]?["boot_status"]?.GetValue<string>() == "Accepted",
            TimeSpan.FromSeconds(20),
            $"{id} connected");
}
