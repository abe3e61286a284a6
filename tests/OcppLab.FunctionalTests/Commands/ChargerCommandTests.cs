using System.Text.Json.Nodes;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Commands;

/// <summary>
/// §5 single-target commands (200 with a result) on both versions: faults, configuration, the
/// authorization cache and the local authorization list.
/// </summary>
public sealed class ChargerCommandTests : CommandTest
{
    [TestCase(V16, "GroundFailure")]
    [TestCase(V201, "GroundFailure")]
    [TestCase(V16, "OverCurrentFailure")]
    [TestCase(V201, "OverCurrentFailure")]
    public async Task Inject_fault_ends_the_running_transaction_and_faults_the_connector_then_clear_fault_makes_it_Available(string version, string fault)
    {
        var charger = await ConnectedChargerAsync(version);
        await QueuedAsync("start-session", charger, With(charger.Connector(), "id_tag", "TAG-FAULT"));
        var transactionId = Text(await WaitForConnectorAsync(charger, c => Text(c, "transaction_id") is not null, "a transaction"), "transaction_id");

        var injected = await SingleAsync("inject-fault", charger, With(charger.Connector(), "fault_type", fault));

        Assert.Multiple(() =>
        {
            Assert.That(injected.Str("status"), Is.EqualTo("Faulted"), injected.ToJsonString());
            Assert.That(injected.Str("fault_type"), Is.EqualTo(fault));
            Assert.That(injected["evse_id"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(injected["connector_id"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(injected.Str("msg"), Is.Not.Empty);
        });
        var connector = await WaitForConnectorAsync(charger, c => Text(c, "status") == "Faulted" && Text(c, "transaction_id") is null, "Faulted without a transaction");
        Assert.That(connector["transaction_id"], Is.Null);

        var stop = charger.Is16
            ? await WaitForCallAsync(charger, "StopTransaction")
            : await WaitForCallAsync(charger, "TransactionEvent", e => e.Str("eventType") == "Ended");
        if (charger.Is16)
        {
            Assert.That(stop.Int("transactionId")!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(transactionId));
            Assert.That(stop.Str("reason"), Is.EqualTo("Other"), stop.ToString());
        }
        else
        {
            Assert.That(stop.Payload["transactionInfo"]!["transactionId"]!.GetValue<string>(), Is.EqualTo(transactionId));
            Assert.That(stop.Str("triggerReason"), Is.EqualTo("AbnormalCondition"), stop.ToString());
            Assert.That(stop.Payload["transactionInfo"]!["stoppedReason"]!.GetValue<string>(), Is.EqualTo(fault == "GroundFailure" ? "GroundFault" : "OvercurrentFault"));
        }

        var faulted = await WaitForStatusFrameAsync(charger, "Faulted");
        if (charger.Is16)
        {
            Assert.That(faulted.Str("errorCode"), Is.EqualTo(fault), "1.6 reports the error code with the status");
        }

        // A faulted connector takes no new session.
        Assert.That(await FailedAsync("start-session", charger, With(charger.Connector(), "id_tag", "TAG-FAULT")), Does.Contain("Faulted"));

        var cleared = await SingleAsync("clear-fault", charger, charger.Connector());
        Assert.Multiple(() =>
        {
            Assert.That(cleared.Str("fault_type"), Is.EqualTo(fault), cleared.ToJsonString());
            Assert.That(cleared["evse_id"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(cleared["connector_id"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(cleared.Str("msg"), Is.Not.Empty);
        });
        await WaitForStatusAsync(charger, "Available");
        var available = await WaitForStatusFrameAsync(charger, "Available", after: faulted.Timestamp);
        if (charger.Is16)
        {
            Assert.That(available.Str("errorCode"), Is.EqualTo("NoError"));
        }
    }

    [TestCase(V16)]
    [TestCase(V201)]
    public async Task Inject_fault_on_an_idle_connector_and_clearing_it(string version)
    {
        var charger = await ConnectedChargerAsync(version);

        var injected = await SingleAsync("inject-fault", charger, With(charger.Connector(2), "fault_type", "HighTemperature"));

        Assert.That(injected.Str("status"), Is.EqualTo("Faulted"));
        Assert.That(injected["evse_id"]!.GetValue<int>(), Is.EqualTo(2));
        await WaitForStatusAsync(charger, "Faulted", index: 2);
        var faulted = await WaitForStatusFrameAsync(charger, "Faulted", index: 2);
        if (charger.Is16)
        {
            Assert.That(faulted.Str("errorCode"), Is.EqualTo("HighTemperature"));
        }

        var cleared = await SingleAsync("clear-fault", charger, charger.Connector(2));
        Assert.That(cleared.Str("status"), Is.EqualTo("Available"), cleared.ToJsonString());
        Assert.That(cleared.Str("fault_type"), Is.EqualTo("HighTemperature"));
        await WaitForStatusAsync(charger, "Available", index: 2);
        await WaitForStatusFrameAsync(charger, "Available", index: 2, after: faulted.Timestamp);
    }

    [TestCase(V16)]
    [TestCase(V201)]
    public async Task Configuration_answers_each_key_Accepted_Rejected_RebootRequired_or_NotSupported(string version)
    {
        var charger = await ConnectedChargerAsync(version);
        var keys = charger.Is16
            ? new[] { ("MeterValueSampleInterval", "5"), ("NumberOfConnectors", "4"), ("HeartbeatInterval", "not-a-number"), ("WebSocketPingInterval", "0"), ("NoSuchKey", "1") }
            : new[] { ("SampledDataCtrlr.TxUpdatedInterval", "5"), ("OCPPCommCtrlr.MessageTimeout.Default", "10"), ("OCPPCommCtrlr.HeartbeatInterval", "0"), ("OCPPCommCtrlr.WebSocketPingInterval", "0"), ("NoSuchCtrlr.NoSuchVariable", "1") };

        var result = await SingleAsync("configuration", charger, new { configuration = keys.Select(k => new { key = k.Item1, value = k.Item2 }) });

        Assert.Multiple(() =>
        {
            Assert.That(result["results"]!.AsArray().Select(r => (r.Str("key"), r.Str("status"))), Is.EqualTo(new[]
            {
                (keys[0].Item1, "Accepted"), (keys[1].Item1, "Rejected"), (keys[2].Item1, "Rejected"), (keys[3].Item1, "RebootRequired"), (keys[4].Item1, "NotSupported"),
            }), result.ToJsonString());
            Assert.That(result["configured"]!.GetValue<int>(), Is.EqualTo(2), "Accepted and RebootRequired count as configured");
            Assert.That(result.Str("status"), Is.Not.EqualTo("Accepted").And.Not.EqualTo("Rejected"), "a mixed answer is neither all Accepted nor all Rejected");
        });

        // Everything accepted: Accepted; nothing: Rejected.
        var accepted = await SingleAsync("configuration", charger, new { configuration = new[] { new { key = keys[0].Item1, value = "7" } } });
        Assert.That(accepted.Str("status"), Is.EqualTo("Accepted"));
        var rejected = await SingleAsync("configuration", charger, new { configuration = new[] { new { key = keys[4].Item1, value = "7" } } });
        Assert.That(rejected.Str("status"), Is.EqualTo("Rejected"));
        Assert.That(rejected["configured"]!.GetValue<int>(), Is.Zero);
    }

    [TestCase(V16)]
    [TestCase(V201)]
    public async Task Configuration_takes_effect_a_sample_interval_of_one_second_gives_meter_values_every_second(string version)
    {
        var charger = await ConnectedChargerAsync(version);
        await SetSampleIntervalAsync(charger, 1);
        await QueuedAsync("start-transaction", charger, new { connector_id = 1, id_tag = "TAG-MV" });

        var samples = charger.Is16
            ? await WaitForCallsAsync(charger, "MeterValues", c => c.Count >= 3, "three samples")
            : (await WaitForCallsAsync(charger, "TransactionEvent", c => c.Count(e => e.Str("triggerReason") == "MeterValuePeriodic") >= 3, "three periodic samples"))
                .Where(e => e.Str("triggerReason") == "MeterValuePeriodic").ToList();

        for (var i = 1; i < samples.Count; i++)
        {
            Assert.That(samples[i].Timestamp - samples[i - 1].Timestamp, Is.InRange(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2)), $"gap before sample {i}");
        }
    }

    [TestCase(V16)]
    [TestCase(V201)]
    public async Task Cache_reset_clears_the_authorizations_the_charger_cached(string version)
    {
        var charger = await ConnectedChargerAsync(version);
        await QueuedAsync("authorize-id-tag", charger, new { id_tag = "TAG-CACHE-1" });
        await QueuedAsync("authorize-id-tag", charger, new { id_tag = "TAG-CACHE-2" });
        await WaitForCallsAsync(charger, "Authorize", calls => calls.Count >= 2, "two answered");

        var reset = await SingleAsync("cache/reset", charger);

        Assert.That(reset["cleared_entries"]!.GetValue<int>(), Is.EqualTo(2), reset.ToJsonString());
        Assert.That(reset.Str("msg"), Is.Not.Empty);
        var again = await SingleAsync("cache/reset", charger);
        Assert.That(again["cleared_entries"]!.GetValue<int>(), Is.Zero);
    }

    [TestCase(V16)]
    [TestCase(V201)]
    public async Task Local_auth_list_versions_must_grow_and_clearing_it_goes_back_to_version_0(string version)
    {
        var charger = await ConnectedChargerAsync(version);
        object List(int listVersion, string updateType, params string[] tags) => new
        {
            list_version = listVersion,
            update_type = updateType,
            entries = tags.Select(t => new { id_tag = t, status = "Accepted", expiry_date = "2099-01-01T00:00:00Z" }),
        };

        var full = await SingleAsync("local-auth-list", charger, List(3, "Full", "TAG-L1", "TAG-L2"));
        Assert.Multiple(() =>
        {
            Assert.That(full.Str("status"), Is.EqualTo("Accepted"), full.ToJsonString());
            Assert.That(full["list_version"]!.GetValue<int>(), Is.EqualTo(3));
            Assert.That(full["entries_received"]!.GetValue<int>(), Is.EqualTo(2));
        });

        // The same or a lower version is refused.
        foreach (var stale in new[] { 3, 2 })
        {
            var problem = await (await PostCommandAsync("local-auth-list", new { charger_id = charger.Id }, List(stale, "Differential", "TAG-L3"))).AssertValidationAsync("event.list_version");
            Assert.That(problem.ErrorsOf("event.list_version")[0], Does.Contain("3"), "names the current version");
        }

        var differential = await SingleAsync("local-auth-list", charger, List(4, "Differential", "TAG-L3"));
        Assert.That(differential["list_version"]!.GetValue<int>(), Is.EqualTo(4));
        Assert.That(differential["entries_received"]!.GetValue<int>(), Is.EqualTo(1));

        var cleared = await SingleAsync("clear-local-auth-list", charger);
        Assert.That(cleared["entries_deleted"]!.GetValue<int>(), Is.EqualTo(3), cleared.ToJsonString());
        Assert.That(cleared.Str("msg"), Is.Not.Empty);

        // Version 0 again: version 1 is accepted now.
        var restart = await SingleAsync("local-auth-list", charger, List(1, "Full"));
        Assert.That(restart["list_version"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(restart["entries_received"]!.GetValue<int>(), Is.Zero);
        var clearedAgain = await SingleAsync("clear-local-auth-list", charger);
        Assert.That(clearedAgain["entries_deleted"]!.GetValue<int>(), Is.Zero);
    }

    private static JsonObject With(JsonObject e, string key, JsonNode value)
    {
        e[key] = value;
        return e;
    }
}
