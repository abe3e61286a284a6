using OcppLab.ConformanceTests.Infrastructure;
using OcppLab.ConformanceTests.Peer;

namespace OcppLab.ConformanceTests.Gateway;

/// <summary>Registration (protocol §4): Accepted, Pending then Accepted, Rejected; heartbeats at the CSMS's interval.</summary>
public sealed class BootTests : GatewayTest
{
    /// <summary>The peer stamps a frame just after it wrote it; on a loaded machine the stamp can lag by some ms.</summary>
    private static readonly TimeSpan PeerClockSlack = TimeSpan.FromMilliseconds(100);

    [TestCase(V16)]
    [TestCase(V201)]
    public async Task An_accepted_boot_is_followed_by_every_connector_status_then_heartbeats_at_the_interval(string version)
    {
        var charger = await NewChargerAsync(version, new IdentityConfig([BootStep.Accepted(1)]));

        var trace = await charger.WaitForAsync(t => t.Cp("Heartbeat").Count(h => h.Answer is not null) >= 4, "four answered heartbeats");

        var calls = trace.CpCalls;
        Assert.That(calls[0].Action, Is.EqualTo("BootNotification"), "the first CALL is the BootNotification");
        Assert.That(calls[0].Result?["status"]?.GetValue<string>(), Is.EqualTo("Accepted"));
        var statuses = calls.Skip(1).TakeWhile(c => c.Action == "StatusNotification").ToList();
        if (charger.Is16)
        {
            Assert.That(statuses.Select(s => s.Int("connectorId")), Is.EquivalentTo(Enumerable.Range(0, charger.Connectors + 1)));
            Assert.That(statuses.Select(s => s.Str("status")), Is.All.EqualTo("Available"));
            Assert.That(statuses.Select(s => s.Str("errorCode")), Is.All.EqualTo("NoError"));
        }
        else
        {
            Assert.That(statuses.Select(s => (s.Int("evseId"), s.Int("connectorId"))), Is.EquivalentTo(Enumerable.Range(1, charger.Connectors).Select(e => ((int?)e, (int?)1))));
            Assert.That(statuses.Select(s => s.Str("connectorStatus")), Is.All.EqualTo("Available"));
        }

        // An inactivity interval of 1 s: each heartbeat a second after the previous CALL. The peer's
        // receive times carry the loopback's jitter (a loaded machine delays single frames by a few
        // hundred ms), so at the peer the gaps get slack and their mean must be about a second; the
        // precise check uses the send times the gateway logged for its own frames.
        var heartbeats = trace.Cp("Heartbeat");
        for (var i = 1; i < heartbeats.Count; i++)
        {
            Assert.That(heartbeats[i].Time - heartbeats[i - 1].Time, Is.InRange(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(3)), $"gap before heartbeat {i}, at the peer");
        }

        var mean = (heartbeats[^1].Time - heartbeats[0].Time) / (heartbeats.Count - 1);
        Assert.That(mean, Is.InRange(TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(2)), "mean heartbeat interval, at the peer");

        var sent = await Eventually.UntilAsync(
            () => SendTimesAsync(charger),
            times => heartbeats.All(h => times.ContainsKey(h.Id)) && times.ContainsKey(statuses[^1].Id),
            because: "the heartbeats in the gateway's frame log");
        var heartbeatsSent = heartbeats.Select(h => sent[h.Id]).ToList();
        var lastStatusSent = sent[statuses[^1].Id];
        Assert.That(heartbeatsSent[0] - lastStatusSent, Is.InRange(TimeSpan.FromMilliseconds(980), TimeSpan.FromSeconds(3)), "the first heartbeat a second after the last status was sent");
        for (var i = 1; i < heartbeatsSent.Count; i++)
        {
            Assert.That(heartbeatsSent[i] - heartbeatsSent[i - 1], Is.InRange(TimeSpan.FromMilliseconds(980), TimeSpan.FromSeconds(3)), $"heartbeat {i} sent a second after the previous one");
        }

        Assert.That(trace.CpCalls.Select(c => c.Action).Distinct(), Is.EquivalentTo(new[] { "BootNotification", "StatusNotification", "Heartbeat" }));

        var runtime = await charger.WaitForRuntimeAsync(r => r["last_heartbeat_at"] is not null, "a last_heartbeat_at");
        Assert.Multiple(() =>
        {
            Assert.That(SimulatedCharger.Text(runtime, "state"), Is.EqualTo("connected"));
            Assert.That(SimulatedCharger.Text(runtime, "boot_status"), Is.EqualTo("Accepted"));
            Assert.That(SimulatedCharger.Text(runtime, "connected_at"), Is.Not.Null);
            Assert.That(runtime["connectors"]!.AsArray().Select(c => SimulatedCharger.Text(c, "status")), Is.All.EqualTo("Available"));
        });
        await AssertNoViolationsAsync();
    }

    /// <summary>When the charger sent each of its CALLs (by message id), as its frame log says.</summary>
    private static async Task<Dictionary<string, DateTimeOffset>> SendTimesAsync(SimulatedCharger charger)
    {
        var (entries, _) = await charger.Api.GetAllLogsAsync(charger.Id);
        return entries
            .Where(e => SimulatedCharger.Text(e, "direction") == "cp_to_csms" && SimulatedCharger.Text(e, "message_type") == "call")
            .ToDictionary(e => SimulatedCharger.Text(e, "message_id")!, e => DateTimeOffset.Parse(SimulatedCharger.Text(e, "timestamp")!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [TestCase(V16)]
    [TestCase(V201)]
    public async Task A_pending_boot_is_retried_after_the_interval_and_only_requested_messages_are_sent_meanwhile(string version)
    {
        const int interval = 3;
        var charger = await NewChargerAsync(version, new IdentityConfig([BootStep.Pending(interval), BootStep.Accepted(300)]), waitForBoot: false);

        var pending = await charger.WaitForCpCallAsync("BootNotification", c => c.Result?["status"]?.GetValue<string>() == "Pending");
        await charger.WaitForRuntimeAsync(r => SimulatedCharger.Text(r, "boot_status") == "Pending", "boot_status Pending");

        // While Pending the CSMS may read the configuration, and ask for messages with TriggerMessage.
        if (charger.Is16)
        {
            var configuration = await charger.CallOkAsync("GetConfiguration", new { key = new[] { "HeartbeatInterval" } });
            Assert.That(configuration["configurationKey"]!.AsArray(), Has.Count.EqualTo(1));
            await charger.CallExpectingStatusAsync("TriggerMessage", new { requestedMessage = "StatusNotification", connectorId = 1 }, "Accepted");
        }
        else
        {
            var variables = await charger.CallOkAsync("GetVariables", new
            {
                getVariableData = new[] { new { component = new { name = "OCPPCommCtrlr" }, variable = new { name = "HeartbeatInterval" } } },
            });
            Assert.That(SimulatedCharger.Text(variables["getVariableResult"]![0], "attributeStatus"), Is.EqualTo("Accepted"));
            await charger.CallExpectingStatusAsync("TriggerMessage", new { requestedMessage = "StatusNotification", evse = new { id = 1, connectorId = 1 } }, "Accepted");

            // B02.FR.05: no remote start while Pending.
            await charger.CallExpectingStatusAsync("RequestStartTransaction", new { idToken = new { idToken = "TAG-P", type = "Central" }, remoteStartId = 5, evseId = 1 }, "Rejected");
        }

        var triggered = await charger.WaitForCpCallAsync("StatusNotification", after: pending.AnswerIndex);
        var trace = await charger.WaitUntilBootedAsync();
        var boots = trace.Cp("BootNotification");
        Assert.That(boots, Has.Count.EqualTo(2), trace.ToString());
        Assert.That(boots[1].Time - pending.AnsweredAt!.Value, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(interval) - PeerClockSlack), "the second BootNotification waited for the interval");
        Assert.That(boots[1].Result?["status"]?.GetValue<string>(), Is.EqualTo("Accepted"));

        // Between the two boots: only the StatusNotification the CSMS asked for.
        var between = trace.CpCalls.Where(c => c.Index > boots[0].Index && c.Index < boots[1].Index).ToList();
        Assert.That(between.Select(c => c.Action), Is.All.EqualTo("StatusNotification"), trace.ToString());
        Assert.That(between, Has.Count.EqualTo(1));
        Assert.That(triggered.Index, Is.GreaterThan(trace.Csms("TriggerMessage")[0].AnswerIndex), "the triggered message follows the TriggerMessage response");
        await AssertNoViolationsAsync();
    }

    [TestCase(V16)]
    [TestCase(V201)]
    public async Task A_rejected_charge_point_sends_nothing_until_the_interval_then_boots_again(string version)
    {
        const int interval = 3;
        var charger = await NewChargerAsync(version, new IdentityConfig([BootStep.Rejected(interval), BootStep.Accepted(300)]), waitForBoot: false);

        var rejected = await charger.WaitForCpCallAsync("BootNotification", c => c.Result?["status"]?.GetValue<string>() == "Rejected");
        var runtime = await charger.WaitForRuntimeAsync(r => SimulatedCharger.Text(r, "boot_status") == "Rejected", "boot_status Rejected");
        Assert.That(SimulatedCharger.Text(runtime, "last_error"), Does.Contain("rejected").IgnoreCase);

        if (charger.Is16)
        {
            // 1.6: a rejected charge point does not answer the CSMS at all.
            var unanswered = await charger.CallAsync("GetConfiguration", new { }, TimeSpan.FromSeconds(1));
            Assert.That(unanswered.Timeout, Is.True, unanswered.ToString());
        }
        else
        {
            // B03.FR.08: every CSMS call is answered with SecurityError while Rejected.
            var refused = await charger.CallAsync("GetVariables", new
            {
                getVariableData = new[] { new { component = new { name = "OCPPCommCtrlr" }, variable = new { name = "HeartbeatInterval" } } },
            });
            Assert.That(refused.Error?.Code, Is.EqualTo("SecurityError"), refused.ToString());
        }

        var trace = await charger.WaitUntilBootedAsync();
        var boots = trace.Cp("BootNotification");
        Assert.That(boots, Has.Count.EqualTo(2), trace.ToString());
        Assert.That(boots[1].Time - rejected.AnsweredAt!.Value, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(interval) - PeerClockSlack), "the second BootNotification waited for the interval");
        Assert.That(trace.CpCalls.Where(c => c.Index > boots[0].Index && c.Index < boots[1].Index), Is.Empty, "nothing is sent while Rejected");
        await AssertNoViolationsAsync();
    }
}
