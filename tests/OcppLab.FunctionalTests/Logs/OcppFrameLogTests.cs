using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Logs;

/// <summary>
/// Frames of real sessions against a test CSMS: every frame in both directions is logged with its
/// exact text; a CALLERROR carries the action of the CALL it answers; frames that are not OCPP-J are
/// logged as malformed, exactly as received.
/// </summary>
public sealed partial class OcppFrameLogTests
{
    private TestCsms _csms = null!;
    private GatewayFactory _factory = null!;

    [OneTimeSetUp]
    public async Task StartGateway()
    {
        _csms = await TestCsms.StartAsync();
        _factory = new GatewayFactory();
    }

    [OneTimeTearDown]
    public async Task StopGateway()
    {
        await _factory.DisposeAsync();
        await _csms.DisposeAsync();
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$")]
    private static partial Regex Rfc3339Utc();

    /// <summary>A charger connected to the test CSMS, booted, with every connector's status reported.</summary>
    private async Task<(HttpClient Client, string Id, TestCsms.Station Station)> BootedChargerAsync(
        string identity, string version, Action<TestCsms.Station>? script = null)
    {
        var station = _csms[identity];
        script?.Invoke(station);
        var client = _factory.ClientFor(GatewayApi.NewOrg());
        var id = await client.CreateChargerAsync(identity, version, _csms.Url());
        Assert.That((await client.WaitForProvisioningAsync(id)).Str("status"), Is.EqualTo("READY"));
        await Eventually.UntilAsync(
            async () => (await client.GetJsonAsync($"/ocpp/chargers/{id}"))["runtime"]!,
            runtime => runtime["boot_status"]?.GetValue<string>() == "Accepted",
            because: $"{identity} booted");

        // Quiet: every CALL answered, every status reported, and every frame of both sides stored.
        await Eventually.UntilAsync(
            async () => (Stored: (await StoredAsync(client, id)).Count, Received: station.Received.Count, Sent: station.Sent.Count),
            n => n.Sent == n.Received && n.Stored == n.Received + n.Sent
                && station.Received.Count(f => f.Contains("\"StatusNotification\"", StringComparison.Ordinal)) >= 2,
            because: $"{identity} reported its connectors");
        return (client, id, station);
    }

    private async Task<JsonArray> StoredAsync(HttpClient client, string id, string query = "")
    {
        await _factory.Writer().FlushAsync(CancellationToken.None);
        return (await client.LogsAsync(id, query))["data"]!.AsArray();
    }

    [TestCase("OCPP1.6")]
    [TestCase("OCPP2.0.1")]
    public async Task Every_frame_is_logged_with_its_exact_text_in_both_directions(string version)
    {
        var (client, id, station) = await BootedChargerAsync($"CP-FRAMES-{version[4..].Replace(".", string.Empty, StringComparison.Ordinal)}", version);

        var entries = await StoredAsync(client, id);

        var sent = entries.Where(e => e.Str("direction") == "cp_to_csms").Select(e => e.Str("message")).ToList();
        var received = entries.Where(e => e.Str("direction") == "csms_to_cp").Select(e => e.Str("message")).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(sent, Is.EqualTo(station.Received.ToList()), "what the CSMS received, character for character");
            Assert.That(received, Is.EqualTo(station.Sent.ToList()), "what the CSMS sent, character for character");
            Assert.That(entries.Select(e => e.Str("timestamp")), Has.All.Match(Rfc3339Utc()));
            Assert.That(entries.Select(e => DateTimeOffset.Parse(e.Str("timestamp"), System.Globalization.CultureInfo.InvariantCulture)), Is.Ordered);
        });

        var boot = await client.LogsAsync(id, "event=BootNotification");
        var pair = boot["data"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(boot["total"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(pair.Select(e => $"{e.Str("direction")} {e.Str("message_type")} {e.Str("action")}"),
                Is.EqualTo(new[] { "cp_to_csms call BootNotification", "csms_to_cp call_result BootNotification" }));
            Assert.That(pair[1].Str("message_id"), Is.EqualTo(pair[0].Str("message_id")));
            Assert.That(pair[0].Str("message"), Does.StartWith($"[2,\"{pair[0].Str("message_id")}\",\"BootNotification\","));
        });
    }

    [Test]
    public async Task A_CALLERROR_from_the_CSMS_is_logged_with_the_action_of_the_CALL_it_answers()
    {
        var (client, id, station) = await BootedChargerAsync("CP-CALLERROR", "OCPP1.6", s => s.CallErrorFor["StatusNotification"] = true);

        var entries = await StoredAsync(client, id, "event=StatusNotification");

        var errors = entries.Where(e => e.Str("message_type") == "call_error").ToList();
        var calls = entries.Where(e => e.Str("message_type") == "call").ToList();
        Assert.That(errors, Is.Not.Empty);
        Assert.That(errors, Has.Count.EqualTo(calls.Count), "each StatusNotification CALL and its CALLERROR");
        Assert.Multiple(() =>
        {
            Assert.That(errors.Select(e => e.Str("direction")), Is.All.EqualTo("csms_to_cp"));
            Assert.That(errors.Select(e => e.Str("action")), Is.All.EqualTo("StatusNotification"));
            Assert.That(errors.Select(e => e.Str("message_id")), Is.EqualTo(calls.Select(c => c.Str("message_id"))));
            Assert.That(errors.Select(e => e.Str("message")), Is.SubsetOf(station.Sent.ToList()), "the exact CALLERROR text");
            Assert.That(errors[0].Str("message"), Does.StartWith($"[4,\"{errors[0].Str("message_id")}\",\"InternalError\","));
        });
    }

    [TestCase("OCPP1.6")]
    [TestCase("OCPP2.0.1")]
    public async Task Frames_that_are_not_OCPP_J_are_logged_as_malformed_exactly_as_received(string version)
    {
        var (client, id, station) = await BootedChargerAsync($"CP-GARBAGE-{version[4..].Replace(".", string.Empty, StringComparison.Ordinal)}", version);
        string[] garbage = ["this is not JSON at all", "[9,\"x-1\",{}]", "{\"not\":\"an array\"}", "[2,\"cut-1\",\"Reset\""];

        foreach (var text in garbage)
        {
            await station.SendAsync(text);
        }

        // The last one must be in before we look (a 2.0.1 charger answers each with a CALLERROR).
        await Eventually.UntilAsync(
            async () => (await StoredAsync(client, id)).Count(e => e.Str("message_type") == "malformed"),
            count => count == garbage.Length,
            because: "every malformed frame is logged");

        var malformed = (await StoredAsync(client, id)).Where(e => e.Str("message_type") == "malformed").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(malformed.Select(e => e.Str("message")), Is.EqualTo(garbage));
            Assert.That(malformed.Select(e => e.Str("direction")), Is.All.EqualTo("csms_to_cp"));
        });

        // The session survives garbage: still connected, and nothing dropped the connection.
        var runtime = (await client.GetJsonAsync($"/ocpp/chargers/{id}"))["runtime"]!;
        Assert.That(runtime.Str("state"), Is.EqualTo("connected"));
        Assert.That(station.Connections, Is.EqualTo(1));
    }
}
