using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Commands;

/// <summary>A charger created for a test: its deployment id, identity and OCPP version.</summary>
public sealed record TestCharger(string Id, string Identity, string Version)
{
    public bool Is16 => Version == CommandTest.V16;

    /// <summary>The connector (1.6) or EVSE (2.0.1) <paramref name="index"/> as a command event addresses it.</summary>
    public JsonObject Connector(int index = 1) =>
        Is16 ? new JsonObject { ["connector_id"] = index } : new JsonObject { ["evse_id"] = index, ["connector_id"] = 1 };

    /// <summary>The connector status of a plugged, idle connector: Preparing (1.6) or Occupied (2.0.1).</summary>
    public string Plugged => Is16 ? "Preparing" : "Occupied";

    public override string ToString() => $"{Identity} ({Id}, {Version})";
}

/// <summary>One OCPP frame from GET /ocpp/chargers/{id}/logs, parsed.</summary>
public sealed record LoggedFrame(string Direction, string? Action, string MessageType, string MessageId, string Message, DateTimeOffset Timestamp)
{
    private JsonArray Array => JsonNode.Parse(Message)!.AsArray();

    public bool IsCall => MessageType == "call";

    public bool FromChargePoint => Direction == "cp_to_csms";

    /// <summary>The CALL payload, or the CALLRESULT payload.</summary>
    public JsonObject Payload => IsCall ? Array[3]!.AsObject() : MessageType == "call_result" ? Array[2]!.AsObject() : [];

    public string? ErrorCode => MessageType == "call_error" ? Array[2]!.GetValue<string>() : null;

    public string? Str(string property) => Payload[property] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public int? Int(string property) => Payload[property] is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;

    public override string ToString() => $"{Timestamp:HH:mm:ss.fff} {Direction} {Message}";
}

/// <summary>
/// Base of the command tests: a tenant of its own per test, chargers connected to the sandbox CSMS
/// of the shared Kestrel gateway, and helpers to send commands and read state and frames back.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Parallelizable(ParallelScope.All)]
public abstract partial class CommandTest
{
    public const string V16 = "OCPP1.6";
    public const string V201 = "OCPP2.0.1";
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private HttpClient? _client;

    protected static GatewayFactory Gateway => CommandEnvironment.Gateway;

    /// <summary>A client of this test's own tenant.</summary>
    protected HttpClient Client => _client ??= Gateway.ClientFor(GatewayApi.NewOrg("cmd"));

    [TearDown]
    public void DisposeClient() => _client?.Dispose();

    protected static string NewIdentity(string version, string tag = "CMD") => $"{tag}-{(version == V16 ? "16" : "201")}-{Guid.NewGuid():N}"[..Math.Min(48, tag.Length + 24)];

    /// <summary>Creates a charger against the sandbox CSMS and waits until it is booted (Accepted) with every connector Available.</summary>
    protected Task<TestCharger> ConnectedChargerAsync(string version, string? locationId = null, HttpClient? client = null) =>
        ConnectedChargerAsync(client ?? Client, version, CommandEnvironment.SandboxUrl, locationId);

    protected static async Task<TestCharger> ConnectedChargerAsync(HttpClient client, string version, string wsUrl, string? locationId = null, string? identity = null)
    {
        identity ??= NewIdentity(version);
        var id = await client.CreateChargerAsync(identity, version, wsUrl, locationId is null ? null : new { location_id = locationId });
        var status = await client.WaitForProvisioningAsync(id, Wait);
        Assert.That(status.Str("status"), Is.EqualTo("READY"), status.ToJsonString());
        var charger = new TestCharger(id, identity, version);
        await WaitForRuntimeAsync(client, charger, r => Text(r, "state") == "connected" && Text(r, "boot_status") == "Accepted"
            && r["connectors"]!.AsArray().All(c => Text(c, "status") == "Available"), "connected, Accepted, every connector Available");
        return charger;
    }

    /// <summary>Stops the charger's runtime and waits until it says stopped.</summary>
    protected static async Task StopChargerAsync(HttpClient client, TestCharger charger)
    {
        await (await client.PostJsonAsync($"/ocpp/chargers/{charger.Id}/stop-charger", new { })).ExpectJsonAsync(202);
        await WaitForRuntimeAsync(client, charger, r => Text(r, "state") == "stopped", "stopped");
    }

    // ---- commands -------------------------------------------------------------------------------

    protected Task<HttpResponseMessage> PostCommandAsync(string command, object? target, object? evt = null) =>
        PostCommandAsync(Client, command, target, evt);

    protected static Task<HttpResponseMessage> PostCommandAsync(HttpClient client, string command, object? target, object? evt = null)
    {
        var body = new JsonObject();
        if (target is not null)
        {
            body["target"] = ToNode(target);
        }

        if (evt is not null)
        {
            body["event"] = ToNode(evt);
        }

        return client.PostRawAsync($"/ocpp/commands/{command}", body.ToJsonString());
    }

    /// <summary>A single-target command that must answer 200; returns its result.</summary>
    protected async Task<JsonObject> SingleAsync(string command, TestCharger charger, object? evt = null) =>
        (await (await PostCommandAsync(command, new { charger_id = charger.Id }, evt)).ExpectJsonAsync(200)).AsObject();

    /// <summary>A unified-target command that must answer 202; returns the whole answer.</summary>
    protected async Task<JsonObject> FanOutAsync(string command, object target, object? evt = null) =>
        (await (await PostCommandAsync(command, target, evt)).ExpectJsonAsync(202)).AsObject();

    /// <summary>A unified command for one charger that must be queued; returns its <c>command</c>.</summary>
    protected async Task<JsonObject> QueuedAsync(string command, TestCharger charger, object? evt = null)
    {
        var answer = await FanOutAsync(command, new { charger_id = charger.Id }, evt);
        Assert.Multiple(() =>
        {
            Assert.That(answer["targeted_count"]!.GetValue<int>(), Is.EqualTo(1), answer.ToJsonString());
            Assert.That(answer["queued_count"]!.GetValue<int>(), Is.EqualTo(1), answer.ToJsonString());
            Assert.That(answer["failed_count"]!.GetValue<int>(), Is.Zero, answer.ToJsonString());
            Assert.That(answer["failed"]!.AsArray(), Is.Empty, answer.ToJsonString());
        });
        var result = answer["results"]!.AsArray().Single()!;
        var queued = result["command"]!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(result.Str("charger_id"), Is.EqualTo(charger.Id));
            Assert.That(result.Str("identity"), Is.EqualTo(charger.Identity));
            Assert.That(queued.Str("id"), Does.Match(CommandIdPattern()), "a command id is 12 hex characters");
            Assert.That(queued.Str("event_type"), Is.EqualTo(command.Replace('-', '_')));
            Assert.That(queued.Str("ocpp_version"), Is.EqualTo(charger.Is16 ? "ocpp1.6" : "ocpp2.0.1"));
            Assert.That(queued["payload"], Is.InstanceOf<JsonObject>());
        });
        return queued;
    }

    /// <summary>A unified command for one charger that must land in <c>failed</c>; returns the error text.</summary>
    protected async Task<string> FailedAsync(string command, TestCharger charger, object? evt = null)
    {
        var answer = await FanOutAsync(command, new { charger_id = charger.Id }, evt);
        Assert.Multiple(() =>
        {
            Assert.That(answer["targeted_count"]!.GetValue<int>(), Is.EqualTo(1), answer.ToJsonString());
            Assert.That(answer["queued_count"]!.GetValue<int>(), Is.Zero, answer.ToJsonString());
            Assert.That(answer["failed_count"]!.GetValue<int>(), Is.EqualTo(1), answer.ToJsonString());
            Assert.That(answer["results"]!.AsArray(), Is.Empty, answer.ToJsonString());
        });
        var failure = answer["failed"]!.AsArray().Single()!;
        Assert.Multiple(() =>
        {
            Assert.That(failure.Str("charger_id"), Is.EqualTo(charger.Id));
            Assert.That(failure.Str("identity"), Is.EqualTo(charger.Identity));
        });
        return failure.Str("error");
    }

    // ---- state ----------------------------------------------------------------------------------

    protected Task<JsonNode> RuntimeAsync(TestCharger charger) => RuntimeAsync(Client, charger);

    protected static async Task<JsonNode> RuntimeAsync(HttpClient client, TestCharger charger) =>
        (await client.GetJsonAsync($"/ocpp/chargers/{charger.Id}"))["runtime"]!;

    protected static Task<JsonNode> WaitForRuntimeAsync(HttpClient client, TestCharger charger, Func<JsonNode, bool> done, string because) =>
        Eventually.UntilAsync(() => RuntimeAsync(client, charger), done, Wait, $"{charger} runtime: {because}");

    /// <summary>The runtime entry of connector (1.6) / EVSE (2.0.1) <paramref name="index"/>.</summary>
    public static JsonNode ConnectorOf(JsonNode runtime, int index) =>
        runtime["connectors"]!.AsArray().Single(c => c!["evse_id"]!.GetValue<int>() == index)!;

    protected async Task<JsonNode> ConnectorAsync(TestCharger charger, int index = 1) => ConnectorOf(await RuntimeAsync(charger), index);

    /// <summary>Waits until connector <paramref name="index"/> matches; returns it.</summary>
    protected async Task<JsonNode> WaitForConnectorAsync(TestCharger charger, Func<JsonNode, bool> done, string because, int index = 1) =>
        ConnectorOf(await WaitForRuntimeAsync(Client, charger, r => done(ConnectorOf(r, index)), $"connector {index} {because}"), index);

    protected Task<JsonNode> WaitForStatusAsync(TestCharger charger, string status, int index = 1) =>
        WaitForConnectorAsync(charger, c => Text(c, "status") == status, $"status {status}", index);

    // ---- frames ---------------------------------------------------------------------------------

    /// <summary>Every logged frame of <paramref name="action"/> (CALLs and their answers), oldest first.</summary>
    protected Task<IReadOnlyList<LoggedFrame>> FramesAsync(TestCharger charger, string? action = null) => FramesAsync(Client, charger, action);

    protected static async Task<IReadOnlyList<LoggedFrame>> FramesAsync(HttpClient client, TestCharger charger, string? action = null)
    {
        var frames = new List<LoggedFrame>();
        while (true)
        {
            var query = $"/ocpp/chargers/{charger.Id}/logs?limit=1000&offset={frames.Count}" + (action is null ? string.Empty : $"&event={action}");
            var page = await client.GetJsonAsync(query);
            var data = page["data"]!.AsArray();
            frames.AddRange(data.Select(d => new LoggedFrame(
                d.Str("direction"),
                Text(d, "action"),
                d.Str("message_type"),
                d.Str("message_id"),
                d.Str("message"),
                DateTimeOffset.Parse(d.Str("timestamp"), CultureInfo.InvariantCulture))));
            if (data.Count == 0 || frames.Count >= page["total"]!.GetValue<int>())
            {
                return frames;
            }
        }
    }

    /// <summary>The charge point's CALLs of <paramref name="action"/>, each with its answer (if logged yet).</summary>
    protected async Task<IReadOnlyList<(LoggedFrame Call, LoggedFrame? Answer)>> CallsAsync(TestCharger charger, string action)
    {
        var frames = await FramesAsync(charger, action);
        return frames.Where(f => f.IsCall && f.FromChargePoint)
            .Select(c => (c, frames.FirstOrDefault(a => !a.IsCall && a.MessageId == c.MessageId)))
            .ToList();
    }

    /// <summary>Waits until the answered CP CALLs of <paramref name="action"/> satisfy <paramref name="done"/>; returns the CALLs.</summary>
    protected async Task<IReadOnlyList<LoggedFrame>> WaitForCallsAsync(TestCharger charger, string action, Func<IReadOnlyList<LoggedFrame>, bool> done, string because)
    {
        var calls = await Eventually.UntilAsync(
            async () => (await CallsAsync(charger, action)).Where(c => c.Answer is not null).Select(c => c.Call).ToList(),
            calls => done(calls),
            Wait,
            $"{charger}: {action} {because}");
        return calls;
    }

    /// <summary>Waits for the first answered CP CALL of <paramref name="action"/> matching <paramref name="match"/>.</summary>
    protected async Task<LoggedFrame> WaitForCallAsync(TestCharger charger, string action, Func<LoggedFrame, bool>? match = null, string? because = null) =>
        (await WaitForCallsAsync(charger, action, calls => calls.Any(c => match?.Invoke(c) ?? true), because ?? "answered")).First(c => match?.Invoke(c) ?? true);

    /// <summary>A StatusNotification of connector (1.6) / EVSE (2.0.1) <paramref name="index"/> saying <paramref name="status"/>.</summary>
    protected static bool IsStatus(TestCharger charger, LoggedFrame call, string status, int index = 1) => charger.Is16
        ? call.Int("connectorId") == index && call.Str("status") == status
        : call.Int("evseId") == index && call.Int("connectorId") == 1 && call.Str("connectorStatus") == status;

    protected Task<LoggedFrame> WaitForStatusFrameAsync(TestCharger charger, string status, int index = 1, DateTimeOffset? after = null) =>
        WaitForCallAsync(charger, "StatusNotification", c => IsStatus(charger, c, status, index) && (after is null || c.Timestamp >= after), $"{status} on {index}");

    // ---- configuration --------------------------------------------------------------------------

    /// <summary>Meter values every <paramref name="seconds"/> during a transaction, set through the configuration command.</summary>
    protected async Task SetSampleIntervalAsync(TestCharger charger, int seconds)
    {
        var key = charger.Is16 ? "MeterValueSampleInterval" : "SampledDataCtrlr.TxUpdatedInterval";
        var result = await SingleAsync("configuration", charger, new { configuration = new[] { new { key, value = seconds.ToString(CultureInfo.InvariantCulture) } } });
        Assert.That(result.Str("status"), Is.EqualTo("Accepted"), result.ToJsonString());
    }

    // ---- JSON -----------------------------------------------------------------------------------

    public static string? Text(JsonNode? node, string property) =>
        node?[property] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static JsonNode ToNode(object value) => value as JsonNode is { } node
        ? node.DeepClone()
        : System.Text.Json.JsonSerializer.SerializeToNode(value, GatewayApi.Json)!;

    [GeneratedRegex("^[0-9a-f]{12}$")]
    public static partial Regex CommandIdPattern();
}
