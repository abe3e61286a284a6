using System.Diagnostics;
using OcppLab.FunctionalTests.Infrastructure;
using OcppLab.FunctionalTests.Logs;

namespace OcppLab.FunctionalTests.Runtime;

/// <summary>
/// A gateway stops promptly whatever holds a request open on its web server: its own chargers
/// connected to its sandbox CSMS (the quickstart's set-up), a live log stream, and chargers of
/// another gateway connected to its sandbox. Without care each of those makes the web server wait
/// for the host's shutdown timeout (30 s).
/// </summary>
public sealed class GatewayShutdownTests
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(10);

    [Test]
    public async Task A_gateway_with_chargers_on_its_own_sandbox_and_an_open_log_stream_stops_promptly()
    {
        var path = GatewayFactory.NewDatabasePath();
        var gateway = new GatewayFactory(path, kestrel: true);
        var stopped = false;
        try
        {
            var org = GatewayApi.NewOrg();
            var client = gateway.ClientFor(org);
            var id = await client.CreateChargerAsync("CP-SHUTDOWN-OWN", "OCPP1.6", gateway.SandboxUrl);
            Assert.That((await client.WaitForProvisioningAsync(id)).Str("status"), Is.EqualTo("READY"));
            await client.RuntimeAsync(id, r => r.Str("state") == "connected" && r["boot_status"]?.GetValue<string>() == "Accepted");
            await using var stream = await EventStreamReader.OpenAsync(client, $"/ocpp/chargers/{id}/logs/stream");

            var clock = Stopwatch.StartNew();
            await gateway.DisposeAsync();
            stopped = true;
            Assert.That(clock.Elapsed, Is.LessThan(Prompt), "the sessions stop before the web server waits for their sandbox requests");

            // A shutdown is not a stop: the charger comes back with the next gateway.
            await using var next = new GatewayFactory(path);
            var charger = await (await next.ClientFor(org).GetAsync($"/ocpp/chargers/{id}")).ExpectJsonAsync(200);
            Assert.That(charger["runtime"]!.Str("desired_state"), Is.EqualTo("running"));
        }
        finally
        {
            if (!stopped)
            {
                await gateway.DisposeAsync();
            }

            GatewayFactory.DeleteDatabase(path);
        }
    }

    [Test]
    public async Task A_gateway_whose_sandbox_serves_another_gateways_charger_says_going_away_and_stops_promptly()
    {
        await using var chargers = new GatewayFactory();
        var csms = new GatewayFactory(kestrel: true);
        var stopped = false;
        try
        {
            var client = chargers.ClientFor(GatewayApi.NewOrg());
            var id = await client.CreateChargerAsync("CP-SHUTDOWN-REMOTE", "OCPP2.0.1", csms.SandboxUrl);
            Assert.That((await client.WaitForProvisioningAsync(id)).Str("status"), Is.EqualTo("READY"));
            await client.RuntimeAsync(id, r => r.Str("state") == "connected" && r["boot_status"]?.GetValue<string>() == "Accepted");

            var clock = Stopwatch.StartNew();
            await csms.DisposeAsync();
            stopped = true;
            Assert.That(clock.Elapsed, Is.LessThan(Prompt), "the sandbox closes its connections when the gateway stops");

            var runtime = await client.RuntimeAsync(id, r => r["last_error"]?.GetValue<string>() is not null, "the charger heard the CSMS go away");
            Assert.Multiple(() =>
            {
                Assert.That(runtime.Str("state"), Is.AnyOf("reconnecting", "connecting"));
                Assert.That(runtime.Str("last_error"), Does.Contain("EndpointUnavailable"));
            });
        }
        finally
        {
            if (!stopped)
            {
                await csms.DisposeAsync();
            }
        }
    }
}
