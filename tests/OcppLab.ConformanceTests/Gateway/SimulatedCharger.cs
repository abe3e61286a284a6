using System.Text.Json.Nodes;
using OcppLab.ConformanceTests.Infrastructure;
using OcppLab.ConformanceTests.Peer;

namespace OcppLab.ConformanceTests.Gateway;

/// <summary>
/// A charger the gateway runs, seen from both ends: its REST resource, and what the strict CSMS
/// recorded for its identity. Speaks the version's own words for configuration and remote control.
/// </summary>
public sealed class SimulatedCharger(StrictCsms csms, GatewayClient api, string identity, string id, string version, int connectors)
{
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(20);

    public StrictCsms Csms { get; } = csms;
    public GatewayClient Api { get; } = api;
    public string Identity { get; } = identity;
    public string Id { get; } = id;
    public string Version { get; } = version;
    public bool Is16 => Version == GatewayClient.Ocpp16;

    /// <summary>Connectors (1.6) or EVSEs (2.0.1) of the charger's model.</summary>
    public int Connectors { get; } = connectors;

    /// <summary>StatusNotifications after a boot or reconnect: 1.6 also reports connector 0.</summary>
    public int StatusNotificationsPerBoot => Is16 ? Connectors + 1 : Connectors;

    // ---- what the peer saw ---------------------------------------------------------------------

    public async Task<OcppTrace> TraceAsync() => new(await Csms.GetFramesAsync(Identity));

    public Task<OcppTrace> WaitForAsync(Func<OcppTrace, bool> done, string because, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(TraceAsync, done, timeout ?? DefaultWait, $"{Identity}: {because}");

    /// <summary>Waits for an answered CP CALL of <paramref name="action"/> after frame <paramref name="after"/> that matches.</summary>
    public async Task<TracedCall> WaitForCpCallAsync(string action, Func<TracedCall, bool>? match = null, int after = -1, TimeSpan? timeout = null)
    {
        bool Matches(TracedCall c) => c.Action == action && c.Index > after && c.Answer is not null && (match is null || match(c));
        var trace = await WaitForAsync(t => t.CpCalls.Any(Matches), $"an answered {action} after frame {after}", timeout);
        return trace.CpCalls.First(Matches);
    }

    public async Task<IReadOnlyList<PeerViolation>> ViolationsAsync() => await Csms.GetViolationsAsync(Identity);

    public async Task AssertNoViolationsAsync()
    {
        var violations = await ViolationsAsync();
        Assert.That(violations, Is.Empty, $"the strict CSMS flagged {Identity}:\n{string.Join('\n', violations)}");
    }

    public Task<PeerIdentity> PeerStateAsync() => Csms.GetIdentityAsync(Identity);

    // ---- the gateway's view ----------------------------------------------------------------------

    public Task<JsonNode> RuntimeAsync() => Api.GetRuntimeAsync(Id);

    public Task<JsonNode> WaitForRuntimeAsync(Func<JsonNode, bool> done, string because, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(RuntimeAsync, done, timeout ?? DefaultWait, $"{Identity} runtime: {because}");

    /// <summary>
    /// Waits until the last connection has an Accepted BootNotification followed by an answered
    /// StatusNotification for every connector, and the runtime says connected.
    /// </summary>
    public async Task<OcppTrace> WaitUntilBootedAsync(int? connection = null)
    {
        var trace = await WaitForAsync(t => IsBooted(t, connection ?? t.LastConnection), "an Accepted boot and a StatusNotification per connector");
        await WaitForRuntimeAsync(r => Text(r, "state") == "connected" && Text(r, "boot_status") == "Accepted", "connected and Accepted");
        return trace;
    }

    public bool IsBooted(OcppTrace trace, int connection)
    {
        var boot = trace.Cp("BootNotification").LastOrDefault(c => c.Connection == connection && c.Result?["status"]?.GetValue<string>() == "Accepted");
        return boot is not null && trace.Cp("StatusNotification").Count(c => c.Index > boot.Index && c.Result is not null) >= StatusNotificationsPerBoot;
    }

    // ---- CSMS calls ------------------------------------------------------------------------------

    public Task<PeerCallResult> CallAsync(string action, object? payload = null, TimeSpan? timeout = null, bool strict = true) =>
        Csms.CallAsync(Identity, action, payload, timeout ?? TimeSpan.FromSeconds(10), strict);

    /// <summary>Makes a CSMS call that must get a schema-valid CALLRESULT, and returns its payload.</summary>
    public async Task<JsonObject> CallOkAsync(string action, object? payload = null)
    {
        var result = await CallAsync(action, payload);
        Assert.That(result.Ok, Is.True, $"{action} {PeerJsonText(payload)} → {result}");
        return result.Result!.AsObject();
    }

    /// <summary>Calls and checks the answer's <c>status</c>.</summary>
    public async Task<JsonObject> CallExpectingStatusAsync(string action, object? payload, string status)
    {
        var result = await CallOkAsync(action, payload);
        Assert.That(Text(result, "status"), Is.EqualTo(status), $"{action} {PeerJsonText(payload)} → {result.ToJsonString()}");
        return result;
    }

    /// <summary>Sets a 1.6 configuration key or the 2.0.1 variable of the same behaviour; expects Accepted.</summary>
    public async Task ConfigureAsync(string key16, string component, string variable, string value, string? instance = null)
    {
        if (Is16)
        {
            await CallExpectingStatusAsync("ChangeConfiguration", new { key = key16, value }, "Accepted");
            return;
        }

        var result = await CallOkAsync("SetVariables", new JsonObject
        {
            ["setVariableData"] = new JsonArray(SetVariable(component, variable, value, instance)),
        });
        Assert.That(Text(result["setVariableResult"]![0], "attributeStatus"), Is.EqualTo("Accepted"), result.ToJsonString());
    }

    public static JsonObject SetVariable(string component, string variable, string value, string? instance = null)
    {
        var variableJson = new JsonObject { ["name"] = variable };
        if (instance is not null)
        {
            variableJson["instance"] = instance;
        }

        return new JsonObject { ["attributeValue"] = value, ["component"] = new JsonObject { ["name"] = component }, ["variable"] = variableJson };
    }

    /// <summary>Meter samples every <paramref name="seconds"/> during a transaction.</summary>
    public Task SetSampleIntervalAsync(int seconds) =>
        ConfigureAsync("MeterValueSampleInterval", "SampledDataCtrlr", "TxUpdatedInterval", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Whether a remote start is authorized with the CSMS first.</summary>
    public Task SetAuthorizeRemoteStartAsync(bool authorize) =>
        ConfigureAsync("AuthorizeRemoteTxRequests", "AuthCtrlr", "AuthorizeRemoteStart", authorize ? "true" : "false");

    /// <summary>RemoteStartTransaction / RequestStartTransaction on a connector (EVSE); expects Accepted.</summary>
    public Task RemoteStartAsync(int connector, string idTag, int remoteStartId = 1) =>
        CallRemoteStartAsync(connector, idTag, "Accepted", remoteStartId);

    /// <summary>RemoteStartTransaction / RequestStartTransaction in the version's words; expects <paramref name="status"/>.</summary>
    public Task<JsonObject> CallRemoteStartAsync(int connector, string idTag, string status, int remoteStartId = 1) =>
        Is16
            ? CallExpectingStatusAsync("RemoteStartTransaction", new { connectorId = connector, idTag }, status)
            : CallExpectingStatusAsync("RequestStartTransaction", new { idToken = new { idToken = idTag, type = "Central" }, remoteStartId, evseId = connector }, status);

    /// <summary>Waits for the answered start of a transaction after frame <paramref name="after"/> and returns the id the CSMS uses for it.</summary>
    public async Task<(string TransactionId, TracedCall Start)> WaitForTransactionStartAsync(int after = -1)
    {
        if (Is16)
        {
            var start = await WaitForCpCallAsync("StartTransaction", c => c.Result is not null, after);
            return (start.Result!["transactionId"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture), start);
        }

        var started = await WaitForCpCallAsync("TransactionEvent", c => c.Str("eventType") == "Started" && c.Result is not null, after);
        return (started.Payload["transactionInfo"]!["transactionId"]!.GetValue<string>(), started);
    }

    /// <summary>RemoteStopTransaction / RequestStopTransaction; expects Accepted.</summary>
    public Task RemoteStopAsync(string transactionId) => CallRemoteStopAsync(transactionId, "Accepted");

    /// <summary>RemoteStopTransaction (integer id) / RequestStopTransaction (string id); expects <paramref name="status"/>.</summary>
    public Task<JsonObject> CallRemoteStopAsync(string transactionId, string status) =>
        Is16
            ? CallExpectingStatusAsync("RemoteStopTransaction", new { transactionId = int.Parse(transactionId, System.Globalization.CultureInfo.InvariantCulture) }, status)
            : CallExpectingStatusAsync("RequestStopTransaction", new { transactionId }, status);

    /// <summary>ReserveNow in the version's words (1.6 connectorId/idTag/expiryDate; 2.0.1 evseId/idToken/expiryDateTime); expects <paramref name="status"/>.</summary>
    public Task<JsonObject> ReserveNowAsync(int reservationId, string idTag, string expiry, string status, int connector = 1) =>
        Is16
            ? CallExpectingStatusAsync("ReserveNow", new { connectorId = connector, expiryDate = expiry, idTag, reservationId }, status)
            : CallExpectingStatusAsync("ReserveNow", new { id = reservationId, expiryDateTime = expiry, idToken = new { idToken = idTag, type = "ISO14443" }, evseId = connector }, status);

    /// <summary>ChangeAvailability of a connector (EVSE), or of the whole charger when <paramref name="connector"/> is null (1.6: connectorId 0; 2.0.1: no evse).</summary>
    public Task<JsonObject> ChangeAvailabilityAsync(int? connector, bool operative, string status)
    {
        var type = operative ? "Operative" : "Inoperative";
        return Is16
            ? CallExpectingStatusAsync("ChangeAvailability", new { connectorId = connector ?? 0, type }, status)
            : CallExpectingStatusAsync("ChangeAvailability", connector is { } evse ? new { operationalStatus = type, evse = new { id = evse } } : new { operationalStatus = type }, status);
    }

    /// <summary>The connectors a StatusNotification reports: 1.6 also the charge point as connector 0, 2.0.1 EVSEs 1…n.</summary>
    public IEnumerable<int> ReportedConnectors => Is16 ? Enumerable.Range(0, Connectors + 1) : Enumerable.Range(1, Connectors);

    /// <summary>The local list's version (GetLocalListVersion: 1.6 listVersion, 2.0.1 versionNumber).</summary>
    public async Task<int> LocalListVersionAsync() =>
        (await CallOkAsync("GetLocalListVersion"))[Is16 ? "listVersion" : "versionNumber"]!.GetValue<int>();

    /// <summary>
    /// SendLocalList in the version's words (1.6 listVersion/idTag/idTagInfo, 2.0.1
    /// versionNumber/idToken/idTokenInfo); an entry without a status removes the tag. Expects <paramref name="status"/>.
    /// </summary>
    public Task<JsonObject> SendLocalListAsync(int listVersion, string updateType, string status, params (string Tag, string? Status)[] entries)
    {
        var list = new JsonArray(entries.Select(e => (JsonNode)(Is16
            ? Entry("idTag", e.Tag, "idTagInfo", e.Status)
            : Entry("idToken", new JsonObject { ["idToken"] = e.Tag, ["type"] = "ISO14443" }, "idTokenInfo", e.Status))).ToArray());
        var payload = new JsonObject { [Is16 ? "listVersion" : "versionNumber"] = listVersion, ["updateType"] = updateType };
        if (entries.Length > 0)
        {
            payload["localAuthorizationList"] = list;
        }

        return CallExpectingStatusAsync("SendLocalList", payload, status);

        static JsonObject Entry(string tagName, JsonNode tag, string infoName, string? tagStatus)
        {
            var entry = new JsonObject { [tagName] = tag };
            if (tagStatus is not null)
            {
                entry[infoName] = new JsonObject { ["status"] = tagStatus };
            }

            return entry;
        }
    }

    /// <summary>The Actual value of a 2.0.1 variable (GetVariables).</summary>
    public async Task<string?> GetVariableAsync(string component, string variable)
    {
        var result = await CallOkAsync("GetVariables", new JsonObject
        {
            ["getVariableData"] = new JsonArray(new JsonObject { ["component"] = new JsonObject { ["name"] = component }, ["variable"] = new JsonObject { ["name"] = variable } }),
        });
        return Text(result["getVariableResult"]![0], "attributeValue");
    }

    /// <summary>Starts a remote session on a connector (EVSE) and returns the CSMS's transaction id; in 1.6 also waits for Charging.</summary>
    public async Task<string> StartSessionAsync(int connector, string idTag)
    {
        var before = (await TraceAsync()).Frames.Count;
        await RemoteStartAsync(connector, idTag);
        var (transactionId, _) = await WaitForTransactionStartAsync(before);
        if (Is16)
        {
            await WaitForStatusAsync(connector, "Charging");
        }

        return transactionId;
    }

    /// <summary>A whole remote session on connector (EVSE) 1; returns whether an Authorize was sent for it.</summary>
    public async Task<bool> SessionAsync(string idTag)
    {
        var before = (await TraceAsync()).Frames.Count;
        var transactionId = await StartSessionAsync(1, idTag);
        await RemoteStopAsync(transactionId);
        await WaitForTransactionEndAsync(transactionId);
        var trace = await WaitForStatusAsync(1, "Available");
        return trace.Cp("Authorize").Any(a => a.Index > before);
    }

    /// <summary>
    /// TriggerMessage with <paramref name="payload"/>, expecting Accepted; waits for the triggered
    /// <paramref name="action"/> and asserts it comes after the TriggerMessage response (1.6 §5.17, F06.FR.04).
    /// </summary>
    public async Task<TracedCall> TriggerAsync(object payload, string action)
    {
        await CallExpectingStatusAsync("TriggerMessage", payload, "Accepted");
        var trigger = (await TraceAsync()).Csms("TriggerMessage")[^1];
        var sent = await WaitForCpCallAsync(action, after: trigger.Index);
        Assert.That(sent.Index, Is.GreaterThan(trigger.AnswerIndex), "the triggered message comes after the TriggerMessage response");
        return sent;
    }

    /// <summary>After the heartbeat interval was set to 1 s: the next two heartbeats come about a second apart.</summary>
    public async Task AssertHeartbeatsAboutASecondApartAsync()
    {
        var changed = (await TraceAsync()).Frames.Count;
        var trace = await WaitForAsync(t => t.Cp("Heartbeat").Count(h => h.Index > changed && h.Answer is not null) >= 2, "two heartbeats at the new interval", TimeSpan.FromSeconds(10));
        var heartbeats = trace.Cp("Heartbeat").Where(h => h.Index > changed).ToList();
        Assert.That(heartbeats[1].Time - heartbeats[0].Time, Is.InRange(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(3)), "about a second apart, not 300 s (the peer's receive times carry loopback jitter)");
    }

    /// <summary>Waits for the answered end of a transaction (StopTransaction / TransactionEvent Ended).</summary>
    public Task<TracedCall> WaitForTransactionEndAsync(string transactionId, int after = -1) =>
        Is16
            ? WaitForCpCallAsync("StopTransaction", c => c.Int("transactionId")?.ToString(System.Globalization.CultureInfo.InvariantCulture) == transactionId, after)
            : WaitForCpCallAsync("TransactionEvent", c => c.Str("eventType") == "Ended" && c.Payload["transactionInfo"]?["transactionId"]?.GetValue<string>() == transactionId, after);

    /// <summary>The connector's status as the last StatusNotification said (2.0.1: by EVSE id).</summary>
    public static string? LastStatus(OcppTrace trace, int connector, bool is16) =>
        trace.Cp("StatusNotification").LastOrDefault(c => is16 ? c.Int("connectorId") == connector : c.Int("evseId") == connector) is { } last
            ? last.Str(is16 ? "status" : "connectorStatus")
            : null;

    public async Task<string?> LastStatusAsync(int connector) => LastStatus(await TraceAsync(), connector, Is16);

    /// <summary>The last StatusNotification of a connector (2.0.1: by EVSE id).</summary>
    public TracedCall LastStatusNotification(OcppTrace trace, int connector) =>
        trace.Cp("StatusNotification").Last(c => Is16 ? c.Int("connectorId") == connector : c.Int("evseId") == connector);

    /// <summary>Waits until the last StatusNotification of a connector says <paramref name="status"/> (and was answered).</summary>
    public Task<OcppTrace> WaitForStatusAsync(int connector, string status, TimeSpan? timeout = null) =>
        WaitForAsync(
            t => LastStatus(t, connector, Is16) == status && LastStatusNotification(t, connector).Answer is not null,
            $"connector {connector} {status}",
            timeout);

    public static string? Text(JsonNode? node, string property) =>
        node?[property] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string PeerJsonText(object? payload) => payload switch
    {
        null => "{}",
        JsonNode node => node.ToJsonString(),
        _ => System.Text.Json.JsonSerializer.Serialize(payload),
    };

    public override string ToString() => $"{Identity} ({Id}, {Version})";
}
