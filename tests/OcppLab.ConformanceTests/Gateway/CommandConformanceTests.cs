using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OcppLab.ConformanceTests.Infrastructure;
using OcppLab.ConformanceTests.Peer;

namespace OcppLab.ConformanceTests.Gateway;

/// <summary>
/// Issue #5 against the independent strict CSMS: what the simulator commands and the message
/// proxy make a charger send must pass the peer with zero violations; an invalid payload sent on
/// purpose (validate false) is the one expected violation.
/// </summary>
public sealed class CommandConformanceTests : GatewayTest
{
    private const string IdTag = "TAG-CMD-CONF";

    [TestCase(V16)]
    [TestCase(V201)]
    public async Task A_session_started_and_stopped_by_commands_is_conformant(string version)
    {
        var charger = await NewChargerAsync(version);
        var interval = await PostAsync("configuration", charger, new JsonObject
        {
            ["configuration"] = new JsonArray(new JsonObject { ["key"] = charger.Is16 ? "MeterValueSampleInterval" : "SampledDataCtrlr.TxUpdatedInterval", ["value"] = "1" }),
        });
        Assert.That(SimulatedCharger.Text(interval, "status"), Is.EqualTo("Accepted"), interval.ToJsonString());
        var before = (await charger.TraceAsync()).Frames.Count - 1;

        var started = await PostAsync("start-session", charger, new JsonObject { ["id_tag"] = IdTag, ["connector_id"] = 1 }, 202);
        Assert.That(started["queued_count"]!.GetValue<int>(), Is.EqualTo(1), started.ToJsonString());
        var (transactionId, start) = await charger.WaitForTransactionStartAsync(before);
        await charger.WaitForAsync(t => TransactionTests.Periodic(t, charger.Is16).Count >= 2, "two periodic meter samples");

        var stopped = await PostAsync("stop-session", charger, new JsonObject { ["connector_id"] = 1 }, 202);
        Assert.That(stopped["queued_count"]!.GetValue<int>(), Is.EqualTo(1), stopped.ToJsonString());
        var stop = await charger.WaitForTransactionEndAsync(transactionId, before);
        var trace = await charger.WaitForStatusAsync(1, "Available");

        var authorize = trace.Cp("Authorize").Single(c => c.Index > before);
        Assert.Multiple(() =>
        {
            Assert.That(charger.Is16 ? authorize.Str("idTag") : authorize.Payload["idToken"]?["idToken"]?.GetValue<string>(), Is.EqualTo(IdTag));
            Assert.That(authorize.Index, Is.LessThan(start.Index), "Authorize before the start");
            Assert.That(TransactionTests.Periodic(trace, charger.Is16).Where(p => p.Index > start.Index && p.Index < stop.Index).Count(), Is.GreaterThanOrEqualTo(2));
            Assert.That(trace.Cp("StatusNotification").Last(c => charger.Is16 ? c.Int("connectorId") == 1 : c.Int("evseId") == 1).Index, Is.GreaterThan(stop.Index));
        });
        await charger.WaitForRuntimeAsync(
            r => r["connectors"]!.AsArray().All(c => SimulatedCharger.Text(c, "transaction_id") is null && SimulatedCharger.Text(c, "status") == "Available"),
            "no transaction, every connector Available");
        await AssertNoViolationsAsync();
    }

    [Test]
    public async Task E07_FR_02_stop_session_on_201_ends_with_StopAuthorized_and_the_idToken_of_the_session()
    {
        var charger = await NewChargerAsync(V201);
        var before = (await charger.TraceAsync()).Frames.Count - 1;
        await PostAsync("start-session", charger, new JsonObject { ["id_tag"] = IdTag, ["connector_id"] = 1 }, 202);
        var (transactionId, start) = await charger.WaitForTransactionStartAsync(before);

        await PostAsync("stop-session", charger, new JsonObject { ["connector_id"] = 1 }, 202);
        var stop = await charger.WaitForTransactionEndAsync(transactionId, before);

        Assert.Multiple(() =>
        {
            Assert.That(start.Payload["idToken"]?["idToken"]?.GetValue<string>(), Is.EqualTo(IdTag), "E03.FR.01: the Started event");
            Assert.That(stop.Str("eventType"), Is.EqualTo("Ended"));
            Assert.That(stop.Str("triggerReason"), Is.EqualTo("StopAuthorized"));
            Assert.That(stop.Payload["idToken"]?["idToken"]?.GetValue<string>(), Is.EqualTo(IdTag), "E07.FR.02: the driver ended the authorization");
            Assert.That(stop.Payload["idToken"]?["type"]?.GetValue<string>(), Is.EqualTo(start.Payload["idToken"]?["type"]?.GetValue<string>()));
        });
        await AssertNoViolationsAsync();
    }

    [TestCase(V16, "data_transfer", """{"vendor_id":"OcppLab","message_id":"conf","data":"hello"}""")]
    [TestCase(V201, "data_transfer", """{"vendor_id":"OcppLab","message_id":"conf","data":"hello"}""")]
    [TestCase(V201, "Authorize", """{"idToken":{"idToken":"TAG-PROXY","type":"ISO14443"}}""")]
    public async Task A_proxied_valid_message_is_conformant_and_answered(string version, string action, string payload)
    {
        var charger = await NewChargerAsync(version);

        var response = await PostAsync("proxy-message", charger, new JsonObject { ["action"] = action, ["payload"] = JsonNode.Parse(payload) });

        Assert.That(response["response"]!["message_type"]!.GetValue<string>(), Is.EqualTo("call_result"), response.ToJsonString());
        var ocppAction = action == "data_transfer" ? "DataTransfer" : action;
        var call = await charger.WaitForCpCallAsync(ocppAction);
        Assert.That(call.Payload.ToJsonString(), Is.EqualTo(response["payload"]!.ToJsonString()), "the peer got the payload the gateway says it sent");
        Assert.That(call.Result!.ToJsonString(), Is.EqualTo(response["response"]!["payload"]!.ToJsonString()));
        await AssertNoViolationsAsync();
    }

    [TestCase(V16)]
    [TestCase(V201)]
    public async Task An_invalid_payload_is_refused_when_validating_and_delivered_as_is_when_not(string version)
    {
        // Not through NewChargerAsync: this charger's one violation is expected, the base class would fail the test for it.
        var identity = $"CT-INV-{(version == V16 ? "16" : "201")}-{Guid.NewGuid():N}";
        await Csms.ConfigureIdentityAsync(identity, new IdentityConfig());
        var id = await Api.CreateChargerAsync(identity, version, Csms.WsBase);
        await Api.WaitUntilReadyAsync(id);
        var charger = new SimulatedCharger(Csms, Api, identity, id, version, (await Api.GetChargerAsync(id))["number_of_connectors"]!.GetValue<int>());
        try
        {
            await charger.WaitUntilBootedAsync();
            var invalid = new JsonObject { ["action"] = "DataTransfer", ["payload"] = new JsonObject { ["message_id"] = "no-vendor" } };

            using (var refused = await Api.Http.PostAsJsonAsync("/ocpp/commands/proxy-message", Body(charger, invalid)))
            {
                Assert.That((int)refused.StatusCode, Is.EqualTo(422), await refused.Content.ReadAsStringAsync());
                Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("vendorId"));
            }

            invalid["validate"] = false;
            var delivered = await PostAsync("proxy-message", charger, invalid);

            var reply = delivered["response"]!;
            Assert.That(reply["message_type"]!.GetValue<string>(), Is.EqualTo("call_error"), delivered.ToJsonString());
            var code = reply["error_code"]!.GetValue<string>();
            Assert.That(code, Is.AnyOf("OccurenceConstraintViolation", "OccurrenceConstraintViolation", "FormationViolation", "FormatViolation", "ProtocolError", "TypeConstraintViolation", "PropertyConstraintViolation"), "a payload error code");
            var calls = (await charger.TraceAsync()).Cp("DataTransfer");
            Assert.That(calls, Has.Count.EqualTo(1), "the refused one never went out, the unvalidated one did");
            Assert.That(calls[0].Payload.ToJsonString(), Is.EqualTo("""{"messageId":"no-vendor"}"""));
            Assert.That(calls[0].ErrorCode, Is.EqualTo(code), "the gateway answers with the peer's CALLERROR");

            var violations = await charger.ViolationsAsync();
            Assert.That(violations.Select(v => v.Kind), Is.EqualTo(new[] { ViolationKind.SchemaCall }), string.Join('\n', violations));
            Assert.That(violations[0].Frame, Does.Contain("no-vendor"));
        }
        finally
        {
            using var stop = await Api.Http.PostAsync(new Uri($"/ocpp/chargers/{id}/stop-charger", UriKind.Relative), null);
        }

        // Stopping adds nothing more.
        Assert.That((await charger.ViolationsAsync()).Select(v => v.Kind), Is.EqualTo(new[] { ViolationKind.SchemaCall }));
    }

    private static JsonObject Body(SimulatedCharger charger, JsonObject evt) =>
        new() { ["target"] = new JsonObject { ["charger_id"] = charger.Id }, ["event"] = evt.DeepClone() };

    private async Task<JsonObject> PostAsync(string command, SimulatedCharger charger, JsonObject evt, int status = 200)
    {
        using var response = await Api.Http.PostAsJsonAsync($"/ocpp/commands/{command}", Body(charger, evt));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(status), $"{command}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }
}
