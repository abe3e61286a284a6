using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OcppLab.FunctionalTests.Infrastructure;
using Serilog.Core;
using Serilog.Events;

namespace OcppLab.FunctionalTests.Runtime;

/// <summary>
/// Issue 9 items 2 and 4: one maximum frame size, <c>Ocpp:MaxFrameBytes</c>, for both directions. A
/// CSMS frame over it dropped the connection without a trace; now the charger closes with 1009
/// (RFC 6455 §7.4.1 "message too big"), logs a warning with the size and stores a log entry without
/// the body. A proxy-message over it is a 422 naming <c>event.payload</c> and nothing is sent.
/// </summary>
public sealed class MaxFrameTests : LoopbackCsmsTests
{
    private const int Limit = 4096;

    private static string DataTransfer(string id, int bytes)
    {
        var head = $"[2,\"{id}\",\"DataTransfer\",{{\"vendorId\":\"OcppLab\",\"data\":\"";
        return head + new string('z', bytes - head.Length - 3) + "\"}]";
    }

    [TestCase("OCPP1.6")]
    [TestCase("OCPP2.0.1")]
    public async Task A_CSMS_frame_over_the_limit_is_closed_with_1009_logged_and_recorded_without_its_body(string version)
    {
        var sink = new CollectingSink();
        await using var factory = new GatewayFactory(
            configureServices: services => services.AddSingleton<ILogEventSink>(sink),
            settings: new Dictionary<string, string?> { ["Ocpp:MaxFrameBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var client = factory.ClientFor(GatewayApi.NewOrg());
        var identity = $"BIG-IN-{version[4]}";
        var id = await client.CreateChargerAsync(identity, version, Csms.Url());
        await client.RuntimeAsync(id, r => r.Str("state") == "connected" && r["boot_status"]?.GetValue<string>() == "Accepted");
        var station = Csms[identity];

        // At the limit: read and answered as usual.
        await station.SendAsync(DataTransfer("at-limit", Limit));
        await Eventually.UntilAsync(() => Task.FromResult(station.Received.Any(f => f.StartsWith("[3,\"at-limit\"", StringComparison.Ordinal))), because: "a frame at the limit is answered");

        // One byte over: refused.
        await station.SendAsync(DataTransfer("over-limit", Limit + 1));
        await Eventually.UntilAsync(() => Task.FromResult(station.Closes.Any(c => c.Status == WebSocketCloseStatus.MessageTooBig)), because: "the charger closes with 1009");
        var entries = await Eventually.UntilAsync(
            async () => (await client.GetJsonAsync($"/ocpp/chargers/{id}/logs?event=DataTransfer"))["data"]!.AsArray(),
            logged => logged.Any(e => e.Str("message_id") == "over-limit"),
            because: "the refused frame has a log entry");
        var refused = entries.Single(e => e.Str("message_id") == "over-limit")!;

        Assert.Multiple(() =>
        {
            Assert.That(refused.Str("direction"), Is.EqualTo("csms_to_cp"));
            Assert.That(refused.Str("action"), Is.EqualTo("DataTransfer"));
            Assert.That(refused.Str("message_type"), Is.EqualTo("malformed"));
            Assert.That(refused.Str("message"), Does.Contain($"at least {Limit + 1} bytes").And.Not.Contain("zzzz"));
            Assert.That(
                sink.Events.Where(e => e.Level == LogEventLevel.Warning).Select(e => e.RenderMessage()),
                Has.Some.Contains($"{Limit + 1}").And.Some.Contains("1009"));
            Assert.That(station.Received.Any(f => f.Contains("over-limit", StringComparison.Ordinal)), Is.False, "the refused CALL is not answered");
        });

        // The charger comes back, as after any lost connection.
        await Eventually.UntilAsync(() => Task.FromResult(station.Connections >= 2), because: "the charger reconnects");
    }

    [Test]
    public async Task A_proxy_message_over_the_limit_is_a_422_on_event_payload_and_nothing_is_sent()
    {
        await using var factory = new GatewayFactory(settings: new Dictionary<string, string?> { ["Ocpp:MaxFrameBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var client = factory.ClientFor(GatewayApi.NewOrg());
        var id = await client.CreateChargerAsync("BIG-OUT", "OCPP1.6", Csms.Url());
        await client.RuntimeAsync(id, r => r.Str("state") == "connected" && r["boot_status"]?.GetValue<string>() == "Accepted");

        var big = await client.PostRawAsync("/ocpp/commands/proxy-message", new JsonObject
        {
            ["target"] = new JsonObject { ["charger_id"] = id },
            ["event"] = new JsonObject { ["action"] = "DataTransfer", ["payload"] = new JsonObject { ["vendorId"] = "OcppLab", ["data"] = new string('p', Limit) } },
        }.ToJsonString());
        var small = await client.PostRawAsync("/ocpp/commands/proxy-message", new JsonObject
        {
            ["target"] = new JsonObject { ["charger_id"] = id },
            ["event"] = new JsonObject { ["action"] = "DataTransfer", ["payload"] = new JsonObject { ["vendorId"] = "OcppLab", ["data"] = new string('q', Limit - 200) } },
        }.ToJsonString());

        var problem = await big.AssertValidationAsync("event.payload");
        Assert.Multiple(() =>
        {
            Assert.That(problem.ErrorsOf("event.payload")[0], Does.Contain("Ocpp:MaxFrameBytes").And.Contain($"{Limit}"));
            Assert.That((int)small.StatusCode, Is.EqualTo(200), "under the limit it is sent");
            Assert.That(Csms["BIG-OUT"].Received.Any(f => f.Contains("ppppp", StringComparison.Ordinal)), Is.False, "the refused payload never reached the CSMS");
        });
    }

    [Test]
    public async Task An_answer_over_the_limit_becomes_a_CALLERROR_and_is_not_sent_whole()
    {
        // GetConfiguration without keys answers every key: far more than 1,024 bytes.
        await using var factory = new GatewayFactory(settings: new Dictionary<string, string?> { ["Ocpp:MaxFrameBytes"] = "1024" });
        var client = factory.ClientFor(GatewayApi.NewOrg());
        var id = await client.CreateChargerAsync("BIG-ANSWER", "OCPP1.6", Csms.Url());
        await client.RuntimeAsync(id, r => r.Str("state") == "connected" && r["boot_status"]?.GetValue<string>() == "Accepted");
        var station = Csms["BIG-ANSWER"];

        await station.SendAsync("[2,\"all-keys\",\"GetConfiguration\",{}]");
        var answer = await Eventually.UntilAsync(
            () => Task.FromResult(station.Received.FirstOrDefault(f => f.Contains("\"all-keys\"", StringComparison.Ordinal))),
            f => f is not null,
            because: "the CALL is answered");
        await station.SendAsync("[2,\"one-key\",\"GetConfiguration\",{\"key\":[\"HeartbeatInterval\"]}]");
        var small = await Eventually.UntilAsync(
            () => Task.FromResult(station.Received.FirstOrDefault(f => f.Contains("\"one-key\"", StringComparison.Ordinal))),
            f => f is not null,
            because: "a small answer is still sent");

        Assert.Multiple(() =>
        {
            Assert.That(answer, Does.StartWith("[4,\"all-keys\",\"InternalError\""));
            Assert.That(System.Text.Encoding.UTF8.GetByteCount(answer!), Is.LessThanOrEqualTo(1024));
            Assert.That(small, Does.StartWith("[3,\"one-key\"").And.Contain("HeartbeatInterval"));
        });
    }

    [Test]
    public async Task The_default_limit_refuses_a_5_MB_DataTransfer()
    {
        await using var factory = new GatewayFactory();
        var client = factory.ClientFor(GatewayApi.NewOrg());
        var id = await client.CreateChargerAsync("BIG-5MB", "OCPP1.6", Csms.Url());
        await client.RuntimeAsync(id, r => r.Str("state") == "connected");

        var response = await client.PostRawAsync("/ocpp/commands/proxy-message", new JsonObject
        {
            ["target"] = new JsonObject { ["charger_id"] = id },
            ["event"] = new JsonObject { ["action"] = "DataTransfer", ["payload"] = new JsonObject { ["vendorId"] = "OcppLab", ["data"] = new string('d', 5_000_000) } },
        }.ToJsonString());

        var problem = await response.AssertValidationAsync("event.payload");
        Assert.That(problem.ErrorsOf("event.payload")[0], Does.Contain("1048576"));
    }

    [TestCase("100")]
    [TestCase("1000000000")]
    public void An_out_of_range_limit_stops_the_start_up(string value)
    {
        using var factory = new GatewayFactory(settings: new Dictionary<string, string?> { ["Ocpp:MaxFrameBytes"] = value });

        var error = Assert.Catch(() => factory.CreateClient());
        Assert.That(error!.ToString(), Does.Contain("Ocpp:MaxFrameBytes"));
    }

    private sealed class CollectingSink : ILogEventSink
    {
        private readonly ConcurrentQueue<LogEvent> _events = new();

        public IReadOnlyList<LogEvent> Events => [.. _events];

        public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);
    }
}
