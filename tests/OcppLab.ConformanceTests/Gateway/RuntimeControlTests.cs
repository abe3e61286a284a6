using OcppLab.ConformanceTests.Infrastructure;
using OcppLab.ConformanceTests.Peer;

namespace OcppLab.ConformanceTests.Gateway;

/// <summary>
/// start-charger / stop-charger / restart-charger through the REST API (spec §2.7–2.9): a stop is a
/// normal closure by the charge point, a restart a new connection and a new BootNotification, and a
/// charger never holds two connections, however the requests race.
/// </summary>
public sealed class RuntimeControlTests : GatewayTest
{
    [TestCase(V16)]
    [TestCase(V201)]
    public async Task Stop_closes_normally_start_boots_again_and_restart_is_a_new_connection_with_a_new_boot(string version)
    {
        var charger = await NewChargerAsync(version);

        var stopped = await charger.Api.StopAsync(charger.Id);
        Assert.That(SimulatedCharger.Text(stopped, "event_type"), Is.EqualTo("stop_charger"));
        Assert.That(stopped["payload"]!["desired_count"]!.GetValue<int>(), Is.Zero);
        var peer = await WaitForPeerAsync(charger, p => !p.Connected, "the connection closed");
        Assert.That((peer.LastCloseCode, peer.LastCloseBy), Is.EqualTo(((int?)1000, "charge_point")), "a normal closure by the charge point");
        var runtime = await charger.WaitForRuntimeAsync(r => SimulatedCharger.Text(r, "state") == "stopped", "stopped");
        Assert.That(SimulatedCharger.Text(runtime, "desired_state"), Is.EqualTo("stopped"));

        // Stopping a stopped charger is a no-op.
        await charger.Api.StopAsync(charger.Id);
        Assert.That((await charger.PeerStateAsync()).Connections, Is.EqualTo(1));

        var started = await charger.Api.StartAsync(charger.Id);
        Assert.That(started["payload"]!["desired_count"]!.GetValue<int>(), Is.EqualTo(1));
        var trace = await charger.WaitUntilBootedAsync(connection: 2);
        Assert.That(trace.CpCalls.First(c => c.Connection == 2).Action, Is.EqualTo("BootNotification"), "a started charger boots");

        // Starting a running charger is a no-op: the same connection goes on.
        await charger.Api.StartAsync(charger.Id);
        await charger.CallOkAsync(charger.Is16 ? "GetConfiguration" : "GetBaseReport", charger.Is16 ? new { } : new { requestId = 1, reportBase = "SummaryInventory" });
        Assert.That((await charger.PeerStateAsync()).Connections, Is.EqualTo(2));

        var restarted = await charger.Api.RestartAsync(charger.Id);
        Assert.That(SimulatedCharger.Text(restarted, "event_type"), Is.EqualTo("restart_charger"));
        trace = await charger.WaitUntilBootedAsync(connection: 3);
        Assert.That(trace.CpCalls.First(c => c.Connection == 3).Action, Is.EqualTo("BootNotification"), "a restart is a reboot: a new BootNotification");
        Assert.That(trace.Frames.Where(f => f.Connection == 2).Max(f => f.Time), Is.LessThanOrEqualTo(trace.Frames.Where(f => f.Connection == 3).Min(f => f.Time)), "the old connection was done before the new one spoke");

        peer = await charger.PeerStateAsync();
        Assert.That((peer.Connections, peer.OpenConnections, peer.MaxOpenConnections), Is.EqualTo((3, 1, 1)));
        await AssertNoViolationsAsync();
    }

    [TestCase(V16)]
    [TestCase(V201)]
    public async Task Racing_start_stop_and_restart_requests_never_open_a_second_connection(string version)
    {
        var charger = await NewChargerAsync(version);

        // Waves of concurrent requests, each wave mixing all three.
        var operations = new Func<string, Task>[]
        {
            id => charger.Api.RestartAsync(id), id => charger.Api.StopAsync(id), id => charger.Api.StartAsync(id),
            id => charger.Api.StartAsync(id), id => charger.Api.RestartAsync(id), id => charger.Api.StopAsync(id),
        };
        for (var wave = 0; wave < 4; wave++)
        {
            var requests = operations.Select((operation, i) => operations[(i + wave) % operations.Length](charger.Id));
            await Task.WhenAll(requests).WaitAsync(TimeSpan.FromSeconds(60));
        }

        // Settle running, then check what the CSMS saw.
        await charger.Api.StartAsync(charger.Id);
        await WaitForPeerAsync(charger, p => p.Connected, "connected again");
        var trace = await charger.WaitUntilBootedAsync();
        var peer = await charger.PeerStateAsync();
        Assert.Multiple(() =>
        {
            Assert.That(peer.MaxOpenConnections, Is.EqualTo(1), $"never two connections at once ({peer.Connections} connections in all)");
            Assert.That(peer.OpenConnections, Is.EqualTo(1));
            foreach (var connection in trace.Frames.Select(f => f.Connection).Distinct())
            {
                Assert.That(trace.CpCalls.First(c => c.Connection == connection).Action, Is.EqualTo("BootNotification"), $"connection {connection} starts with a boot");
            }
        });

        await charger.Api.StopAsync(charger.Id);
        peer = await WaitForPeerAsync(charger, p => !p.Connected, "closed");
        Assert.That((peer.LastCloseCode, peer.LastCloseBy, peer.OpenConnections, peer.MaxOpenConnections), Is.EqualTo(((int?)1000, "charge_point", 0, 1)));
        await AssertNoViolationsAsync();
    }

    private static Task<PeerIdentity> WaitForPeerAsync(SimulatedCharger charger, Func<PeerIdentity, bool> done, string because) =>
        Eventually.UntilAsync(charger.PeerStateAsync, done, SimulatedCharger.DefaultWait, $"{charger.Identity} at the peer: {because}");
}
