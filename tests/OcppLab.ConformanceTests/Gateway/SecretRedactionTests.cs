using System.Text.Json.Nodes;
using OcppLab.ConformanceTests.Infrastructure;

namespace OcppLab.ConformanceTests.Gateway;

/// <summary>
/// Issue 9 item 6: a Basic-auth password the CSMS sets (1.6 <c>ChangeConfiguration AuthorizationKey</c>,
/// Security Whitepaper §3.1.3; 2.0.1 <c>SetVariables SecurityCtrlr.BasicAuthPassword</c>, A01.FR.01) was
/// stored verbatim in the frame log. The stored frame keeps its shape (valid JSON, the key named) with
/// the value replaced by <c>[redacted]</c>; the charger still applies the real value.
/// </summary>
public sealed class SecretRedactionTests : GatewayTest
{
    private const string Secret = "csms-set-secret-0123456789";

    [Test]
    public async Task ChangeConfiguration_AuthorizationKey_is_redacted_in_the_frame_log()
    {
        var charger = await NewChargerAsync(V16);
        await charger.CallExpectingStatusAsync("ChangeConfiguration", new { key = "AuthorizationKey", value = Secret }, "Accepted");
        await charger.CallExpectingStatusAsync("ChangeConfiguration", new { key = "HeartbeatInterval", value = "300" }, "Accepted");

        var call = await LoggedCallAsync(charger, "ChangeConfiguration", payload => payload["key"]?.GetValue<string>() == "AuthorizationKey");
        var untouched = await LoggedCallAsync(charger, "ChangeConfiguration", payload => payload["key"]?.GetValue<string>() == "HeartbeatInterval");

        Assert.Multiple(() =>
        {
            Assert.That(call["value"]!.GetValue<string>(), Is.EqualTo("[redacted]"));
            Assert.That(untouched["value"]!.GetValue<string>(), Is.EqualTo("300"), "other keys are logged as sent");
        });
        await AssertSecretNowhereAsync(charger);
        await AssertNoViolationsAsync();
    }

    [Test]
    public async Task SetVariables_BasicAuthPassword_is_redacted_and_the_other_variables_kept()
    {
        var charger = await NewChargerAsync(V201);
        var result = await charger.CallOkAsync("SetVariables", new JsonObject
        {
            ["setVariableData"] = new JsonArray(
                SimulatedCharger.SetVariable("OCPPCommCtrlr", "HeartbeatInterval", "300"),
                SimulatedCharger.SetVariable("SecurityCtrlr", "BasicAuthPassword", Secret)),
        });
        Assert.That(result["setVariableResult"]!.AsArray().Select(r => SimulatedCharger.Text(r, "attributeStatus")), Is.EqualTo(new[] { "Accepted", "Accepted" }));

        var call = await LoggedCallAsync(charger, "SetVariables", payload => payload["setVariableData"]!.AsArray().Count == 2);
        var data = call["setVariableData"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(data[0]!["attributeValue"]!.GetValue<string>(), Is.EqualTo("300"));
            Assert.That(data[1]!["attributeValue"]!.GetValue<string>(), Is.EqualTo("[redacted]"));
            Assert.That(data[1]!["variable"]!["name"]!.GetValue<string>(), Is.EqualTo("BasicAuthPassword"));
        });
        await AssertSecretNowhereAsync(charger);
        await AssertNoViolationsAsync();
    }

    /// <summary>The payload of the logged CSMS CALL of <paramref name="action"/> that matches, once the writer stored it.</summary>
    private static async Task<JsonObject> LoggedCallAsync(SimulatedCharger charger, string action, Func<JsonObject, bool> match)
    {
        var entries = await Eventually.UntilAsync(
            async () => (await charger.Api.GetAllLogsAsync(charger.Id)).Entries,
            logged => logged.Any(e => IsCall(e, action, match)),
            because: $"the {action} CALL is in the log");
        var message = entries.First(e => IsCall(e, action, match))["message"]!.GetValue<string>();
        return JsonNode.Parse(message)!.AsArray()[3]!.AsObject();
    }

    private static bool IsCall(JsonNode entry, string action, Func<JsonObject, bool> match) =>
        entry["action"]?.GetValue<string>() == action
        && entry["message_type"]?.GetValue<string>() == "call"
        && entry["direction"]?.GetValue<string>() == "csms_to_cp"
        && match(JsonNode.Parse(entry["message"]!.GetValue<string>())!.AsArray()[3]!.AsObject());

    private static async Task AssertSecretNowhereAsync(SimulatedCharger charger)
    {
        var (entries, _) = await charger.Api.GetAllLogsAsync(charger.Id);
        Assert.That(entries.Select(e => e["message"]!.GetValue<string>()), Has.None.Contains(Secret));
    }
}
