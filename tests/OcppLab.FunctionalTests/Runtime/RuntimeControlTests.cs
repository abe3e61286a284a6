using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OcppLab.FunctionalTests.Infrastructure;
using OcppLab.FunctionalTests.Logs;

namespace OcppLab.FunctionalTests.Runtime;

/// <summary>
/// §2.7–2.9 start/stop/restart against a test CSMS that counts connections per identity: the 202
/// body, no-ops, 404/409, what the runtime block shows, a restart as a reboot, delete closing the
/// connection, restart_required after a ws_url change, and concurrent calls that never leave two
/// live connections and end in the last desired state.
/// </summary>
public sealed class RuntimeControlTests
{
    private TestCsms _csms = null!;
    private GatewayFactory _factory = null!;

    [OneTimeSetUp]
    public async Task StartGateway()
    {
        _csms = await TestCsms.StartAsync();
        // A short close timeout: one test's CSMS never answers the close.
        _factory = new GatewayFactory(settings: new Dictionary<string, string?> { ["Ocpp:CloseTimeout"] = "00:00:01" });
    }

    [OneTimeTearDown]
    public async Task StopGateway()
    {
        await _factory.DisposeAsync();
        await _csms.DisposeAsync();
    }

    private async Task<(HttpClient Client, string Id, TestCsms.Station Station)> ConnectedChargerAsync(string identity, string version = "OCPP1.6")
    {
        var client = _factory.ClientFor(GatewayApi.NewOrg());
        client.Timeout = TimeSpan.FromSeconds(30); // a stuck stop shows as a failure, not as a hung run
        var id = await client.CreateChargerAsync(identity, version, _csms.Url());
        Assert.That((await client.WaitForProvisioningAsync(id)).Str("status"), Is.EqualTo("READY"));
        var station = _csms[identity];
        await client.RuntimeAsync(id, r => r.Str("state") == "connected" && r["boot_status"]?.GetValue<string>() == "Accepted");
        return (client, id, station);
    }

    private static async Task<JsonNode> ControlAsync(HttpClient client, string id, string action, bool withBody = true)
    {
        var response = withBody
            ? await client.PostJsonAsync($"/ocpp/chargers/{id}/{action}", new { })
            : await client.PostAsync($"/ocpp/chargers/{id}/{action}", content: null);
        return await response.ExpectJsonAsync(202);
    }

    private static void AssertEvent(JsonNode body, string id, string eventType, string version, int desiredCount)
    {
        Assert.Multiple(() =>
        {
            Assert.That(body.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "id", "event_type", "ocpp_version", "payload" }));
            Assert.That(body.Str("id"), Is.EqualTo(id));
            Assert.That(body.Str("event_type"), Is.EqualTo(eventType));
            Assert.That(body.Str("ocpp_version"), Is.EqualTo(version));
            var payload = body["payload"]!;
            Assert.That(payload.AsObject().Select(p => p.Key),
                Is.EqualTo(new[] { "provider", "runtime_kind", "service_name", "desired_count", "status" }));
            Assert.That(payload.Str("provider"), Is.EqualTo("local"));
            Assert.That(payload.Str("runtime_kind"), Is.EqualTo("in_process"));
            Assert.That(payload.Str("service_name"), Is.EqualTo(id));
            Assert.That(payload["desired_count"]!.GetValue<int>(), Is.EqualTo(desiredCount));
            Assert.That(payload.Str("status"), Is.EqualTo("ACTIVE"));
        });
    }

    [TestCase("OCPP1.6")]
    [TestCase("OCPP2.0.1")]
    public async Task Stop_start_and_restart_answer_202_and_act_on_the_connection(string version)
    {
        var identity = $"CP-RT-CYCLE-{version[4..].Replace(".", string.Empty, StringComparison.Ordinal)}";
        var (client, id, station) = await ConnectedChargerAsync(identity, version);
        Assert.That(station.Open, Is.EqualTo(1));

        AssertEvent(await ControlAsync(client, id, "stop-charger"), id, "stop_charger", version, 0);
        var stopped = await client.RuntimeAsync(id, r => r.Str("state") == "stopped");
        Assert.Multiple(() =>
        {
            Assert.That(stopped.Str("desired_state"), Is.EqualTo("stopped"));
            Assert.That(stopped["boot_status"], Is.Null);
            Assert.That(stopped["connected_at"], Is.Null);
            Assert.That(stopped["connectors"]!.AsArray().Select(c => c!["status"]), Is.All.Null);
            Assert.That(station.Open, Is.Zero, "the stop completed after the CSMS saw the close");
            Assert.That(station.Closes.Select(c => c.Status), Is.EqualTo(new WebSocketCloseStatus?[] { WebSocketCloseStatus.NormalClosure }));
        });

        AssertEvent(await ControlAsync(client, id, "start-charger", withBody: false), id, "start_charger", version, 1);
        var running = await client.RuntimeAsync(id, r => r.Str("state") == "connected" && r["boot_status"]?.GetValue<string>() == "Accepted");
        Assert.Multiple(() =>
        {
            Assert.That(running.Str("desired_state"), Is.EqualTo("running"));
            Assert.That(running["connected_at"]?.GetValue<string>(), Is.Not.Null);
            Assert.That(station.Connections, Is.EqualTo(2));
        });

        AssertEvent(await ControlAsync(client, id, "restart-charger"), id, "restart_charger", version, 1);
        await client.RuntimeAsync(id, r => r.Str("state") == "connected" && r["boot_status"]?.GetValue<string>() == "Accepted");
        Assert.Multiple(() =>
        {
            Assert.That(station.Connections, Is.EqualTo(3));
            Assert.That(station.MaxOpen, Is.EqualTo(1));
            Assert.That(station.Closes, Has.Count.EqualTo(2));
        });

        // A restart is a reboot: a BootNotification after each connection, and the logs show them.
        await Eventually.UntilAsync(
            async () =>
            {
                await _factory.Writer().FlushAsync(CancellationToken.None);
                return (await client.LogsAsync(id, "event=BootNotification"))["data"]!.AsArray()
                    .Count(e => e.Str("message_type") == "call");
            },
            boots => boots == 3,
            because: "three BootNotifications logged");
        Assert.That(station.BootNotifications, Is.EqualTo(3));
    }

    [Test]
    public async Task Start_on_a_running_and_stop_on_a_stopped_charger_change_nothing()
    {
        var (client, id, station) = await ConnectedChargerAsync("CP-RT-NOOP");
        var connectedAt = (await client.RuntimeAsync(id, _ => true)).Str("connected_at");

        AssertEvent(await ControlAsync(client, id, "start-charger"), id, "start_charger", "OCPP1.6", 1);
        var still = await client.RuntimeAsync(id, _ => true);
        Assert.Multiple(() =>
        {
            Assert.That(still.Str("state"), Is.EqualTo("connected"));
            Assert.That(still.Str("connected_at"), Is.EqualTo(connectedAt));
            Assert.That(station.Connections, Is.EqualTo(1));
            Assert.That(station.Closes, Is.Empty);
        });

        await ControlAsync(client, id, "stop-charger");
        await client.RuntimeAsync(id, r => r.Str("state") == "stopped");
        AssertEvent(await ControlAsync(client, id, "stop-charger"), id, "stop_charger", "OCPP1.6", 0);
        var stopped = await client.RuntimeAsync(id, _ => true);
        Assert.Multiple(() =>
        {
            Assert.That(stopped.Str("state"), Is.EqualTo("stopped"));
            Assert.That(stopped.Str("desired_state"), Is.EqualTo("stopped"));
            Assert.That(station.Connections, Is.EqualTo(1));
            Assert.That(station.Closes, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Another_tenants_or_an_unknown_charger_is_404()
    {
        var (_, id, station) = await ConnectedChargerAsync("CP-RT-404");
        var stranger = _factory.ClientFor(GatewayApi.NewOrg());

        foreach (var action in new[] { "start-charger", "stop-charger", "restart-charger" })
        {
            await (await stranger.PostJsonAsync($"/ocpp/chargers/{id}/{action}", new { })).AssertProblemAsync(404);
            await (await stranger.PostJsonAsync($"/ocpp/chargers/dep-000000000000/{action}", new { })).AssertProblemAsync(404);
            await (await _factory.ClientWithToken(null).PostJsonAsync($"/ocpp/chargers/{id}/{action}", new { })).AssertProblemAsync(401);
        }

        Assert.That(station.Connections, Is.EqualTo(1), "nothing happened to the charger");
        Assert.That(station.Closes, Is.Empty);
    }

    [Test]
    public async Task Deleting_a_running_charger_closes_its_connection_and_removes_its_logs()
    {
        var (client, id, station) = await ConnectedChargerAsync("CP-RT-DELETE");
        await _factory.Writer().FlushAsync(CancellationToken.None);
        Assert.That((await client.LogsAsync(id))["total"]!.GetValue<int>(), Is.GreaterThan(0));

        Assert.That((int)(await client.DeleteAsync($"/ocpp/chargers/{id}")).StatusCode, Is.EqualTo(204));

        Assert.Multiple(() =>
        {
            Assert.That(station.Open, Is.Zero, "the connection is closed by the time the delete answers");
            Assert.That(station.Closes.Select(c => c.Status), Is.EqualTo(new WebSocketCloseStatus?[] { WebSocketCloseStatus.NormalClosure }));
        });
        await _factory.Writer().FlushAsync(CancellationToken.None);
        await (await client.GetAsync($"/ocpp/chargers/{id}")).AssertProblemAsync(404);
        Assert.That(await _factory.WithDbAsync(db => db.ChargerLogs.CountAsync(l => l.ChargerId == id)), Is.Zero);
        Assert.That(station.Connections, Is.EqualTo(1), "nothing reconnects");
    }

    [Test]
    public async Task A_new_ws_url_of_a_running_charger_waits_for_a_restart()
    {
        var (client, id, station) = await ConnectedChargerAsync("CP-RT-MOVE");

        var updated = await (await client.PutJsonAsync($"/ocpp/chargers/{id}", new { ws_url = _csms.Url("moved") })).ExpectJsonAsync(200);
        Assert.Multiple(() =>
        {
            Assert.That(updated.Str("ws_url"), Is.EqualTo(_csms.Url("moved")));
            Assert.That(updated["runtime"]!["restart_required"]!.GetValue<bool>(), Is.True);
            Assert.That(updated["runtime"]!.Str("state"), Is.EqualTo("connected"));
            Assert.That(station.Paths, Is.EqualTo(new[] { "ocpp" }), "still on the old URL");
        });

        await ControlAsync(client, id, "restart-charger");
        var runtime = await client.RuntimeAsync(id, r => r.Str("state") == "connected");
        Assert.Multiple(() =>
        {
            Assert.That(runtime["restart_required"]!.GetValue<bool>(), Is.False);
            Assert.That(station.Paths, Is.EqualTo(new[] { "ocpp", "moved" }));
            Assert.That(station.MaxOpen, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_CSMS_that_never_answers_the_close_does_not_hold_a_stop_for_ever()
    {
        var (client, id, station) = await ConnectedChargerAsync("CP-RT-DEAF");
        station.IgnoreClose = true;

        AssertEvent(await ControlAsync(client, id, "stop-charger"), id, "stop_charger", "OCPP1.6", 0);

        Assert.That((await client.RuntimeAsync(id, _ => true)).Str("state"), Is.EqualTo("stopped"));
        Assert.That(station.Closes.Select(c => c.Status), Is.EqualTo(new WebSocketCloseStatus?[] { WebSocketCloseStatus.NormalClosure }));
        await Eventually.UntilAsync(() => Task.FromResult(station.Open == 0 && station.Connections == 1), because: "the connection is dropped");

        // Nothing is stuck: the charger starts again.
        station.IgnoreClose = false;
        await ControlAsync(client, id, "start-charger");
        await client.RuntimeAsync(id, r => r.Str("state") == "connected");
        Assert.That(station.Connections, Is.EqualTo(2));
    }

    [Test]
    public async Task A_stop_during_the_opening_handshake_lets_it_finish_and_then_closes_the_connection_properly()
    {
        // A long close timeout, so that the handshake's grace cannot run out while the test releases it.
        await using var factory = new GatewayFactory(settings: new Dictionary<string, string?> { ["Ocpp:CloseTimeout"] = "00:00:30" });
        var client = factory.ClientFor(GatewayApi.NewOrg());
        var station = _csms["CP-RT-SLOW-UPGRADE"];
        station.HoldHandshake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var id = await client.CreateChargerAsync("CP-RT-SLOW-UPGRADE", "OCPP1.6", _csms.Url());
        await Eventually.UntilAsync(() => Task.FromResult(!station.Authorizations.IsEmpty), because: "the upgrade request reaches the CSMS");

        var stop = client.PostJsonAsync($"/ocpp/chargers/{id}/stop-charger", new { });
        await client.RuntimeAsync(id, r => r.Str("desired_state") == "stopped");
        station.HoldHandshake.SetResult();
        await (await stop).ExpectJsonAsync(202);

        Assert.That((await client.RuntimeAsync(id, _ => true)).Str("state"), Is.EqualTo("stopped"));
        await Eventually.UntilAsync(() => Task.FromResult(station.Open == 0), because: "the connection is closed");
        Assert.Multiple(() =>
        {
            Assert.That(station.Connections, Is.EqualTo(1), "the CSMS accepted the upgrade");
            Assert.That(station.Closes.Select(c => c.Status), Is.EqualTo(new WebSocketCloseStatus?[] { WebSocketCloseStatus.NormalClosure }),
                "closed with a close handshake, not abandoned half-open");
        });
    }

    [Test]
    public async Task A_stop_during_a_handshake_that_never_finishes_gives_up_after_the_close_timeout()
    {
        var client = _factory.ClientFor(GatewayApi.NewOrg());
        client.Timeout = TimeSpan.FromSeconds(30);
        var station = _csms["CP-RT-DEAD-UPGRADE"];
        station.HoldHandshake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var id = await client.CreateChargerAsync("CP-RT-DEAD-UPGRADE", "OCPP1.6", _csms.Url());
        await Eventually.UntilAsync(() => Task.FromResult(!station.Authorizations.IsEmpty), because: "the upgrade request reaches the CSMS");

        // The runtime is started before provisioning records READY, and a stop needs READY (else 409).
        Assert.That((await client.WaitForProvisioningAsync(id, TimeSpan.FromSeconds(30))).Str("status"), Is.EqualTo("READY"));
        await ControlAsync(client, id, "stop-charger");
        Assert.Multiple(async () =>
        {
            Assert.That((await client.RuntimeAsync(id, _ => true)).Str("state"), Is.EqualTo("stopped"));
            Assert.That(station.Connections, Is.Zero, "the upgrade was never answered");
        });
    }

    [Test]
    public async Task Concurrent_start_stop_and_restart_never_open_two_connections_and_end_in_the_last_desired_state()
    {
        var (client, id, station) = await ConnectedChargerAsync("CP-RT-RACE");
        var actions = new[] { "start-charger", "stop-charger", "restart-charger" };
        var random = new Random(20260409);

        for (var round = 0; round < 8; round++)
        {
            var burst = Enumerable.Range(0, 9).Select(_ => actions[random.Next(actions.Length)]).ToList();
            var responses = await Task.WhenAll(burst.Select(a => client.PostJsonAsync($"/ocpp/chargers/{id}/{a}", new { })));
            Assert.That(responses.Select(r => (int)r.StatusCode), Is.All.EqualTo(202));

            // The burst is over: whatever was requested last is the desired state, and the runtime gets there.
            var desired = (await client.RuntimeAsync(id, _ => true)).Str("desired_state");
            var expected = desired == "running" ? "connected" : "stopped";
            await client.RuntimeAsync(id, r => r.Str("state") == expected, $"round {round}: desired {desired}");
            await Eventually.UntilAsync(
                () => Task.FromResult(station.Open),
                open => open == (desired == "running" ? 1 : 0),
                because: $"round {round}: the CSMS sees the desired state {desired}");
            Assert.That(station.MaxOpen, Is.EqualTo(1), $"round {round}: never two live connections");

            // One more call after the burst is the last requested state, whatever the burst left.
            var last = actions[random.Next(actions.Length)];
            await ControlAsync(client, id, last);
            var lastDesired = last == "stop-charger" ? "stopped" : "running";
            var state = await client.RuntimeAsync(id, r => r.Str("state") == (lastDesired == "running" ? "connected" : "stopped"));
            Assert.That(state.Str("desired_state"), Is.EqualTo(lastDesired));
            Assert.That(station.Open, Is.EqualTo(lastDesired == "running" ? 1 : 0));
        }

        Assert.That(station.MaxOpen, Is.EqualTo(1));
    }
}
