using System.Globalization;
using OcppLab.ConformanceTests.Infrastructure;
using OcppLab.ConformanceTests.Peer;

namespace OcppLab.ConformanceTests.Gateway;

/// <summary>
/// How CALLs get through (protocol §2.2): one outstanding CALL, so an unanswered one holds the next
/// until it times out while CSMS calls are still answered; transaction messages that failed are
/// retried after interval × attempts with the same content, and nothing of the transaction overtakes them.
/// </summary>
public sealed class DeliveryTests : GatewayTest
{
    [TestCase(V16)]
    [TestCase(V201)]
    public async Task An_unanswered_CALL_holds_the_next_one_until_it_times_out_while_CSMS_calls_are_still_answered(string version)
    {
        var charger = await NewChargerAsync(version);
        await charger.Csms.OverrideResponseAsync(charger.Identity, "Heartbeat", ResponseOverride.NoAnswer());

        await charger.CallExpectingStatusAsync("TriggerMessage", new { requestedMessage = "Heartbeat" }, "Accepted");
        var heartbeat = await WaitForCallAsync(charger, "Heartbeat");

        // Meanwhile the CSMS is served, and asks for another message.
        if (charger.Is16)
        {
            await charger.CallOkAsync("GetConfiguration", new { key = new[] { "HeartbeatInterval" } });
            await charger.CallExpectingStatusAsync("TriggerMessage", new { requestedMessage = "StatusNotification", connectorId = 1 }, "Accepted");
        }
        else
        {
            await charger.CallOkAsync("GetVariables", new { getVariableData = new[] { new { component = new { name = "OCPPCommCtrlr" }, variable = new { name = "HeartbeatInterval" } } } });
            await charger.CallExpectingStatusAsync("TriggerMessage", new { requestedMessage = "StatusNotification", evse = new { id = 1, connectorId = 1 } }, "Accepted");
        }

        // The heartbeat left after the peer sent its TriggerMessage, so the time-out cannot end before that + CallTimeout
        // (less the few ms a loaded machine may put between the peer's write and its time stamp).
        var status = await charger.WaitForCpCallAsync("StatusNotification", after: heartbeat.Index);
        var trigger = (await charger.TraceAsync()).Csms("TriggerMessage")[0];
        Assert.That(
            status.Time - trigger.Time,
            Is.GreaterThanOrEqualTo(ConformanceGateway.CallTimeout - TimeSpan.FromMilliseconds(100)),
            "the next CALL waits for the unanswered one to time out (Ocpp:CallTimeout)");
        var trace = await charger.TraceAsync();
        Assert.That(trace.CsmsCalls.Where(c => c.Index > heartbeat.Index && c.Index < status.Index).Select(c => c.Answer is not null), Is.All.True, "CSMS calls answered while waiting");
        await AssertNoViolationsAsync();
    }

    [TestCase(V16)]
    [TestCase(V201)]
    public async Task A_transaction_message_answered_with_a_CALLERROR_is_retried_with_the_same_content_and_nothing_overtakes_it(string version)
    {
        var charger = await NewChargerAsync(version);
        await SetRetriesAsync(charger, attempts: 5, intervalSeconds: 1);
        await charger.SetSampleIntervalAsync(1);
        var action = charger.Is16 ? "MeterValues" : "TransactionEvent";

        await charger.RemoteStartAsync(1, "TAG-RETRY", remoteStartId: 9);
        var (transactionId, _) = await charger.WaitForTransactionStartAsync();
        await charger.Csms.OverrideResponseAsync(charger.Identity, action, ResponseOverride.WithError("InternalError", "try again later"));
        var refusing = (await charger.TraceAsync()).Frames.Count;

        // Two refused attempts of the same message, then the CSMS takes it again.
        var trace = await charger.WaitForAsync(t => t.Cp(action).Count(c => c.Index > refusing && c.ErrorCode is not null) >= 2, "two refused attempts");
        await charger.Csms.ClearOverrideAsync(charger.Identity, action);
        var refused = trace.Cp(action).Where(c => c.Index > refusing && c.ErrorCode is not null).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(refused[1].Payload.ToJsonString(), Is.EqualTo(refused[0].Payload.ToJsonString()), "a retry sends the same content");
            Assert.That(refused[1].Id, Is.Not.EqualTo(refused[0].Id), "under a new message id");
            Assert.That(refused[1].Time - refused[0].AnsweredAt!.Value, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900)), "after interval × attempts (1 s × 1)");
        });

        trace = await charger.WaitForAsync(
            t => t.Cp(action).Any(c => c.Result is not null && c.Payload.ToJsonString() == refused[0].Payload.ToJsonString())
                && TransactionTests.Periodic(t, charger.Is16).Count(p => p.Index > refusing && p.Result is not null) >= 3,
            "the refused message delivered, and the samples after it");

        // In order: the transaction's messages that got through carry strictly increasing samples.
        var delivered = TransactionTests.Periodic(trace, charger.Is16).Where(p => p.Result is not null).ToList();
        var stamps = delivered.Select(p => DateTimeOffset.Parse(p.Payload["meterValue"]![0]!["timestamp"]!.GetValue<string>(), CultureInfo.InvariantCulture)).ToList();
        Assert.That(stamps, Is.Ordered.And.Unique, "no sample overtook the retried one");
        if (!charger.Is16)
        {
            var events = trace.Cp("TransactionEvent").Where(e => e.Result is not null).ToList();
            Assert.That(events.Select(e => e.Int("seqNo")), Is.EqualTo(Enumerable.Range(0, events.Count).Select(i => (int?)i)), "consecutive seqNo");
        }

        await charger.RemoteStopAsync(transactionId);
        await charger.WaitForTransactionEndAsync(transactionId);
        await AssertNoViolationsAsync();
    }

    [Test]
    public async Task When_StartTransaction_never_gets_through_the_transactions_later_messages_use_transactionId_minus_1()
    {
        var charger = await NewChargerAsync(V16);
        await SetRetriesAsync(charger, attempts: 2, intervalSeconds: 1);
        await charger.SetSampleIntervalAsync(1);
        await charger.Csms.OverrideResponseAsync(charger.Identity, "StartTransaction", ResponseOverride.WithError("InternalError", "no transactions today"));

        await charger.RemoteStartAsync(1, "TAG-LOST");
        var trace = await charger.WaitForAsync(t => t.Cp("StartTransaction").Count(s => s.ErrorCode is not null) >= 2, "both attempts refused");
        Assert.That(trace.Cp("StartTransaction"), Has.Count.EqualTo(2), "TransactionMessageAttempts = 2");

        // 1.6 errata: a transaction whose start never got through is reported with transactionId -1.
        trace = await charger.WaitForAsync(t => t.Cp("MeterValues").Count(m => m.Result is not null) >= 2, "meter values after the lost start");
        Assert.That(trace.Cp("MeterValues").Select(m => m.Int("transactionId")), Is.All.EqualTo(-1));

        await charger.CallExpectingStatusAsync("UnlockConnector", new { connectorId = 1 }, "Unlocked");
        var stop = await charger.WaitForCpCallAsync("StopTransaction");
        Assert.That(stop.Int("transactionId"), Is.EqualTo(-1));
        Assert.That(stop.Str("reason"), Is.EqualTo("UnlockCommand"));
        await AssertNoViolationsAsync();
    }

    private static async Task SetRetriesAsync(SimulatedCharger charger, int attempts, int intervalSeconds)
    {
        var a = attempts.ToString(CultureInfo.InvariantCulture);
        var i = intervalSeconds.ToString(CultureInfo.InvariantCulture);
        await charger.ConfigureAsync("TransactionMessageAttempts", "OCPPCommCtrlr", "MessageAttempts", a, "TransactionEvent");
        await charger.ConfigureAsync("TransactionMessageRetryInterval", "OCPPCommCtrlr", "MessageAttemptInterval", i, "TransactionEvent");
    }

    /// <summary>Waits for a CP CALL that was sent (answered or not).</summary>
    private static async Task<TracedCall> WaitForCallAsync(SimulatedCharger charger, string action)
    {
        var trace = await charger.WaitForAsync(t => t.Cp(action).Count > 0, $"a {action}");
        return trace.Cp(action)[0];
    }
}
