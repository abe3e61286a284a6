using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using OcppLab.FunctionalTests.Infrastructure;
using OcppLab.Infrastructure.Ocpp.Runtime;
using Orleans;
using Orleans.Core.Internal;
using Orleans.Runtime;

namespace OcppLab.FunctionalTests.Runtime;

/// <summary>
/// Issue 12 item 1 on the real runtime: the charger grain owns a live WebSocket session in the
/// embedded gateway's silo. Idle collection never takes a running charger's grain (nor its
/// connection); a grain that is deactivated all the same closes its connection with a normal
/// closure, and the reconciliation brings the charger back on a new activation, one connection at
/// a time.
/// </summary>
[NonParallelizable]
public sealed class ChargerGrainRuntimeTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);
    private TestCsms _csms = null!;

    [OneTimeSetUp]
    public async Task StartCsms() => _csms = await TestCsms.StartAsync();

    [OneTimeTearDown]
    public async Task StopCsms() => await _csms.DisposeAsync();

    [Test]
    public async Task A_running_charger_keeps_its_grain_and_its_one_connection_through_forced_activation_collection()
    {
        await using var gateway = new GatewayFactory();
        var client = gateway.ClientFor(GatewayApi.NewOrg());
        var station = _csms["CP-GRAIN-KEEP"];
        var running = await client.CreateChargerAsync("CP-GRAIN-KEEP", "OCPP1.6", _csms.Url());
        var idle = await client.CreateChargerAsync("CP-GRAIN-IDLE", "OCPP2.0.1", _csms.Url());
        Assert.That((await client.WaitForProvisioningAsync(running, Deadline)).Str("status"), Is.EqualTo("READY"));
        Assert.That((await client.WaitForProvisioningAsync(idle, Deadline)).Str("status"), Is.EqualTo("READY"));
        await client.RuntimeAsync(running, r => r.Str("state") == "connected", "connected");
        await (await client.PostAsync($"/ocpp/chargers/{idle}/stop-charger", null)).ExpectJsonAsync(202);

        // A query through a stopped charger's grain activates it without a session: idle, collectable.
        Assert.That((await client.GetJsonAsync($"/ocpp/chargers/{idle}/stats"))["running"]!.GetValue<bool>(), Is.False);
        var grains = gateway.Services.GetRequiredService<IGrainFactory>();
        Assert.That(await IsActiveAsync(grains, idle), Is.True, "the stats query went through the idle charger's grain");

        var management = grains.GetGrain<IManagementGrain>(0);
        await Eventually.UntilAsync(
            async () =>
            {
                await management.ForceActivationCollection(TimeSpan.Zero);
                return !await IsActiveAsync(grains, idle);
            },
            Deadline,
            "the idle charger's grain is collected");

        var runtime = (await client.GetJsonAsync($"/ocpp/chargers/{running}"))["runtime"]!;
        Assert.Multiple(async () =>
        {
            Assert.That(await IsActiveAsync(grains, running), Is.True, "the running charger's grain is kept alive");
            Assert.That(runtime.Str("state"), Is.EqualTo("connected"));
            Assert.That(station.Open, Is.EqualTo(1));
            Assert.That(station.Connections, Is.EqualTo(1), "never reconnected");
            Assert.That(station.Closes, Is.Empty);
        });
    }

    [Test]
    public async Task A_deactivated_grain_closes_its_connection_normally_and_the_charger_comes_back_on_a_new_activation()
    {
        await using var gateway = new GatewayFactory(settings: new Dictionary<string, string?> { ["Ownership:ReconcileInterval"] = "00:00:00.300" });
        var client = gateway.ClientFor(GatewayApi.NewOrg());
        var station = _csms["CP-GRAIN-DEACTIVATE"];
        var id = await client.CreateChargerAsync("CP-GRAIN-DEACTIVATE", "OCPP2.0.1", _csms.Url());
        Assert.That((await client.WaitForProvisioningAsync(id, Deadline)).Str("status"), Is.EqualTo("READY"));
        await client.RuntimeAsync(id, r => r.Str("state") == "connected", "connected");

        // What a silo shutdown or a directory conflict does to the activation.
        var grain = gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<IChargerGrain>(id);
        await grain.Cast<IGrainManagementExtension>().DeactivateOnIdle();

        await Eventually.UntilAsync(() => Task.FromResult(!station.Closes.IsEmpty), Deadline, "the deactivation closed the connection");
        Assert.That(station.Closes.First().Status, Is.EqualTo(WebSocketCloseStatus.NormalClosure));

        // Its desired state is still running: the reconciliation starts it through a new activation.
        await Eventually.UntilAsync(() => Task.FromResult(station.Open == 1 && station.Connections == 2), Deadline, "reconnected by the reconciliation");
        await client.RuntimeAsync(id, r => r.Str("state") == "connected", "connected again");
        Assert.That(station.MaxOpen, Is.EqualTo(1), "never two connections");
    }

    private static async Task<bool> IsActiveAsync(IGrainFactory grains, string chargerId)
    {
        var statistics = await grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return statistics.Any(s => s.GrainId.Key.ToString() == chargerId);
    }
}
