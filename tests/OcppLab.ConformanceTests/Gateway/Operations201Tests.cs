using System.Text.Json.Nodes;
using OcppLab.ConformanceTests.Infrastructure;

namespace OcppLab.ConformanceTests.Gateway;

/// <summary>
/// Every CSMS-initiated OCPP 2.0.1 operation the runtime implements: a schema-valid CALLRESULT (the
/// strict CSMS checks it) that says what the model did, and the effect that follows.
/// </summary>
public sealed class Operations201Tests : GatewayTest
{
    [Test]
    public async Task GetVariables_answers_each_variable_with_its_own_status()
    {
        var charger = await NewChargerAsync(V201);

        var result = await charger.CallOkAsync("GetVariables", new JsonObject
        {
            ["getVariableData"] = new JsonArray(
                Get("OCPPCommCtrlr", "HeartbeatInterval"),
                Get("OCPPCommCtrlr", "NoSuchVariable"),
                Get("NoSuchComponent", "Anything"),
                Get("SecurityCtrlr", "BasicAuthPassword"),
                Get("OCPPCommCtrlr", "HeartbeatInterval", attributeType: "Target"),
                Get("ChargingStation", "Model"),
                Get("OCPPCommCtrlr", "MessageTimeout", instance: "Default")),
        });

        var results = result["getVariableResult"]!.AsArray();
        Assert.That(results.Select(r => SimulatedCharger.Text(r, "attributeStatus")), Is.EqualTo(new[]
        {
            "Accepted", "UnknownVariable", "UnknownComponent", "Rejected", "NotSupportedAttributeType", "Accepted", "Accepted",
        }));
        Assert.Multiple(() =>
        {
            Assert.That(SimulatedCharger.Text(results[0], "attributeValue"), Is.EqualTo("300"), "the interval of the accepted boot");
            Assert.That(results[3]!["attributeValue"], Is.Null, "a write-only variable is never read back");
            Assert.That(SimulatedCharger.Text(results[5], "attributeValue"), Is.EqualTo("Terra 184"));
            Assert.That(results[6]!["variable"]!["instance"]!.GetValue<string>(), Is.EqualTo("Default"));
            Assert.That(results.Select(r => r!["component"]!["name"]!.GetValue<string>()), Is.EqualTo(new[]
            {
                "OCPPCommCtrlr", "OCPPCommCtrlr", "NoSuchComponent", "SecurityCtrlr", "OCPPCommCtrlr", "ChargingStation", "OCPPCommCtrlr",
            }), "each result names the variable it answers");
        });
        await AssertNoViolationsAsync();
    }

    [Test]
    public async Task SetVariables_answers_each_variable_and_applies_the_accepted_ones()
    {
        var charger = await NewChargerAsync(V201);

        var result = await charger.CallOkAsync("SetVariables", new JsonObject
        {
            ["setVariableData"] = new JsonArray(
                SimulatedCharger.SetVariable("OCPPCommCtrlr", "WebSocketPingInterval", "30"),
                SimulatedCharger.SetVariable("ChargingStation", "Model", "Other"),
                SimulatedCharger.SetVariable("OCPPCommCtrlr", "NoSuchVariable", "1"),
                SimulatedCharger.SetVariable("NoSuchComponent", "Anything", "1"),
                SimulatedCharger.SetVariable("OCPPCommCtrlr", "HeartbeatInterval", "soon"),
                SimulatedCharger.SetVariable("OCPPCommCtrlr", "HeartbeatInterval", "1")),
        });
        Assert.That(result["setVariableResult"]!.AsArray().Select(r => SimulatedCharger.Text(r, "attributeStatus")), Is.EqualTo(new[]
        {
            "RebootRequired", "Rejected", "UnknownVariable", "UnknownComponent", "Rejected", "Accepted",
        }));

        var read = await charger.CallOkAsync("GetVariables", new JsonObject
        {
            ["getVariableData"] = new JsonArray(Get("OCPPCommCtrlr", "HeartbeatInterval"), Get("OCPPCommCtrlr", "WebSocketPingInterval"), Get("ChargingStation", "Model")),
        });
        Assert.That(read["getVariableResult"]!.AsArray().Select(r => SimulatedCharger.Text(r, "attributeValue")), Is.EqualTo(new[] { "1", "30", "Terra 184" }));

        // The new heartbeat interval applies at once.
        await charger.AssertHeartbeatsAboutASecondApartAsync();
        await AssertNoViolationsAsync();
    }

    [TestCase("FullInventory")]
    [TestCase("ConfigurationInventory")]
    [TestCase("SummaryInventory")]
    public async Task GetBaseReport_is_followed_by_NotifyReport_pages_of_that_request(string reportBase)
    {
        var charger = await NewChargerAsync(V201);

        await charger.CallExpectingStatusAsync("GetBaseReport", new { requestId = 31, reportBase }, "Accepted");
        var request = (await charger.TraceAsync()).Csms("GetBaseReport").Single();
        var trace = await charger.WaitForAsync(t => Pages(t, 31).Any(p => p.Payload["tbc"]?.GetValue<bool>() != true), "the last NotifyReport page");
        var pages = Pages(trace, 31);

        Assert.Multiple(() =>
        {
            Assert.That(pages.Select(p => p.Int("seqNo")), Is.EqualTo(Enumerable.Range(0, pages.Count).Select(i => (int?)i)), "seqNo 0, 1, …");
            Assert.That(pages.Take(pages.Count - 1).Select(p => p.Payload["tbc"]?.GetValue<bool>()), Is.All.True, "tbc on all pages but the last");
            Assert.That(pages.Select(p => p.Index), Is.All.GreaterThan(request.AnswerIndex), "the report follows the response");
        });

        var data = pages.SelectMany(p => p.Payload["reportData"]!.AsArray()).ToList();
        var names = data.Select(d => $"{d!["component"]!["name"]}.{d["variable"]!["name"]}").ToList();
        var mutabilities = data.Select(d => SimulatedCharger.Text(d!["variableAttribute"]![0], "mutability")).ToList();
        switch (reportBase)
        {
            case "FullInventory":
                Assert.That(names, Is.SupersetOf(new[] { "OCPPCommCtrlr.HeartbeatInterval", "ChargingStation.Model", "SampledDataCtrlr.TxUpdatedInterval" }));
                Assert.That(data.Single(d => $"{d!["component"]!["name"]}.{d["variable"]!["name"]}" == "ChargingStation.Model")!["variableAttribute"]![0]!["value"]!.GetValue<string>(), Is.EqualTo("Terra 184"));
                break;
            case "ConfigurationInventory":
                Assert.That(names, Does.Contain("OCPPCommCtrlr.HeartbeatInterval"));
                Assert.That(mutabilities, Has.None.EqualTo("ReadOnly"), "configuration: the variables the CSMS can set");
                break;
            default:
                Assert.That(names, Is.Not.Empty);
                break;
        }

        await AssertNoViolationsAsync();
    }

    [Test]
    public async Task GetReport_reports_the_requested_variables_or_EmptyResultSet()
    {
        var charger = await NewChargerAsync(V201);

        await charger.CallExpectingStatusAsync("GetReport", new
        {
            requestId = 41,
            componentVariable = new[] { new { component = new { name = "OCPPCommCtrlr" }, variable = new { name = "HeartbeatInterval" } } },
        }, "Accepted");
        var trace = await charger.WaitForAsync(t => Pages(t, 41).Any(p => p.Payload["tbc"]?.GetValue<bool>() != true), "the NotifyReport of request 41");
        var data = Pages(trace, 41).SelectMany(p => p.Payload["reportData"]!.AsArray()).ToList();
        Assert.That(data, Has.Count.EqualTo(1));
        Assert.That(data[0]!["variable"]!["name"]!.GetValue<string>(), Is.EqualTo("HeartbeatInterval"));
        Assert.That(data[0]!["variableAttribute"]![0]!["value"]!.GetValue<string>(), Is.EqualTo("300"));

        await charger.CallExpectingStatusAsync("GetReport", new
        {
            requestId = 42,
            componentVariable = new[] { new { component = new { name = "NoSuchComponent" } } },
        }, "EmptyResultSet");
        await AssertNoViolationsAsync();
    }

    [Test]
    public async Task An_Immediate_Reset_ends_the_transaction_and_boots_again_with_reason_RemoteReset()
    {
        var charger = await NewChargerAsync(V201);
        var transactionId = await charger.StartSessionAsync(1, "TAG-RESET");

        await charger.CallExpectingStatusAsync("Reset", new { type = "Immediate" }, "Accepted");
        var ended = await charger.WaitForTransactionEndAsync(transactionId);
        var trace = await charger.WaitForAsync(t => charger.IsBooted(t, 2), "a new boot on a second connection");

        var boot = trace.Cp("BootNotification")[^1];
        Assert.Multiple(() =>
        {
            Assert.That(ended.Str("triggerReason"), Is.EqualTo("ResetCommand"));
            Assert.That(ended.Payload["transactionInfo"]!["stoppedReason"]!.GetValue<string>(), Is.EqualTo("ImmediateReset"));
            Assert.That(boot.Connection, Is.EqualTo(2));
            Assert.That(boot.Str("reason"), Is.EqualTo("RemoteReset"));
            Assert.That(trace.CpCalls.First(c => c.Connection == 2).Action, Is.EqualTo("BootNotification"));
        });

        // Reset of a single EVSE is not supported by this station.
        await charger.CallExpectingStatusAsync("Reset", new { type = "Immediate", evseId = 1 }, "Rejected");
        await AssertNoViolationsAsync();
    }

    [Test]
    public async Task An_OnIdle_Reset_is_Scheduled_until_the_transaction_ends()
    {
        var charger = await NewChargerAsync(V201);
        var transactionId = await charger.StartSessionAsync(1, "TAG-IDLE");

        await charger.CallExpectingStatusAsync("Reset", new { type = "OnIdle" }, "Scheduled");
        var reset = (await charger.TraceAsync()).Csms("Reset").Single();
        var status = await charger.CallOkAsync("GetTransactionStatus", new { transactionId });
        Assert.That(status["ongoingIndicator"]!.GetValue<bool>(), Is.True, "the transaction goes on");
        Assert.That((await charger.PeerStateAsync()).Connections, Is.EqualTo(1), "no reboot while the transaction runs");

        await charger.RemoteStopAsync(transactionId);
        var ended = await charger.WaitForTransactionEndAsync(transactionId);
        var trace = await charger.WaitForAsync(t => charger.IsBooted(t, 2), "the reboot once idle");
        Assert.That(ended.Connection, Is.EqualTo(1), "the transaction's end is reported before the reboot");
        Assert.That(ended.Index, Is.GreaterThan(reset.AnswerIndex));
        Assert.That(trace.Cp("BootNotification")[^1].Connection, Is.EqualTo(2));
        await AssertNoViolationsAsync();
    }

    [Test]
    public async Task GetTransactionStatus_reports_ongoing_transactions_and_queued_messages()
    {
        var charger = await NewChargerAsync(V201);

        var idle = await charger.CallOkAsync("GetTransactionStatus", new { });
        Assert.That(idle["messagesInQueue"]!.GetValue<bool>(), Is.False);
        var unknown = await charger.CallOkAsync("GetTransactionStatus", new { transactionId = Guid.NewGuid().ToString() });
        Assert.That(unknown["ongoingIndicator"]!.GetValue<bool>(), Is.False);

        var transactionId = await charger.StartSessionAsync(2, "TAG-STATUS");
        var ongoing = await charger.CallOkAsync("GetTransactionStatus", new { transactionId });
        Assert.That(ongoing["ongoingIndicator"]!.GetValue<bool>(), Is.True);
        Assert.That(ongoing["messagesInQueue"]!.GetValue<bool>(), Is.False, "everything was delivered");

        await charger.RemoteStopAsync(transactionId);
        await charger.WaitForTransactionEndAsync(transactionId);
        var over = await charger.CallOkAsync("GetTransactionStatus", new { transactionId });
        Assert.That(over["ongoingIndicator"]!.GetValue<bool>(), Is.False);
        await AssertNoViolationsAsync();
    }

    [Test]
    public async Task TriggerMessage_refuses_BootNotification_once_accepted_and_TransactionEvent_without_a_transaction()
    {
        var charger = await NewChargerAsync(V201);

        await charger.CallExpectingStatusAsync("TriggerMessage", new { requestedMessage = "BootNotification" }, "Rejected");
        await charger.CallExpectingStatusAsync("TriggerMessage", new { requestedMessage = "TransactionEvent", evse = new { id = 1 } }, "Rejected");
        await charger.CallExpectingStatusAsync("TriggerMessage", new { requestedMessage = "SignV2GCertificate" }, "NotImplemented");

        // With a transaction: an Updated event with triggerReason Trigger, after the response.
        var transactionId = await charger.StartSessionAsync(1, "TAG-TRIGGER");
        await charger.CallExpectingStatusAsync("TriggerMessage", new { requestedMessage = "TransactionEvent", evse = new { id = 1 } }, "Accepted");
        var trigger = (await charger.TraceAsync()).Csms("TriggerMessage")[^1];
        var sent = await charger.WaitForCpCallAsync("TransactionEvent", c => c.Str("triggerReason") == "Trigger", trigger.AnswerIndex);
        Assert.That(sent.Str("eventType"), Is.EqualTo("Updated"));
        Assert.That(sent.Payload["transactionInfo"]!["transactionId"]!.GetValue<string>(), Is.EqualTo(transactionId));
        await AssertNoViolationsAsync();
    }

    [Test]
    public async Task UnlockConnector_unlocks_a_free_connector_but_not_one_with_an_authorized_transaction()
    {
        var charger = await NewChargerAsync(V201);

        await charger.CallExpectingStatusAsync("UnlockConnector", new { evseId = 1, connectorId = 1 }, "Unlocked");
        await charger.CallExpectingStatusAsync("UnlockConnector", new { evseId = 9, connectorId = 1 }, "UnknownConnector");
        var transactionId = await charger.StartSessionAsync(1, "TAG-UNLOCK");
        await charger.CallExpectingStatusAsync("UnlockConnector", new { evseId = 1, connectorId = 1 }, "OngoingAuthorizedTransaction");
        var status = await charger.CallOkAsync("GetTransactionStatus", new { transactionId });
        Assert.That(status["ongoingIndicator"]!.GetValue<bool>(), Is.True, "the transaction goes on");
        await AssertNoViolationsAsync();
    }

    [Test]
    public async Task Charging_profiles_are_reported_limit_the_composite_schedule_and_clear()
    {
        var charger = await NewChargerAsync(V201);
        var start = Iso(DateTimeOffset.UtcNow.AddMinutes(-1));

        await charger.CallExpectingStatusAsync("SetChargingProfile", new JsonObject { ["evseId"] = 1, ["chargingProfile"] = Profile201(201, "TxDefaultProfile", 11000, start) }, "Accepted");
        await charger.CallExpectingStatusAsync("SetChargingProfile", new JsonObject { ["evseId"] = 2, ["chargingProfile"] = Profile201(202, "TxProfile", 5000, start) }, "Rejected");

        await charger.CallExpectingStatusAsync("GetChargingProfiles", new { requestId = 51, chargingProfile = new { chargingProfilePurpose = "TxDefaultProfile" } }, "Accepted");
        var request = (await charger.TraceAsync()).Csms("GetChargingProfiles").Single();
        var report = await charger.WaitForCpCallAsync("ReportChargingProfiles", c => c.Int("requestId") == 51);
        Assert.Multiple(() =>
        {
            Assert.That(report.Index, Is.GreaterThan(request.AnswerIndex), "the report follows the response");
            Assert.That(report.Int("evseId"), Is.EqualTo(1));
            Assert.That(report.Payload["tbc"]?.GetValue<bool>() ?? false, Is.False);
            Assert.That(report.Payload["chargingProfile"]![0]!["id"]!.GetValue<int>(), Is.EqualTo(201));
            Assert.That(report.Payload["chargingProfile"]![0]!["chargingSchedule"]![0]!["chargingSchedulePeriod"]![0]!["limit"]!.GetValue<double>(), Is.EqualTo(11000));
        });

        var composite = await charger.CallExpectingStatusAsync("GetCompositeSchedule", new { duration = 600, evseId = 1, chargingRateUnit = "W" }, "Accepted");
        Assert.That(composite["schedule"]!["evseId"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(composite["schedule"]!["chargingSchedulePeriod"]![0]!["limit"]!.GetValue<double>(), Is.EqualTo(11000));

        await charger.CallExpectingStatusAsync("ClearChargingProfile", new { chargingProfileId = 201 }, "Accepted");
        await charger.CallExpectingStatusAsync("ClearChargingProfile", new { chargingProfileId = 201 }, "Unknown");
        await charger.CallExpectingStatusAsync("GetChargingProfiles", new { requestId = 52, chargingProfile = new { chargingProfilePurpose = "TxDefaultProfile" } }, "NoProfiles");
        composite = await charger.CallExpectingStatusAsync("GetCompositeSchedule", new { duration = 600, evseId = 1, chargingRateUnit = "W" }, "Accepted");
        Assert.That(composite["schedule"]!["chargingSchedulePeriod"]![0]!["limit"]!.GetValue<double>(), Is.GreaterThan(11000), "back to the hardware limit");
        await charger.CallExpectingStatusAsync("GetCompositeSchedule", new { duration = 600, evseId = 9 }, "Rejected");
        await AssertNoViolationsAsync();
    }

    [Test]
    public async Task UpdateFirmware_reports_each_step_with_its_request_id_then_reboots()
    {
        var charger = await NewChargerAsync(V201);

        await charger.CallExpectingStatusAsync("UpdateFirmware", new
        {
            requestId = 61,
            firmware = new { location = "https://firmware.example.test/terra-2.0.bin", retrieveDateTime = Iso(DateTimeOffset.UtcNow) },
        }, "Accepted");
        var trace = await charger.WaitForAsync(t => charger.IsBooted(t, 2), "the reboot after the update", TimeSpan.FromSeconds(30));

        var statuses = trace.Cp("FirmwareStatusNotification");
        Assert.That(statuses.Select(f => f.Str("status")), Is.EqualTo(new[] { "Downloading", "Downloaded", "Installing", "Installed" }));
        Assert.That(statuses.Select(f => f.Int("requestId")), Is.All.EqualTo(61));
        var boot = trace.Cp("BootNotification")[^1];
        Assert.That(boot.Str("reason"), Is.EqualTo("FirmwareUpdate"));
        Assert.That(boot.Connection, Is.EqualTo(2));
        await AssertNoViolationsAsync();
    }

    [Test]
    public async Task GetLog_names_the_file_and_reports_uploading_then_uploaded()
    {
        var charger = await NewChargerAsync(V201);

        var result = await charger.CallExpectingStatusAsync("GetLog", new
        {
            logType = "DiagnosticsLog",
            requestId = 71,
            log = new { remoteLocation = "ftp://logs.example.test/upload/" },
        }, "Accepted");
        Assert.That(SimulatedCharger.Text(result, "filename"), Is.Not.Null.And.Not.Empty);
        var trace = await charger.WaitForAsync(t => t.Cp("LogStatusNotification").Count(l => l.Answer is not null) >= 2, "two LogStatusNotifications");
        var notifications = trace.Cp("LogStatusNotification");
        Assert.That(notifications.Select(l => l.Str("status")), Is.EqualTo(new[] { "Uploading", "Uploaded" }));
        Assert.That(notifications.Select(l => l.Int("requestId")), Is.All.EqualTo(71));
        await AssertNoViolationsAsync();
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static JsonObject Get(string component, string variable, string? instance = null, string? attributeType = null)
    {
        var variableJson = new JsonObject { ["name"] = variable };
        if (instance is not null)
        {
            variableJson["instance"] = instance;
        }

        var data = new JsonObject { ["component"] = new JsonObject { ["name"] = component }, ["variable"] = variableJson };
        if (attributeType is not null)
        {
            data["attributeType"] = attributeType;
        }

        return data;
    }

    private static List<TracedCall> Pages(OcppTrace trace, int requestId) =>
        trace.Cp("NotifyReport").Where(p => p.Int("requestId") == requestId && p.Answer is not null).ToList();

    private static JsonObject Profile201(int id, string purpose, double limitW, string startSchedule) => new()
    {
        ["id"] = id,
        ["stackLevel"] = 1,
        ["chargingProfilePurpose"] = purpose,
        ["chargingProfileKind"] = "Absolute",
        ["chargingSchedule"] = new JsonArray(new JsonObject
        {
            ["id"] = id,
            ["startSchedule"] = startSchedule,
            ["duration"] = 86400,
            ["chargingRateUnit"] = "W",
            ["chargingSchedulePeriod"] = new JsonArray(new JsonObject { ["startPeriod"] = 0, ["limit"] = limitW }),
        }),
    };
}
