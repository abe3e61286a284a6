using System.Globalization;
using System.Text.Json.Nodes;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Commands;

/// <summary>
/// §5 commands that drive the car side and transactions, on both versions: each test checks the
/// state the API shows (runtime.connectors) and the frames the charger sent (its logs).
/// </summary>
public sealed class SessionCommandTests : CommandTest
{
    private const string IdTag = "TAG-CMD-0001";

    [TestCase(V16)]
    [TestCase(V201)]
    public async Task Plug_then_unplug_reports_the_status_change_to_the_CSMS(string version)
    {
        var charger = await ConnectedChargerAsync(version);

        var plug = await QueuedAsync("plug-connector", charger, charger.Connector(2));
        Assert.That(plug["payload"]!.ToJsonString(), Is.EqualTo(charger.Connector(2).ToJsonString()), "the payload echoes the event");
        await WaitForStatusAsync(charger, charger.Plugged, index: 2);
        var plugged = await WaitForStatusFrameAsync(charger, charger.Plugged, index: 2);
        Assert.That(ConnectorOf(await RuntimeAsync(charger), 1)["status"]!.GetValue<string>(), Is.EqualTo("Available"), "connector 1 is untouched");
        if (charger.Is16)
        {
            Assert.That(plugged.Str("errorCode"), Is.EqualTo("NoError"));
        }

        await QueuedAsync("unplug-connector", charger, charger.Connector(2));
        await WaitForStatusAsync(charger, "Available", index: 2);
        await WaitForStatusFrameAsync(charger, "Available", index: 2, after: plugged.Timestamp);
    }

    [TestCase(V16)]
    [TestCase(V201)]
    public async Task Unplugging_during_a_transaction_ends_it_as_the_EV_side_would(string version)
    {
        var charger = await ConnectedChargerAsync(version);
        await QueuedAsync("plug-connector", charger, charger.Connector());
        await QueuedAsync("start-transaction", charger, new JsonObject { ["connector_id"] = 1, ["id_tag"] = IdTag });
        var transactionId = await WaitForTransactionAsync(charger);

        await QueuedAsync("unplug-connector", charger, charger.Connector());

        var stop = await WaitForStopAsync(charger);
        Assert.That(StopTransactionId(charger, stop), Is.EqualTo(transactionId));
        if (charger.Is16)
        {
            Assert.That(stop.Str("reason"), Is.EqualTo("EVDisconnected"), stop.ToString());
        }
        else
        {
            // TC_E_20_CS: the EV side disconnects — EVCommunicationLost, chargingState Idle, EVDisconnected.
            Assert.That(stop.Str("triggerReason"), Is.EqualTo("EVCommunicationLost"), stop.ToString());
            Assert.That(stop.Payload["transactionInfo"]!["chargingState"]!.GetValue<string>(), Is.EqualTo("Idle"), "the cable is gone");
            Assert.That(stop.Payload["transactionInfo"]!["stoppedReason"]!.GetValue<string>(), Is.EqualTo("EVDisconnected"));
        }

        await WaitForConnectorAsync(charger, c => Text(c, "status") == "Available" && Text(c, "transaction_id") is null, "Available without a transaction");
        var after = await FramesAsync(charger, "StatusNotification");
        var statuses = after.Where(f => f.IsCall && f.Timestamp >= stop.Timestamp).Select(f => charger.Is16 ? f.Str("status") : f.Str("connectorStatus")).ToList();
        Assert.That(statuses, Is.EqualTo(new[] { "Available" }), "straight to Available, no transient Preparing/Finishing");
    }

    [TestCase(V16)]
    [TestCase(V201)]
    public async Task A_session_authorizes_starts_samples_and_stops_itself_at_its_duration_then_the_car_leaves(string version)
    {
        var charger = await ConnectedChargerAsync(version);
        await SetSampleIntervalAsync(charger, 1);

        var queued = await QueuedAsync("start-session", charger, Merge(charger.Connector(), new JsonObject { ["id_tag"] = IdTag, ["duration_seconds"] = 3 }));
        Assert.That(queued["payload"]!["duration_seconds"]!.GetValue<int>(), Is.EqualTo(3));

        var authorize = await WaitForCallAsync(charger, "Authorize");
        Assert.That(charger.Is16 ? authorize.Str("idTag") : authorize.Payload["idToken"]!["idToken"]!.GetValue<string>(), Is.EqualTo(IdTag));
        var transactionId = await WaitForTransactionAsync(charger);
        var start = await StartCallAsync(charger);
        Assert.That(start.Timestamp, Is.GreaterThanOrEqualTo(authorize.Timestamp), "Authorize comes first");

        // Meter values every second while it runs, then the stop at the duration.
        var samples = await WaitForSamplesAsync(charger, 2);
        var stop = await WaitForStopAsync(charger);
        Assert.Multiple(() =>
        {
            Assert.That(samples, Has.Count.GreaterThanOrEqualTo(2));
            Assert.That(StopTransactionId(charger, stop), Is.EqualTo(transactionId));
            Assert.That(stop.Timestamp - start.Timestamp, Is.InRange(TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(8)), "stopped at about 3 s");
        });
        if (charger.Is16)
        {
            // 1.6 has no time-limit reason: Other.
            Assert.That(stop.Str("reason"), Is.EqualTo("Other"), stop.ToString());
        }
        else
        {
            Assert.That(stop.Str("triggerReason"), Is.EqualTo("TimeLimitReached"), stop.ToString());
            Assert.That(stop.Payload["transactionInfo"]!["stoppedReason"]!.GetValue<string>(), Is.EqualTo("TimeLimitReached"));
        }

        // The simulated driver takes the cable back: Available, and no transaction.
        var connector = await WaitForConnectorAsync(charger, c => Text(c, "status") == "Available" && Text(c, "transaction_id") is null, "Available without a transaction");
        Assert.That(connector["transaction_id"], Is.Null);
        await WaitForStatusFrameAsync(charger, "Available", after: stop.Timestamp);
    }

    [TestCase(V16)]
    [TestCase(V201)]
    public async Task A_session_stops_itself_at_its_target_energy(string version)
    {
        var charger = await ConnectedChargerAsync(version);

        await QueuedAsync("start-session", charger, Merge(charger.Connector(), new JsonObject { ["id_tag"] = IdTag, ["target_energy_kwh"] = 0.05 }));

        await WaitForTransactionAsync(charger);
        var start = await StartCallAsync(charger);
        var stop = await WaitForStopAsync(charger);
        if (charger.Is16)
        {
            var delivered = stop.Int("meterStop")!.Value - start.Int("meterStart")!.Value;
            Assert.That(delivered, Is.InRange(49, 51), "50 Wh delivered: " + stop);
            Assert.That(stop.Str("reason"), Is.EqualTo("Other"), stop.ToString());
        }
        else
        {
            Assert.That(stop.Str("triggerReason"), Is.EqualTo("EnergyLimitReached"), stop.ToString());
            Assert.That(stop.Payload["transactionInfo"]!["stoppedReason"]!.GetValue<string>(), Is.EqualTo("EnergyLimitReached"));
            var delivered = Energy201(stop) - Energy201(start);
            Assert.That(delivered, Is.InRange(49, 51), "50 Wh delivered: " + stop);
        }

        await WaitForConnectorAsync(charger, c => Text(c, "status") == "Available" && Text(c, "transaction_id") is null, "Available without a transaction");
    }

    [TestCase(V16)]
    [TestCase(V201)]
    public async Task Stop_session_ends_the_transaction_and_unplugs_the_car(string version)
    {
        var charger = await ConnectedChargerAsync(version);
        await QueuedAsync("start-session", charger, Merge(charger.Connector(), new JsonObject { ["id_tag"] = IdTag }));
        var transactionId = await WaitForTransactionAsync(charger);
        await WaitForStatusAsync(charger, charger.Is16 ? "Charging" : "Occupied");

        await QueuedAsync("stop-session", charger, charger.Connector());

        var stop = await WaitForStopAsync(charger);
        Assert.That(StopTransactionId(charger, stop), Is.EqualTo(transactionId));
        if (charger.Is16)
        {
            Assert.That(stop.Payload.ContainsKey("reason"), Is.False, "a normal local stop leaves the reason out: " + stop);
        }
        else
        {
            Assert.That(stop.Str("triggerReason"), Is.EqualTo("StopAuthorized"), stop.ToString());
        }

        await WaitForConnectorAsync(charger, c => Text(c, "status") == "Available" && Text(c, "transaction_id") is null, "Available without a transaction");
        await WaitForStatusFrameAsync(charger, "Available", after: stop.Timestamp);
    }

    [TestCase(V16)]
    [TestCase(V201)]
    public async Task Start_and_stop_transaction_are_raw_without_Authorize_and_stop_with_the_reason_given(string version)
    {
        var charger = await ConnectedChargerAsync(version);

        var start = await QueuedAsync("start-transaction", charger, new JsonObject { ["connector_id"] = 1, ["id_tag"] = IdTag });
        Assert.That(start["payload"]!["id_tag"]!.GetValue<string>(), Is.EqualTo(IdTag));
        var transactionId = await WaitForTransactionAsync(charger);
        var started = await StartCallAsync(charger);
        if (charger.Is16)
        {
            Assert.Multiple(() =>
            {
                Assert.That(started.Str("idTag"), Is.EqualTo(IdTag));
                Assert.That(started.Int("connectorId"), Is.EqualTo(1));
            });
        }
        else
        {
            Assert.That(started.Payload["idToken"]!["idToken"]!.GetValue<string>(), Is.EqualTo(IdTag));
            Assert.That(started.Payload["transactionInfo"]!["transactionId"]!.GetValue<string>(), Is.EqualTo(transactionId));
        }

        await QueuedAsync("stop-transaction", charger, new JsonObject { ["connector_id"] = 1, ["reason"] = "EmergencyStop" });

        var stop = await WaitForStopAsync(charger);
        Assert.That(StopTransactionId(charger, stop), Is.EqualTo(transactionId));
        Assert.That(charger.Is16 ? stop.Str("reason") : stop.Payload["transactionInfo"]!["stoppedReason"]!.GetValue<string>(), Is.EqualTo("EmergencyStop"));

        // The cable is still in: Finishing (1.6) / Occupied (2.0.1), no transaction.
        await WaitForConnectorAsync(charger, c => Text(c, "transaction_id") is null && Text(c, "status") == (charger.Is16 ? "Finishing" : "Occupied"), "no transaction, cable in");
        Assert.That(await CallsAsync(charger, "Authorize"), Is.Empty, "a raw start sends no Authorize");
    }

    [TestCase(V16)]
    [TestCase(V201)]
    public async Task Authorize_id_tag_sends_an_Authorize_and_logs_the_CSMS_answer(string version)
    {
        var charger = await ConnectedChargerAsync(version);

        await QueuedAsync("authorize-id-tag", charger, new { id_tag = "TAG-AUTH-1" });

        var authorize = await WaitForCallAsync(charger, "Authorize");
        var (_, answer) = (await CallsAsync(charger, "Authorize")).Single();
        Assert.Multiple(() =>
        {
            Assert.That(charger.Is16 ? authorize.Str("idTag") : authorize.Payload["idToken"]!["idToken"]!.GetValue<string>(), Is.EqualTo("TAG-AUTH-1"));
            Assert.That(answer!.MessageType, Is.EqualTo("call_result"));
            Assert.That(answer.Direction, Is.EqualTo("csms_to_cp"));
            Assert.That(answer.Action, Is.EqualTo("Authorize"), "the answer carries the action of its CALL");
            Assert.That(answer.Payload[charger.Is16 ? "idTagInfo" : "idTokenInfo"]!["status"]!.GetValue<string>(), Is.EqualTo("Accepted"));
        });
        if (!charger.Is16)
        {
            Assert.That(authorize.Payload["idToken"]!["type"]!.GetValue<string>(), Is.EqualTo("ISO14443"));
        }
    }

    [TestCase(V16)]
    [TestCase(V201)]
    public async Task Unlock_connector_ends_a_running_transaction(string version)
    {
        var charger = await ConnectedChargerAsync(version);
        await QueuedAsync("start-transaction", charger, new JsonObject { ["connector_id"] = 1, ["id_tag"] = IdTag });
        var transactionId = await WaitForTransactionAsync(charger);

        await QueuedAsync("unlock-connector", charger, charger.Connector());

        var stop = await WaitForStopAsync(charger);
        Assert.That(StopTransactionId(charger, stop), Is.EqualTo(transactionId));
        if (charger.Is16)
        {
            Assert.That(stop.Str("reason"), Is.EqualTo("UnlockCommand"), stop.ToString());
        }
        else
        {
            Assert.That(stop.Str("triggerReason"), Is.EqualTo("UnlockCommand"), stop.ToString());
        }

        await WaitForConnectorAsync(charger, c => Text(c, "transaction_id") is null, "no transaction");
    }

    [TestCase(V16)]
    [TestCase(V201)]
    public async Task Ev_stops_energy_suspends_the_transaction_and_ev_requests_energy_resumes_it(string version)
    {
        var charger = await ConnectedChargerAsync(version);
        await QueuedAsync("start-session", charger, Merge(charger.Connector(), new JsonObject { ["id_tag"] = IdTag }));
        await WaitForTransactionAsync(charger);
        var charging = charger.Is16 ? await WaitForStatusFrameAsync(charger, "Charging") : await WaitForChargingStateAsync(charger, "Charging");

        await QueuedAsync("ev-stops-energy", charger, charger.Connector());

        if (charger.Is16)
        {
            await WaitForStatusAsync(charger, "SuspendedEV");
            var suspended = await WaitForStatusFrameAsync(charger, "SuspendedEV", after: charging.Timestamp);
            await QueuedAsync("ev-requests-energy", charger, charger.Connector());
            await WaitForStatusAsync(charger, "Charging");
            await WaitForStatusFrameAsync(charger, "Charging", after: suspended.Timestamp);
        }
        else
        {
            var suspended = await WaitForChargingStateAsync(charger, "SuspendedEV", after: charging.Timestamp);
            Assert.That((await ConnectorAsync(charger))["status"]!.GetValue<string>(), Is.EqualTo("Occupied"));
            await QueuedAsync("ev-requests-energy", charger, charger.Connector());
            await WaitForChargingStateAsync(charger, "Charging", after: suspended.Timestamp);
        }
    }

    [TestCase(V16)]
    [TestCase(V201)]
    public async Task Power_update_caps_the_power_that_meter_values_report(string version)
    {
        var charger = await ConnectedChargerAsync(version);
        await SetSampleIntervalAsync(charger, 1);
        await QueuedAsync("start-session", charger, Merge(charger.Connector(), new JsonObject { ["id_tag"] = IdTag }));
        await WaitForTransactionAsync(charger);
        var before = await WaitForSamplesAsync(charger, 1);
        Assert.That(Power(charger, before[^1]), Is.GreaterThan(20_000), "a DC car draws far more than 20 kW before the update");

        var update = await QueuedAsync("power-update", charger, Merge(charger.Connector(), new JsonObject { ["power_w"] = 20_000 }));
        Assert.That(update["payload"]!["power_w"]!.GetValue<double>(), Is.EqualTo(20_000));

        var after = await WaitForSamplesAsync(charger, before.Count + 2);
        Assert.That(Power(charger, after[^1]), Is.EqualTo(20_000), after[^1].ToString());
        var energy = after.Skip(before.Count).Select(s => charger.Is16 ? Energy16(s) : Energy201(s)).ToList();
        Assert.That(energy[^1] - energy[^2], Is.InRange(3, 8), "one second at 20 kW is about 5.6 Wh");
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static JsonObject Merge(JsonObject a, JsonObject b)
    {
        foreach (var (key, value) in b)
        {
            a[key] = value?.DeepClone();
        }

        return a;
    }

    /// <summary>Waits for a transaction on connector 1 in the runtime; returns its id as the CSMS knows it.</summary>
    private async Task<string> WaitForTransactionAsync(TestCharger charger) =>
        Text(await WaitForConnectorAsync(charger, c => Text(c, "transaction_id") is not null, "a transaction"), "transaction_id")!;

    private async Task<LoggedFrame> StartCallAsync(TestCharger charger) => charger.Is16
        ? await WaitForCallAsync(charger, "StartTransaction")
        : await WaitForCallAsync(charger, "TransactionEvent", e => e.Str("eventType") == "Started");

    private Task<LoggedFrame> WaitForStopAsync(TestCharger charger) => charger.Is16
        ? WaitForCallAsync(charger, "StopTransaction")
        : WaitForCallAsync(charger, "TransactionEvent", e => e.Str("eventType") == "Ended");

    private static string StopTransactionId(TestCharger charger, LoggedFrame stop) => charger.Is16
        ? stop.Int("transactionId")!.Value.ToString(CultureInfo.InvariantCulture)
        : stop.Payload["transactionInfo"]!["transactionId"]!.GetValue<string>();

    private Task<LoggedFrame> WaitForChargingStateAsync(TestCharger charger, string state, DateTimeOffset? after = null) =>
        WaitForCallAsync(
            charger,
            "TransactionEvent",
            e => e.Payload["transactionInfo"]?["chargingState"]?.GetValue<string>() == state && (after is null || e.Timestamp >= after),
            $"chargingState {state}");

    /// <summary>The periodic samples so far (1.6 MeterValues, 2.0.1 TransactionEvent Updated MeterValuePeriodic), once there are at least <paramref name="count"/>.</summary>
    private Task<IReadOnlyList<LoggedFrame>> WaitForSamplesAsync(TestCharger charger, int count) => charger.Is16
        ? WaitForCallsAsync(charger, "MeterValues", calls => calls.Count >= count, $"{count} samples")
        : FilterAsync(WaitForCallsAsync(charger, "TransactionEvent", calls => calls.Count(IsPeriodic) >= count, $"{count} periodic samples"));

    private static async Task<IReadOnlyList<LoggedFrame>> FilterAsync(Task<IReadOnlyList<LoggedFrame>> calls) => (await calls).Where(IsPeriodic).ToList();

    private static bool IsPeriodic(LoggedFrame e) => e.Str("triggerReason") == "MeterValuePeriodic";

    private static JsonNode Sample(LoggedFrame frame, string measurand) =>
        frame.Payload["meterValue"]![0]!["sampledValue"]!.AsArray().First(s => (Text(s, "measurand") ?? "Energy.Active.Import.Register") == measurand)!;

    private static double Power(TestCharger charger, LoggedFrame frame) => charger.Is16
        ? double.Parse(Sample(frame, "Power.Active.Import")["value"]!.GetValue<string>(), CultureInfo.InvariantCulture)
        : Sample(frame, "Power.Active.Import")["value"]!.GetValue<double>();

    private static double Energy16(LoggedFrame frame) =>
        double.Parse(Sample(frame, "Energy.Active.Import.Register")["value"]!.GetValue<string>(), CultureInfo.InvariantCulture);

    private static double Energy201(LoggedFrame frame) => Sample(frame, "Energy.Active.Import.Register")["value"]!.GetValue<double>();
}
