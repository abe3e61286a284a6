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
public sealed class ChargerGrainRuntimeTests : LoopbackCsmsTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    [Test]
    public async Task A_running_charger_keeps_its_grain_and_its_one_connection_through_forced_activation_collection()
    {
        await using var gateway = new GatewayFactory();
        var client = gateway.ClientFor(GatewayApi.NewOrg());
        var station = Csms["CP-GRAIN-KEEP"];
        var running = await client.CreateChargerAsync("CP-GRAIN-KEEP", "OCPP1.6", Csms.Url());
        var idle = await client.CreateChargerAsync("CP-GRAIN-IDLE", "OCPP2.0.1", Csms.Url());
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
        var station = Csms["CP-GRAIN-DEACTIVATE"];
        var id = await client.CreateChargerAsync("CP-GRAIN-DEACTIVATE", "OCPP2.0.1", Csms.Url());
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

    [Test]
    public async Task Two_embedded_gateways_on_one_file_are_two_one_node_clusters_and_the_standby_activates_no_charger_grain()
    {
        var path = GatewayFactory.NewDatabasePath();
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["Ownership:LeaseDuration"] = "00:00:10",
                ["Ownership:RenewInterval"] = "00:00:00.500",
                ["Ownership:ReconcileInterval"] = "00:00:00.300",
            };
            await using var owner = new GatewayFactory(path, settings: settings);
            var org = GatewayApi.NewOrg();
            var clientA = owner.ClientFor(org);
            Assert.That((await clientA.GetJsonAsync("/health/ready")).Str("runtime"), Is.EqualTo("owner"));
            await using var standby = new GatewayFactory(path, settings: settings);
            var clientB = standby.ClientFor(org);
            Assert.That((await clientB.GetJsonAsync("/health/ready")).Str("runtime"), Is.EqualTo("standby"));

            var station = Csms["CP-GRAIN-STANDBY"];
            var id = await clientB.CreateChargerAsync("CP-GRAIN-STANDBY", "OCPP1.6", Csms.Url());
            Assert.That((await clientB.WaitForProvisioningAsync(id, Deadline)).Str("status"), Is.EqualTo("READY"));
            await clientA.RuntimeAsync(id, r => r.Str("state") == "connected", "run by the owner");

            // Every runtime entry point on the standby: none may activate a grain there.
            await clientB.GetJsonAsync($"/ocpp/chargers/{id}");
            await clientB.GetJsonAsync("/ocpp/chargers");
            Assert.That((await clientB.GetAsync($"/ocpp/chargers/{id}/stats")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Conflict));
            await (await clientB.PostJsonAsync("/ocpp/commands/plug-connector", new { target = new { charger_id = id }, @event = new { connector_id = 1 } })).ExpectJsonAsync(202);
            await (await clientB.PostAsync($"/ocpp/chargers/{id}/restart-charger", null)).ExpectJsonAsync(202);
            await Eventually.UntilAsync(() => Task.FromResult(station.Connections == 2 && station.Open == 1), Deadline, "the owner restarted it");

            var ownerGrains = owner.Services.GetRequiredService<IGrainFactory>();
            var standbyGrains = standby.Services.GetRequiredService<IGrainFactory>();
            Assert.Multiple(async () =>
            {
                Assert.That(await standbyGrains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true), Has.Count.EqualTo(1), "the standby's silo is alone in its cluster");
                Assert.That(await ownerGrains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true), Has.Count.EqualTo(1), "the owner's silo is alone in its cluster");
                Assert.That(await IsActiveAsync(standbyGrains, id), Is.False, "no charger grain on the standby");
                Assert.That(await IsActiveAsync(ownerGrains, id), Is.True, "the owner's grain owns the session");
                Assert.That(station.MaxOpen, Is.EqualTo(1));
            });
        }
        finally
        {
            GatewayFactory.DeleteDatabase(path);
        }
    }

    [Test]
    public async Task A_gateway_configured_for_an_AdoNet_cluster_on_SQLite_does_not_start_and_says_why()
    {
        if (!TestDatabase.IsSqlite)
        {
            Assert.Ignore("a SQLite configuration: on PostgreSQL the AdoNet cluster is a valid setting");
        }

        var gateway = new GatewayFactory(settings: new Dictionary<string, string?> { ["Cluster:Clustering"] = "AdoNet" });
        try
        {
            var failure = Assert.Catch(() => gateway.CreateClient());
            Assert.That(failure!.ToString(), Does.Contain("Cluster:Clustering AdoNet needs the gateway's database on PostgreSQL or SQL Server"));
        }
        finally
        {
            await gateway.DisposeAsync();
        }
    }

    private static async Task<bool> IsActiveAsync(IGrainFactory grains, string chargerId)
    {
        var statistics = await grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return statistics.Any(s => s.GrainId.Key.ToString() == chargerId);
    }
}
