using System.Text.Json.Nodes;

namespace OcppLab.ConformanceTests.Gateway;

/// <summary>
/// What a charge point answers to calls it cannot take (checklist 7): an unknown action is
/// NotImplemented, a malformed call a payload error of the negotiated version's table, a known but
/// unsupported action NotSupported — and none of it disturbs the session.
/// </summary>
public sealed class ErrorHandlingTests : GatewayTest
{
    /// <summary>The CALLERROR codes that say "this payload is wrong", spelled as each version's table spells them.</summary>
    private static readonly Dictionary<string, string[]> PayloadErrorCodes = new()
    {
        [V16] = ["FormationViolation", "PropertyConstraintViolation", "OccurenceConstraintViolation", "TypeConstraintViolation", "ProtocolError"],
        [V201] = ["FormatViolation", "PropertyConstraintViolation", "OccurrenceConstraintViolation", "TypeConstraintViolation", "ProtocolError"],
    };

    private static readonly Dictionary<string, (string Action, string Payload)[]> InvalidCalls = new()
    {
        [V16] =
        [
            ("RemoteStartTransaction", """{"connectorId":1}"""),
            ("ChangeConfiguration", """{"key":5,"value":"1"}"""),
            ("ChangeAvailability", """{"connectorId":1,"type":"Sideways"}"""),
            ("GetConfiguration", """{"key":"HeartbeatInterval"}"""),
            ("Reset", """{"type":"Soft","when":"now"}"""),
            ("ChangeConfiguration", """{"key":"HeartbeatInterval","value":"1","extra":true}"""),
        ],
        [V201] =
        [
            ("GetVariables", """{}"""),
            ("SetVariables", """{"setVariableData":[]}"""),
            ("RequestStartTransaction", """{"idToken":{"idToken":"TAG","type":"Nope"},"remoteStartId":1}"""),
            ("Reset", """{"type":"Immediate","when":"now"}"""),
            ("GetVariables", """{"getVariableData":"HeartbeatInterval"}"""),
            ("ChangeAvailability", """{"operationalStatus":"Operative","evse":{"id":"one"}}"""),
        ],
    };

    [TestCase(V16)]
    [TestCase(V201)]
    public async Task An_unknown_action_is_answered_NotImplemented(string version)
    {
        var charger = await NewChargerAsync(version);

        foreach (var action in new[] { "FooBarAction", "getconfiguration" })
        {
            var result = await charger.CallAsync(action, new JsonObject(), strict: false);
            Assert.That(result.Error?.Code, Is.EqualTo("NotImplemented"), $"{action}: {result}");
            Assert.That(result.Error!.Details is JsonObject, Is.True, "errorDetails is an object");
        }

        await AssertSessionStillServesAsync(charger);
        await AssertNoViolationsAsync();
    }

    [TestCase(V16)]
    [TestCase(V201)]
    public async Task A_schema_invalid_call_is_answered_with_a_payload_error_code_of_the_version(string version)
    {
        var charger = await NewChargerAsync(version);

        foreach (var (action, payload) in InvalidCalls[version])
        {
            var result = await charger.CallAsync(action, JsonNode.Parse(payload), strict: false);
            Assert.That(result.Ok, Is.False, $"{action} {payload} must not be accepted: {result}");
            Assert.That(result.Error?.Code, Is.AnyOf(PayloadErrorCodes[version]), $"{action} {payload}: {result}");
            Assert.That(result.Error!.Description, Is.Not.Null, "errorDescription is a string");
        }

        // Nothing of it was applied.
        var trace = await charger.TraceAsync();
        Assert.That(trace.CpCalls.Where(c => c.Action is "StartTransaction" or "TransactionEvent" or "BootNotification").ToList(), Has.Count.EqualTo(1), "no transaction, no reboot");
        await AssertSessionStillServesAsync(charger);
        await AssertNoViolationsAsync();
    }

    [TestCase(V16, "ExtendedTriggerMessage", """{"requestedMessage":"Heartbeat"}""")]
    [TestCase(V16, "GetLog", """{"logType":"DiagnosticsLog","requestId":1,"log":{"remoteLocation":"ftp://logs.example.test/"}}""")]
    [TestCase(V201, "SetDisplayMessage", """{"message":{"id":1,"priority":"NormalCycle","message":{"format":"UTF8","content":"Hello"}}}""")]
    [TestCase(V201, "CustomerInformation", """{"requestId":1,"report":true,"clear":false}""")]
    public async Task A_known_but_unsupported_action_is_answered_NotSupported(string version, string action, string payload)
    {
        var charger = await NewChargerAsync(version);

        var result = await charger.CallAsync(action, JsonNode.Parse(payload));
        Assert.That(result.Error?.Code, Is.EqualTo("NotSupported"), result.ToString());

        await AssertSessionStillServesAsync(charger);
        await AssertNoViolationsAsync();
    }

    /// <summary>The same connection still answers, and the runtime still says connected.</summary>
    private static async Task AssertSessionStillServesAsync(SimulatedCharger charger)
    {
        if (charger.Is16)
        {
            await charger.CallOkAsync("GetConfiguration", new { key = new[] { "HeartbeatInterval" } });
        }
        else
        {
            await charger.CallOkAsync("GetVariables", new { getVariableData = new[] { new { component = new { name = "OCPPCommCtrlr" }, variable = new { name = "HeartbeatInterval" } } } });
        }

        await charger.CallExpectingStatusAsync("TriggerMessage", new { requestedMessage = "Heartbeat" }, "Accepted");
        await charger.WaitForCpCallAsync("Heartbeat");
        var peer = await charger.PeerStateAsync();
        Assert.That((peer.Connected, peer.Connections), Is.EqualTo((true, 1)), "the session survived on its first connection");
        var runtime = await charger.RuntimeAsync();
        Assert.That(SimulatedCharger.Text(runtime, "state"), Is.EqualTo("connected"));
    }
}
