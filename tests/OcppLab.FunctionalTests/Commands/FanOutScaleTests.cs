using System.Diagnostics;
using System.Text.Json.Nodes;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Commands;

/// <summary>
/// Issue #5 §4: a location of 1,000 connected chargers (half 1.6, half 2.0.1, against the sandbox
/// CSMS) takes a plug-connector command in under a second, and every charger acts on it. A gateway
/// of its own, so that its 1,000 live sessions end with the fixture; nothing else runs meanwhile.
/// </summary>
[Category("Scale")]
[NonParallelizable]
public sealed class FanOutScaleTests
{
    private const int Chargers = 1000;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);
    private GatewayFactory _gateway = null!;

    [OneTimeSetUp]
    public void StartGateway()
    {
        _gateway = new GatewayFactory(kestrel: true);
        _gateway.StartServer();
    }

    [OneTimeTearDown]
    public async Task StopGatewayAsync() => await _gateway.DisposeAsync();

    [Test]
    public async Task A_plug_command_to_a_location_of_1000_connected_chargers_is_accepted_within_a_second_and_every_charger_acts_on_it()
    {
        var client = _gateway.ClientFor(GatewayApi.NewOrg("scale"));
        var location = await client.CreateLocationIdAsync("Thousand connected");
        var clock = Stopwatch.StartNew();
        var accepted = await (await client.PostJsonAsync($"/ocpp/locations/{location}/chargers", new object[]
        {
            new { template = Template("S16-", "OCPP1.6"), chargers_number = Chargers / 2 },
            new { template = Template("S201-", "OCPP2.0.1"), chargers_number = Chargers / 2 },
        })).ExpectJsonAsync(202);
        var job = await client.WaitForJobAsync(accepted.Str("status_url"), Deadline);
        Assert.That(job.Str("status"), Is.EqualTo("READY"), job.ToJsonString());
        var provisioned = clock.Elapsed;

        await WaitForEveryChargerAsync(client, location, c => Runtime(c, "state") == "connected" && Runtime(c, "boot_status") == "Accepted"
            && Connectors(c).All(s => s == "Available"), "connected, Accepted and Available");
        var connected = clock.Elapsed;

        // Warm-up through the same fan-out path (every charger refuses: no cable to unplug).
        var warmUp = await (await client.PostJsonAsync("/ocpp/commands/unplug-connector", new { target = new { location_id = location } })).ExpectJsonAsync(202);
        Assert.That(warmUp["failed_count"]!.GetValue<int>(), Is.EqualTo(Chargers), "nothing to unplug yet");

        var call = Stopwatch.StartNew();
        var response = await client.PostJsonAsync("/ocpp/commands/plug-connector", new { target = new { location_id = location }, @event = new { connector_id = 1 } });
        var answerTime = call.Elapsed;
        var answer = await response.ExpectJsonAsync(202);

        await WaitForEveryChargerAsync(client, location, c => Connectors(c).All(s => s is "Preparing" or "Occupied"), "plugged in");
        var acted = call.Elapsed;
        await TestContext.Out.WriteLineAsync(
            $"{Chargers} chargers: provisioned {provisioned.TotalSeconds:0.0} s, all connected {connected.TotalSeconds:0.0} s; "
            + $"plug-connector answered 202 in {answerTime.TotalMilliseconds:0} ms, every charger plugged after {acted.TotalMilliseconds:0} ms");

        Assert.Multiple(() =>
        {
            Assert.That(answerTime, Is.LessThan(TimeSpan.FromSeconds(1)), "202 within a second");
            Assert.That(answer["targeted_count"]!.GetValue<int>(), Is.EqualTo(Chargers));
            Assert.That(answer["queued_count"]!.GetValue<int>(), Is.EqualTo(Chargers), answer["failed"]!.ToJsonString());
            Assert.That(answer["results"]!.AsArray().Select(r => r!["command"].Str("id")).Distinct().Count(), Is.EqualTo(Chargers));
        });
    }

    private JsonObject Template(string prefix, string version) => new()
    {
        ["brand_slug"] = "wallbox",
        ["model_slug"] = "wallbox-pulsar-plus",
        ["connector_type"] = "Type2",
        ["ws_url"] = _gateway.SandboxUrl,
        ["ocpp_version"] = version,
        ["identity_prefix"] = prefix,
        ["template_name"] = "Bay",
    };

    private static string? Runtime(JsonNode charger, string property) => CommandTest.Text(charger["runtime"], property);

    private static IEnumerable<string?> Connectors(JsonNode charger) =>
        charger["runtime"]!["connectors"]!.AsArray().Select(c => CommandTest.Text(c, "status"));

    /// <summary>Pages through the location until every charger matches (or the deadline passes).</summary>
    private static async Task WaitForEveryChargerAsync(HttpClient client, string location, Func<JsonNode, bool> done, string because)
    {
        await Eventually.UntilAsync(
            async () =>
            {
                var matching = 0;
                for (var page = 1; page <= Chargers / 100; page++)
                {
                    var data = (await client.GetJsonAsync($"/ocpp/locations/{location}/chargers?limit=100&page={page}"))["data"]!.AsArray();
                    matching += data.Count(c => done(c!));
                }

                return Chargers - matching;
            },
            left => left == 0,
            Deadline,
            $"every charger {because}");
    }
}
