using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OcppLab.FunctionalTests.Infrastructure;
using OcppLab.Infrastructure.Ownership;

namespace OcppLab.FunctionalTests.Runtime;

/// <summary>
/// Two gateways in this process on one database: only the lease owner runs chargers; start, stop,
/// restart and delete through the standby reach the owner by reconciliation; commands that need the
/// live session are refused on the standby; an owner that loses its lease stops its chargers at
/// once; a graceful stop releases the lease so that the standby takes over without waiting.
/// </summary>
[NonParallelizable]
public sealed class RuntimeOwnershipTests : LoopbackCsmsTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    private static Dictionary<string, string?> Settings(string lease, string renew = "00:00:00.500") => new()
    {
        ["Ownership:LeaseDuration"] = lease,
        ["Ownership:RenewInterval"] = renew,
        ["Ownership:ReconcileInterval"] = "00:00:00.300",
    };

    [Test]
    public async Task Start_stop_restart_and_delete_through_the_standby_are_carried_out_by_the_owner()
    {
        var path = GatewayFactory.NewDatabasePath();
        try
        {
            await using var owner = new GatewayFactory(path, settings: Settings("00:00:10"));
            var org = GatewayApi.NewOrg();
            var clientA = owner.ClientFor(org);
            Assert.That((await clientA.GetJsonAsync("/health/ready")).Str("runtime"), Is.EqualTo("owner"));
            await using var standby = new GatewayFactory(path, settings: Settings("00:00:10"));
            var clientB = standby.ClientFor(org);
            Assert.That((await clientB.GetJsonAsync("/health/ready")).Str("runtime"), Is.EqualTo("standby"));

            var station = Csms["CP-OWN-RECONCILE"];
            var id = await clientB.CreateChargerAsync("CP-OWN-RECONCILE", "OCPP2.0.1", Csms.Url());
            Assert.That((await clientB.WaitForProvisioningAsync(id, Deadline)).Str("status"), Is.EqualTo("READY"));
            await clientA.RuntimeAsync(id, r => r.Str("state") == "connected", "created through the standby, run by the owner");

            // The standby refuses what needs the live session, naming the owner, and reports no live state.
            var fanOut = await (await clientB.PostJsonAsync("/ocpp/commands/plug-connector", new { target = new { charger_id = id }, @event = new { connector_id = 1 } }))
                .ExpectJsonAsync(202);
            var onStandby = await clientB.GetJsonAsync($"/ocpp/chargers/{id}");
            Assert.Multiple(() =>
            {
                Assert.That(fanOut["failed"]![0]!.Str("error"), Does.Contain("standby").And.Contain(owner.Services.GetRequiredService<RuntimeOwnership>().NodeId));
                Assert.That(onStandby["runtime"]!["state"], Is.Null);
                Assert.That(onStandby["runtime"]!.Str("desired_state"), Is.EqualTo("running"));
            });

            await (await clientB.PostAsync($"/ocpp/chargers/{id}/stop-charger", null)).ExpectJsonAsync(202);
            await Eventually.UntilAsync(() => Task.FromResult(station.Open == 0), Deadline, "stopped through the standby");
            Assert.That((await clientA.GetJsonAsync($"/ocpp/chargers/{id}"))["runtime"]!.Str("state"), Is.EqualTo("stopped"));

            await (await clientB.PostAsync($"/ocpp/chargers/{id}/start-charger", null)).ExpectJsonAsync(202);
            await Eventually.UntilAsync(() => Task.FromResult(station.Open == 1 && station.Connections == 2), Deadline, "started through the standby");

            await (await clientB.PostAsync($"/ocpp/chargers/{id}/restart-charger", null)).ExpectJsonAsync(202);
            await Eventually.UntilAsync(() => Task.FromResult(station.Open == 1 && station.Connections == 3), Deadline, "restarted through the standby");
            Assert.That(station.BootNotifications, Is.EqualTo(3), "each start and the restart booted once; no extra restart");

            Assert.That((await clientB.DeleteAsync($"/ocpp/chargers/{id}")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.NoContent));
            await Eventually.UntilAsync(() => Task.FromResult(station.Open == 0), Deadline, "deleted through the standby");
            Assert.That(station.MaxOpen, Is.EqualTo(1));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            GatewayFactory.DeleteDatabase(path);
        }
    }

    [Test]
    public async Task An_owner_that_loses_its_lease_stops_its_chargers_at_once_and_comes_back_when_it_can_take_the_lease_again()
    {
        var path = GatewayFactory.NewDatabasePath();
        try
        {
            await using var gateway = new GatewayFactory(path, settings: Settings("00:00:03"));
            var org = GatewayApi.NewOrg();
            var client = gateway.ClientFor(org);
            var station = Csms["CP-OWN-LOST"];
            var id = await client.CreateChargerAsync("CP-OWN-LOST", "OCPP1.6", Csms.Url());
            Assert.That((await client.WaitForProvisioningAsync(id, Deadline)).Str("status"), Is.EqualTo("READY"));
            await Eventually.UntilAsync(() => Task.FromResult(station.Open == 1), Deadline, "running");

            // Another node takes the lease (as after this process was paused past its expiry).
            await SetLeaseAsync(path, "intruder", DateTimeOffset.UtcNow.AddMinutes(5));
            await Eventually.UntilAsync(() => Task.FromResult(station.Open == 0), Deadline, "the chargers stop when the lease is lost");
            var ready = await client.GetJsonAsync("/health/ready");
            Assert.Multiple(() =>
            {
                Assert.That(ready.Str("runtime"), Is.EqualTo("standby"));
                Assert.That(ready.Str("owner"), Is.EqualTo("intruder"));
            });

            // The intruder's lease runs out: the gateway takes it again and recovers its charger.
            await SetLeaseAsync(path, "intruder", DateTimeOffset.UtcNow.AddSeconds(-1));
            await Eventually.UntilAsync(() => Task.FromResult(station.Open == 1 && station.Connections == 2), Deadline, "back after retaking the lease");
            Assert.That((await client.GetJsonAsync("/health/ready")).Str("runtime"), Is.EqualTo("owner"));
            Assert.That(station.MaxOpen, Is.EqualTo(1));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            GatewayFactory.DeleteDatabase(path);
        }
    }

    [Test]
    public async Task A_graceful_stop_releases_the_lease_so_the_standby_takes_over_without_waiting_for_it_to_expire()
    {
        var path = GatewayFactory.NewDatabasePath();
        try
        {
            // A lease far longer than the deadline: only a release lets the standby in in time.
            var owner = new GatewayFactory(path, settings: Settings("00:02:00"));
            var org = GatewayApi.NewOrg();
            var station = Csms["CP-OWN-HANDOVER"];
            var id = await owner.ClientFor(org).CreateChargerAsync("CP-OWN-HANDOVER", "OCPP1.6", Csms.Url());
            Assert.That((await owner.ClientFor(org).WaitForProvisioningAsync(id, Deadline)).Str("status"), Is.EqualTo("READY"));
            await Eventually.UntilAsync(() => Task.FromResult(station.Open == 1), Deadline, "running on the owner");

            await using var standby = new GatewayFactory(path, settings: Settings("00:02:00"));
            var client = standby.ClientFor(org);
            Assert.That((await client.GetJsonAsync("/health/ready")).Str("runtime"), Is.EqualTo("standby"));

            await owner.DisposeAsync();
            var clock = Stopwatch.StartNew();
            await Eventually.UntilAsync(() => Task.FromResult(station.Open == 1 && station.Connections == 2), Deadline, "the standby takes over");
            Assert.Multiple(() =>
            {
                Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(40)), "well before the two-minute lease would have expired");
                Assert.That(station.MaxOpen, Is.EqualTo(1));
            });
            Assert.That((await client.GetJsonAsync("/health/ready")).Str("runtime"), Is.EqualTo("owner"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            GatewayFactory.DeleteDatabase(path);
        }
    }

    private static async Task SetLeaseAsync(string path, string owner, DateTimeOffset expiresAt)
    {
        await using var db = GatewayFactory.OpenDatabase(path);
        var rows = await db.RuntimeLeases.ExecuteUpdateAsync(s => s.SetProperty(l => l.OwnerId, owner).SetProperty(l => l.ExpiresAt, expiresAt));
        Assert.That(rows, Is.EqualTo(1));
    }
}
