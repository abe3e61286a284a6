using System.Diagnostics;
using System.Text.Json.Nodes;
using OcppLab.FunctionalTests.Infrastructure;

namespace OcppLab.FunctionalTests.Commands;

/// <summary>§5 proxy-message: name and key conversion, schema validation, the CSMS's reply, its errors and timing.</summary>
public sealed class ProxyMessageTests : CommandTest
{
    private TestCsms? _csms;
    private TestCharger? _scripted;

    [TearDown]
    public async Task StopCsmsAsync()
    {
        if (_scripted is not null)
        {
            // Stopped first, so that it does not go on reconnecting to a CSMS that is gone.
            await StopChargerAsync(Client, _scripted);
        }

        if (_csms is not null)
        {
            await _csms.DisposeAsync();
        }
    }

    private async Task<(TestCsms Csms, TestCharger Charger)> ScriptedChargerAsync(string version)
    {
        _csms = await TestCsms.StartAsync();
        _scripted = await ConnectedChargerAsync(Client, version, _csms.Url());
        return (_csms, _scripted);
    }

    private Task<HttpResponseMessage> ProxyAsync(TestCharger charger, object evt) => PostCommandAsync("proxy-message", new { charger_id = charger.Id }, evt);

    [TestCase(V16, "meter_values", """{"connector_id":1,"meter_value":[{"timestamp":"2026-01-01T00:00:00Z","sampled_value":[{"value":"10","unit_of_measure":"x"}]}]}""", "MeterValues", """{"connectorId":1,"meterValue":[{"timestamp":"2026-01-01T00:00:00Z","sampledValue":[{"value":"10","unit_of_measure":"x"}]}]}""")]
    [TestCase(V16, "DataTransfer", """{"vendor_id":"OcppLab","message_id":"m-1","data":"x"}""", "DataTransfer", """{"vendorId":"OcppLab","messageId":"m-1","data":"x"}""")]
    [TestCase(V201, "authorize", """{"id_token":{"id_token":"TAG-PROXY","type":"ISO14443"}}""", "Authorize", """{"idToken":{"idToken":"TAG-PROXY","type":"ISO14443"}}""")]
    [TestCase(V201, "data_transfer", """{"vendorId":"OcppLab","message_id":"m-2"}""", "DataTransfer", """{"vendorId":"OcppLab","messageId":"m-2"}""")]
    public async Task Snake_case_actions_and_keys_are_sent_in_OCPP_spelling_and_the_CSMS_reply_comes_back(string version, string action, string payload, string ocppAction, string sent)
    {
        var charger = await ConnectedChargerAsync(version);
        var validate = ocppAction != "MeterValues";

        var response = await (await ProxyAsync(charger, new JsonObject
        {
            ["action"] = action,
            ["ocpp_version"] = charger.Is16 ? "ocpp1.6" : "OCPP2.0.1",
            ["payload"] = JsonNode.Parse(payload),
            ["validate"] = validate,
        })).ExpectJsonAsync(200);

        Assert.Multiple(() =>
        {
            Assert.That(response.Str("id"), Does.Match(CommandIdPattern()));
            Assert.That(response.Str("event_type"), Is.EqualTo("proxy_message"));
            Assert.That(response.Str("ocpp_version"), Is.EqualTo(charger.Is16 ? "ocpp1.6" : "ocpp2.0.1"));
            Assert.That(response["payload"]!.ToJsonString(), Is.EqualTo(sent), "the payload as sent");
            Assert.That(response["response"].Str("message_type"), Is.EqualTo("call_result"));
            Assert.That(response["response"]!["payload"], Is.InstanceOf<JsonObject>());
            Assert.That(response["latency_ms"]!.GetValue<double>(), Is.GreaterThanOrEqualTo(0).And.LessThan(10_000));
        });

        var call = await WaitForCallAsync(charger, ocppAction, c => c.Message.Contains(sent, StringComparison.Ordinal), "the proxied CALL");
        Assert.That(call.Message, Does.EndWith($"\"{ocppAction}\",{sent}]"), "the exact frame text");
        var (_, answer) = (await CallsAsync(charger, ocppAction)).Single(c => c.Call.MessageId == call.MessageId);
        Assert.That(answer!.Payload.ToJsonString(), Is.EqualTo(response["response"]!["payload"]!.ToJsonString()), "the reply is the CSMS's CALLRESULT payload");
    }

    [TestCase(V16, "StatusNotification", """{"connector_id":1,"status":"Dancing"}""", "errorCode")]
    [TestCase(V201, "status_notification", """{"evse_id":1,"connector_id":"one"}""", "connectorStatus")]
    [TestCase(V16, "Heartbeat", """{"extra":1}""", "extra")]
    public async Task A_payload_that_fails_the_schema_is_a_422_listing_the_errors_and_nothing_is_sent(string version, string action, string payload, string mentioned)
    {
        var charger = await ConnectedChargerAsync(version);

        var problem = await (await ProxyAsync(charger, new JsonObject { ["action"] = action, ["payload"] = JsonNode.Parse(payload) })).AssertValidationAsync("event.payload");

        var errors = problem.ErrorsOf("event.payload");
        Assert.That(string.Join('\n', errors), Does.Contain(mentioned), problem.ToJsonString());
        if (action == "StatusNotification")
        {
            Assert.That(errors, Has.Count.GreaterThanOrEqualTo(2), "every schema error is listed: " + problem.ToJsonString());
        }

        // A later proxied CALL is logged, the refused one never was.
        await (await ProxyAsync(charger, new { action = "Heartbeat", payload = new { } })).ExpectJsonAsync(200);
        await WaitForCallAsync(charger, "Heartbeat");
        var ocppAction = action == "status_notification" ? "StatusNotification" : action;
        Assert.That((await FramesAsync(charger, ocppAction)).Where(f => f.Message.Contains("Dancing") || f.Message.Contains("\"one\"") || f.Message.Contains("extra")), Is.Empty);
    }

    [TestCase(V16)]
    [TestCase(V201)]
    public async Task Validate_false_sends_an_invalid_payload_and_answers_with_the_CSMS_CALLERROR(string version)
    {
        var (csms, charger) = await ScriptedChargerAsync(version);
        var code = charger.Is16 ? "OccurenceConstraintViolation" : "OccurrenceConstraintViolation";
        csms.AnswerWithError("DataTransfer", code, "vendorId is required");

        var response = await (await ProxyAsync(charger, new { action = "data_transfer", payload = new { message_id = "no-vendor" }, validate = false })).ExpectJsonAsync(200);

        var reply = response["response"]!;
        Assert.Multiple(() =>
        {
            Assert.That(reply.Str("message_type"), Is.EqualTo("call_error"), response.ToJsonString());
            Assert.That(reply.Str("error_code"), Is.EqualTo(code));
            Assert.That(reply.Str("error_description"), Is.EqualTo("vendorId is required"));
            Assert.That(reply["payload"], Is.Null);
            Assert.That(response["payload"]!.ToJsonString(), Is.EqualTo("""{"messageId":"no-vendor"}"""));
            Assert.That(response["latency_ms"]!.GetValue<double>(), Is.GreaterThanOrEqualTo(0));
        });

        var frames = await Eventually.UntilAsync(() => FramesAsync(charger, "DataTransfer"), f => f.Count >= 2, Wait, "the CALL and its CALLERROR logged");
        Assert.That(frames[0].Message, Does.EndWith("""
            "DataTransfer",{"messageId":"no-vendor"}]
            """));
        Assert.That(frames[1].MessageType, Is.EqualTo("call_error"));
        Assert.That(frames[1].ErrorCode, Is.EqualTo(code));
        Assert.That(frames[1].MessageId, Is.EqualTo(frames[0].MessageId));
    }

    [Test]
    public async Task The_version_must_be_the_chargers_and_the_action_a_charge_point_one()
    {
        var charger = await ConnectedChargerAsync(V16);

        var mismatch = await (await ProxyAsync(charger, new { action = "Heartbeat", ocpp_version = "ocpp2.0.1", payload = new { } })).AssertValidationAsync("event.ocpp_version");
        Assert.That(mismatch.ErrorsOf("event.ocpp_version")[0], Does.Contain("ocpp1.6"));
        await (await ProxyAsync(charger, new { action = "Heartbeat", ocpp_version = "OCPP1.6", payload = new { } })).ExpectJsonAsync(200);
        await (await ProxyAsync(charger, new { action = "Heartbeat" })).ExpectJsonAsync(200);

        foreach (var action in new[] { "FlyToTheMoon", "TransactionEvent", "heart_beat_please", "RemoteStartTransaction", "GetConfiguration" })
        {
            await (await ProxyAsync(charger, new { action, payload = new { } })).AssertValidationAsync("event.action");
        }
    }

    [Test]
    public async Task A_charger_that_is_not_connected_is_a_409()
    {
        var charger = await ConnectedChargerAsync(V201);
        await StopChargerAsync(Client, charger);

        var problem = await (await ProxyAsync(charger, new { action = "Heartbeat", payload = new { } })).AssertProblemAsync(409);

        Assert.That(problem.Str("detail"), Does.Contain("stopped").Or.Contain("not connected"));
    }

    [TestCase(V16)]
    [TestCase(V201)]
    public async Task A_CSMS_that_does_not_answer_in_time_is_a_504_and_the_charger_goes_on(string version)
    {
        var (csms, charger) = await ScriptedChargerAsync(version);
        csms.NeverAnswer("DataTransfer");
        var clock = Stopwatch.StartNew();

        var problem = await (await ProxyAsync(charger, new { action = "DataTransfer", payload = new { vendor_id = "OcppLab" }, timeout_seconds = 1 })).AssertProblemAsync(504);

        Assert.That(clock.Elapsed, Is.InRange(TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(8)), "about timeout_seconds");
        Assert.That(problem.Str("detail"), Does.Contain("DataTransfer"));
        Assert.That(csms.Received("DataTransfer"), Is.True, "the CALL was sent");

        // The timed-out CALL no longer blocks the next one.
        var next = await (await ProxyAsync(charger, new { action = "Heartbeat", payload = new { } })).ExpectJsonAsync(200);
        Assert.That(next["response"].Str("message_type"), Is.EqualTo("call_result"));
    }

    [TestCase(V16)]
    [TestCase(V201)]
    public async Task A_proxied_CALL_waits_until_the_outstanding_CALL_is_answered(string version)
    {
        var (csms, charger) = await ScriptedChargerAsync(version);
        csms.Hold("Authorize");
        await QueuedAsync("authorize-id-tag", charger, new { id_tag = "TAG-HELD" });
        await Eventually.UntilAsync(() => Task.FromResult(csms.Received("Authorize")), Wait, "the Authorize reached the CSMS");

        var proxy = ProxyAsync(charger, new { action = "DataTransfer", payload = new { vendor_id = "OcppLab" } });

        // While the Authorize is unanswered the DataTransfer must not go out: watch for a while.
        var sentEarly = await WithinAsync(() => csms.Received("DataTransfer"), TimeSpan.FromSeconds(1));
        Assert.That(sentEarly, Is.False, "a second CALL went out while one was outstanding: " + string.Join(", ", csms.Journal));
        Assert.That(proxy.IsCompleted, Is.False, "the proxy waits for its own answer");

        await csms.ReleaseAsync("Authorize");
        var response = await (await proxy).ExpectJsonAsync(200);

        Assert.That(response["response"].Str("message_type"), Is.EqualTo("call_result"));
        var journal = csms.Journal.ToList();
        var authorizeId = journal.Single(j => j.StartsWith("call:Authorize:", StringComparison.Ordinal))["call:Authorize:".Length..];
        Assert.That(journal.IndexOf($"answer:{authorizeId}"), Is.LessThan(journal.FindIndex(j => j.StartsWith("call:DataTransfer:", StringComparison.Ordinal))), string.Join(", ", journal));
        Assert.That(response["latency_ms"]!.GetValue<double>(), Is.LessThan(1000), "latency counts from the proxied CALL's own send");
    }

    /// <summary>True as soon as <paramref name="condition"/> holds within <paramref name="window"/>; false if it never did.</summary>
    private static async Task<bool> WithinAsync(Func<bool> condition, TimeSpan window)
    {
        var until = DateTime.UtcNow + window;
        while (DateTime.UtcNow < until)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }

        return condition();
    }
}
