using OcppLab.FunctionalTests.Infrastructure;
using OcppLab.FunctionalTests.Logs;

namespace OcppLab.FunctionalTests.Runtime;

/// <summary>
/// The quickstart path: a charger pointed at the gateway's own sandbox CSMS (the gateway on a real
/// port) connects, boots and reports its connectors, which the runtime block shows.
/// </summary>
public sealed class SandboxRuntimeTests
{
    private GatewayFactory _factory = null!;

    [OneTimeSetUp]
    public void StartGateway()
    {
        _factory = new GatewayFactory(kestrel: true);
        _factory.StartServer();
    }

    [OneTimeTearDown]
    public async Task StopGateway() => await _factory.DisposeAsync();

    [Test]
    public async Task By_default_a_message_of_1_MiB_is_answered_and_one_byte_more_is_closed_with_1009()
    {
        const int defaultCap = 1024 * 1024;
        using (var socket = await SandboxSocket.ConnectAsync(_factory.SandboxUrl, "CP-DEFAULT-CAP"))
        {
            await socket.SendTextAsync(SandboxLimitsTests.DataTransferOfExactly(defaultCap, "mib"));
            Assert.That(await socket.ReceiveTextAsync(), Does.StartWith("[3,\"mib\","));
            await socket.CloseAsync();
        }

        using (var socket = await SandboxSocket.ConnectAsync(_factory.SandboxUrl, "CP-DEFAULT-CAP"))
        {
            await socket.SendTextAsync(SandboxLimitsTests.DataTransferOfExactly(defaultCap + 1, "mib+1"));
            Assert.That((await socket.ReceiveCloseAsync()).CloseStatus, Is.EqualTo(System.Net.WebSockets.WebSocketCloseStatus.MessageTooBig));
        }
    }

    [TestCase("OCPP1.6")]
    [TestCase("OCPP2.0.1")]
    public async Task A_charger_on_the_sandbox_shows_connected_Accepted_and_its_connectors(string version)
    {
        var client = _factory.ClientFor(GatewayApi.NewOrg());
        Assert.That(client.BaseAddress!.IsLoopback && client.BaseAddress.Port != 80, Is.True, $"a real port: {client.BaseAddress}");
        var id = await client.CreateChargerAsync("CP-SANDBOX", version, _factory.SandboxUrl);
        Assert.That((await client.WaitForProvisioningAsync(id)).Str("status"), Is.EqualTo("READY"));

        var runtime = await client.RuntimeAsync(id, r => r.Str("state") == "connected"
            && r["boot_status"]?.GetValue<string>() == "Accepted"
            && r["connectors"]!.AsArray().All(c => c!["status"]?.GetValue<string>() == "Available"));

        var connectors = runtime["connectors"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(runtime.Str("desired_state"), Is.EqualTo("running"));
            Assert.That(runtime["connected_at"]?.GetValue<string>(), Is.Not.Null);
            Assert.That(runtime["restart_required"]!.GetValue<bool>(), Is.False);
            Assert.That(connectors, Has.Count.EqualTo(2), "terra-184 has two connectors");
            Assert.That(connectors.Select(c => c!["evse_id"]!.GetValue<int>()), Is.EqualTo(new[] { 1, 2 }));
            Assert.That(connectors.Select(c => c!["transaction_id"]), Is.All.Null);
        });

        // The sandbox answered the boot, and the logs show both frames.
        await _factory.Writer().FlushAsync(CancellationToken.None);
        var boot = (await client.LogsAsync(id, "event=BootNotification"))["data"]!.AsArray();
        Assert.That(boot.Select(e => e.Str("message_type")), Is.EqualTo(new[] { "call", "call_result" }));
        Assert.That(boot[1].Str("message"), Does.Contain("\"Accepted\""));

        Assert.That((int)(await client.PostJsonAsync($"/ocpp/chargers/{id}/stop-charger", new { })).StatusCode, Is.EqualTo(202));
        var stopped = await client.RuntimeAsync(id, r => r.Str("state") == "stopped");
        Assert.Multiple(() =>
        {
            Assert.That(stopped["boot_status"], Is.Null);
            Assert.That(stopped["connected_at"], Is.Null);
            Assert.That(stopped["connectors"]!.AsArray().Select(c => c!["status"]), Is.All.Null);
        });
    }
}
