using System.Text.Json.Nodes;
using OcppLab.ConformanceTests.Infrastructure;
using OcppLab.ConformanceTests.Peer;

namespace OcppLab.ConformanceTests.Gateway;

/// <summary>
/// Issue #4: what the gateway logs for a charger (GET /ocpp/chargers/{id}/logs) is exactly what went
/// over the wire — the same number of frames as the independent CSMS recorded for the identity, with
/// the same texts, in both directions, for a whole run (boot, heartbeats, CSMS calls, a session, a
/// reset with its reconnection, and the stop).
/// </summary>
public sealed class FrameLogTests : GatewayTest
{
    [TestCase(V16)]
    [TestCase(V201)]
    public async Task The_logs_hold_exactly_the_frames_the_CSMS_saw(string version)
    {
        var charger = await NewChargerAsync(version, new IdentityConfig([BootStep.Accepted(1)]));
        await charger.WaitForAsync(t => t.Cp("Heartbeat").Count(h => h.Answer is not null) >= 2, "two heartbeats");

        // CSMS calls, answered and refused.
        await charger.SetSampleIntervalAsync(1);
        await charger.CallAsync("NoSuchAction", new JsonObject(), strict: false);
        await charger.CallExpectingStatusAsync("TriggerMessage", new { requestedMessage = "StatusNotification" }, "Accepted");

        // A session with meter values.
        await charger.RemoteStartAsync(1, "TAG-LOGS");
        var (transactionId, _) = await charger.WaitForTransactionStartAsync();
        await charger.WaitForAsync(t => TransactionTests.Periodic(t, charger.Is16).Count >= 2, "two meter samples");
        await charger.RemoteStopAsync(transactionId);
        await charger.WaitForTransactionEndAsync(transactionId);
        await charger.WaitForStatusAsync(1, "Available");

        // A reboot: the connection closes and a new one boots.
        await charger.CallExpectingStatusAsync("Reset", charger.Is16 ? new { type = "Hard" } : new { type = "Immediate" }, "Accepted");
        await charger.WaitForAsync(t => charger.IsBooted(t, 2), "the boot after the reset");

        // The stop ends the run: no frame after it.
        await charger.Api.StopAsync(charger.Id);
        await Eventually.UntilAsync(charger.PeerStateAsync, p => !p.Connected, SimulatedCharger.DefaultWait, "closed");
        var peerFrames = (await charger.TraceAsync()).Frames;

        // The log writer batches: poll until the gateway has them all (or more, which fails below).
        var (entries, total) = await Eventually.UntilAsync(
            () => charger.Api.GetAllLogsAsync(charger.Id),
            logs => logs.Total >= peerFrames.Count,
            TimeSpan.FromSeconds(10),
            $"the gateway's log total to reach the {peerFrames.Count} frames the CSMS recorded");

        var loggedTexts = entries.Select(e => SimulatedCharger.Text(e, "message")!).ToList();
        var wireTexts = peerFrames.Select(f => f.Message).ToList();
        Assert.That(
            total,
            Is.EqualTo(peerFrames.Count),
            $"as many frames in the log as on the wire.\nLogged, not on the wire:\n{string.Join('\n', Without(loggedTexts, wireTexts))}\nOn the wire, not logged:\n{string.Join('\n', Without(wireTexts, loggedTexts))}");
        Assert.That(entries, Has.Count.EqualTo(total));
        foreach (var direction in new[] { FrameDirection.CpToCsms, FrameDirection.CsmsToCp })
        {
            var logged = entries.Where(e => SimulatedCharger.Text(e, "direction") == direction).Select(e => SimulatedCharger.Text(e, "message")).ToList();
            var wire = peerFrames.Where(f => f.Direction == direction).Select(f => f.Message).ToList();
            Assert.That(logged, Is.EqualTo(wire), $"{direction}: the same texts in the same order");
        }

        // Every entry names its action, a CALLRESULT/CALLERROR that of its CALL.
        Assert.That(entries.Where(e => SimulatedCharger.Text(e, "message_type") is "call" or "call_result").Select(e => SimulatedCharger.Text(e, "action")), Has.None.Null);
        var bootEntries = entries.Where(e => SimulatedCharger.Text(e, "action") == "BootNotification").Select(e => SimulatedCharger.Text(e, "message_type")).ToList();
        Assert.That(bootEntries, Is.EqualTo(new[] { "call", "call_result", "call", "call_result" }));
        await AssertNoViolationsAsync();
    }

    /// <summary>The items of <paramref name="items"/> left after removing one occurrence of each item of <paramref name="remove"/>.</summary>
    private static List<string> Without(IEnumerable<string> items, IEnumerable<string> remove)
    {
        var left = items.ToList();
        foreach (var item in remove)
        {
            left.Remove(item);
        }

        return left;
    }
}
