using System.Globalization;
using OcppLab.ConformanceTests.Infrastructure;

namespace OcppLab.ConformanceTests.Gateway;

/// <summary>
/// The CSMS goes away and comes back (protocol §1 reconnect, §2.2 transaction messages): the charger
/// reconnects by itself with back-off, does not boot again (it was not rebooted) but reports every
/// connector, and delivers the transaction messages it produced while offline, in order. Each test
/// has a peer of its own, since going offline affects every identity of a peer.
/// </summary>
public sealed class ReconnectTests : GatewayTest
{
    [TestCase(V16)]
    [TestCase(V201)]
    public async Task The_charger_reconnects_without_a_new_boot_and_delivers_the_offline_meter_values_in_order(string version)
    {
        var csms = await OwnPeerAsync();
        var charger = await NewChargerAsync(version, csms: csms);
        await charger.SetSampleIntervalAsync(1);
        await charger.RemoteStartAsync(1, "TAG-OFFLINE", remoteStartId: 77);
        var (transactionId, _) = await charger.WaitForTransactionStartAsync();
        await charger.WaitForAsync(t => TransactionTests.Periodic(t, charger.Is16).Count >= 1, "a periodic sample before the CSMS goes away");
        var connectedAt = SimulatedCharger.Text(await charger.RuntimeAsync(), "connected_at");

        // The charger cannot lose the connection before the peer goes offline, nor after the call returns.
        var goingOffline = DateTimeOffset.UtcNow;
        await csms.GoOfflineAsync();
        var offlineAt = DateTimeOffset.UtcNow;
        var lost = await charger.WaitForRuntimeAsync(r => SimulatedCharger.Text(r, "state") == "reconnecting", "reconnecting");
        Assert.That(SimulatedCharger.Text(lost, "last_error"), Is.Not.Null.And.Not.Empty, lost.ToJsonString());

        // It keeps trying, with back-off (RetryBackOffWaitMinimum 1 s): the offline peer refuses each try with 503.
        var refused = await Eventually.UntilAsync(charger.PeerStateAsync, p => p.RefusedUpgrades.Count >= 2, TimeSpan.FromSeconds(20), "two refused reconnection attempts");
        var attempts = refused.RefusedUpgrades;
        Assert.That(attempts[0].Time - goingOffline, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(990)), "the first retry waits the minimum back-off");
        Assert.That(attempts[1].Time - attempts[0].Time, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900)), "retries are spaced by the back-off (1 s at least)");
        var runtime = await charger.WaitForRuntimeAsync(r => SimulatedCharger.Text(r, "last_error")?.Contains("503", StringComparison.Ordinal) == true, "last_error names the 503");
        Assert.That(SimulatedCharger.Text(runtime, "state"), Is.EqualTo("reconnecting"));

        await csms.GoOnlineAsync();
        var onlineAt = DateTimeOffset.UtcNow;

        // Back: every connector's status on the new connection, and the backlog up to a sample taken after the return.
        var trace = await charger.WaitForAsync(
            t => t.LastConnection >= 2
                && StatusesOn(t, t.LastConnection, charger.Is16).Count >= charger.StatusNotificationsPerBoot
                && Samples(t, charger.Is16).Any(s => s.At > onlineAt),
            "the reconnection, every connector's status and the delivered backlog",
            TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(trace.Cp("BootNotification").Select(b => b.Connection), Is.All.EqualTo(1), "no BootNotification after a reconnect: the charger was not rebooted");
            var reported = StatusesOn(trace, trace.LastConnection, charger.Is16).Select(s => charger.Is16 ? s.Int("connectorId") : s.Int("evseId")).Distinct();
            Assert.That(reported, Is.EquivalentTo(Enumerable.Range(charger.Is16 ? 0 : 1, charger.StatusNotificationsPerBoot).Select(i => (int?)i)), "a StatusNotification for every connector");
        });

        // The samples: none lost, none twice, in order — one every second of the meter's clock.
        var samples = Samples(trace, charger.Is16);
        for (var i = 1; i < samples.Count; i++)
        {
            Assert.That(samples[i].At - samples[i - 1].At, Is.EqualTo(TimeSpan.FromSeconds(1)), $"sample {i} follows sample {i - 1} by one interval:\n{string.Join('\n', samples)}");
        }

        var offline = samples.Where(s => s.At > offlineAt && s.At < onlineAt).ToList();
        Assert.That(offline, Has.Count.GreaterThanOrEqualTo(2), "samples taken while the CSMS was away");
        Assert.That(offline.Select(s => s.Call.Connection), Is.All.GreaterThanOrEqualTo(2), "delivered after the reconnect");

        if (charger.Is16)
        {
            Assert.That(samples.Select(s => s.Call.Int("transactionId")?.ToString(CultureInfo.InvariantCulture)), Is.All.EqualTo(transactionId));
        }
        else
        {
            var events = trace.Cp("TransactionEvent").Where(e => e.Result is not null).ToList();
            Assert.That(events.Select(e => e.Payload["transactionInfo"]!["transactionId"]!.GetValue<string>()), Is.All.EqualTo(transactionId));
            Assert.That(events.Select(e => e.Int("seqNo")), Is.EqualTo(Enumerable.Range(0, events.Count).Select(i => (int?)i)), "consecutive seqNo across both connections");
        }

        runtime = await charger.WaitForRuntimeAsync(r => SimulatedCharger.Text(r, "state") == "connected", "connected again");
        Assert.That(SimulatedCharger.Text(runtime, "connected_at"), Is.Not.EqualTo(connectedAt), "a new connection");
        Assert.That(SimulatedCharger.Text(runtime, "boot_status"), Is.EqualTo("Accepted"));

        await charger.RemoteStopAsync(transactionId);
        await charger.WaitForTransactionEndAsync(transactionId);
        await charger.WaitForStatusAsync(1, "Available");
        var peer = await charger.PeerStateAsync();
        Assert.That(peer.MaxOpenConnections, Is.EqualTo(1), "never two connections at once");
        await AssertNoViolationsAsync();
    }

    /// <summary>The charge point's answered StatusNotifications on one connection.</summary>
    private static List<TracedCall> StatusesOn(OcppTrace trace, int connection, bool is16) =>
        trace.Cp("StatusNotification").Where(s => s.Connection == connection && s.Result is not null).ToList();

    /// <summary>Answered periodic samples with the meter's own timestamp, in the order they were delivered.</summary>
    private static List<Sample> Samples(OcppTrace trace, bool is16) =>
        TransactionTests.Periodic(trace, is16)
            .Where(c => c.Result is not null)
            .Select(c => new Sample(DateTimeOffset.Parse(c.Payload["meterValue"]![0]!["timestamp"]!.GetValue<string>(), CultureInfo.InvariantCulture), c))
            .ToList();

    private sealed record Sample(DateTimeOffset At, TracedCall Call)
    {
        public override string ToString() => $"{At:HH:mm:ss.fff} on #{Call.Connection}";
    }
}
