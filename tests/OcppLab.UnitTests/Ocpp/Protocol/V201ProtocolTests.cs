using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.Authorization;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Ocpp.Framing;
using OcppLab.Infrastructure.Ocpp.Protocol;

namespace OcppLab.UnitTests.Ocpp.Protocol;

/// <summary>OCPP 2.0.1: the charging station's answers to every CSMS call it implements, and the messages it sends.</summary>
public sealed class V201ProtocolTests
{
    private static FakeSession Session(IReadOnlyDictionary<string, string>? settings = null, int connectors = 2) =>
        new(OcppVersion.V201, connectors: connectors, settings: settings);

    private static string? Status(CallReply reply) => reply.Result.Str("status");

    private static JsonObject Start(int evseId, int remoteStartId = 1, string idToken = "TAG-1") => Json.Of($$"""
        {"evseId":{{evseId}},"remoteStartId":{{remoteStartId}},"idToken":{"idToken":"{{idToken}}","type":"ISO14443"} }
        """);

    /// <summary>A remote-started transaction on the EVSE with its Started event delivered.</summary>
    private static Transaction Charging(FakeSession session, int evseId = 1)
    {
        Assert.That(Status(session.Receive("RequestStartTransaction", Start(evseId, remoteStartId: 100 + evseId))), Is.EqualTo("Accepted"));
        session.Deliver();
        return session.Model.Connector(evseId)!.Transaction!;
    }

    private static IReadOnlyList<SentCall> TransactionEvents(FakeSession session, string transactionId) =>
        session.SentOf("TransactionEvent").Where(s => s.Payload["transactionInfo"].Str("transactionId") == transactionId).ToList();

    // ---- Boot, registration ---------------------------------------------------------------------

    [Test]
    public void BootNotification_carries_the_reason_and_the_station()
    {
        var session = new FakeSession(OcppVersion.V201, vendor: "A vendor", model: "A model name longer than twenty");
        session.Registration = RegistrationStatus.NotRegistered;
        session.Outbox.Add(session.Protocol.BootNotification("PowerUp"));

        var boot = session.Deliver(max: 1).Single();

        Assert.Multiple(() =>
        {
            Assert.That(boot.Payload.Str("reason"), Is.EqualTo("PowerUp"));
            Assert.That(boot.Payload["chargingStation"].Str("vendorName"), Is.EqualTo("A vendor"));
            Assert.That(boot.Payload["chargingStation"].Str("model"), Has.Length.EqualTo(20));
            Assert.That(boot.Payload["chargingStation"].Str("serialNumber"), Is.EqualTo("SN-0001"));
            Assert.That(session.BootAnswers.Single().Status, Is.EqualTo(RegistrationStatus.Accepted));
            Assert.That(session.Outbox.Select(c => c.Payload.Int("evseId")), Is.EqualTo(new int?[] { 1, 2 }), "B01.FR.05: a StatusNotification per connector");
            Assert.That(session.Outbox.Select(c => c.Payload.Str("connectorStatus")), Is.All.EqualTo("Available"));
        });
        session.Deliver();
        Assert.That(session.SchemaViolations(), Is.Empty);
    }

    [Test]
    public void Transaction_events_raised_while_offline_say_so_and_the_later_ones_do_not()
    {
        var session = Session();
        session.Online = false;
        session.Model.PlugIn(1);
        session.Model.StartTransaction(1, "TAG-OFF", "ISO14443", TxTrigger.Authorized);
        session.Drain();

        session.Online = true;
        session.Model.StopTransaction(1, StopReason.Local, TxTrigger.StopAuthorized);
        session.Deliver();

        var events = session.SentOf("TransactionEvent");
        Assert.Multiple(() =>
        {
            Assert.That(events.First().Payload["offline"]?.GetValue<bool>(), Is.True, "E04: the Started event happened offline");
            Assert.That(events.Last().Payload.ContainsKey("offline"), Is.False, "an event raised online leaves the optional field out");
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void A_rejected_station_answers_every_CSMS_call_with_SecurityError()
    {
        var session = Session();
        session.Registration = RegistrationStatus.Rejected;

        var reply = session.Protocol.Handle("GetVariables", Json.Of("""{"getVariableData":[{"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"}}]}"""));

        Assert.That(reply.ErrorCode, Is.EqualTo(OcppErrorCodes.SecurityError));
    }

    [Test]
    public void A_pending_station_answers_configuration_calls_but_Rejects_RequestStartTransaction()
    {
        var session = Session();
        session.Registration = RegistrationStatus.Pending;

        Assert.Multiple(() =>
        {
            Assert.That(session.Receive("GetVariables", Json.Of("""{"getVariableData":[{"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"}}]}""")).IsError, Is.False);
            Assert.That(Status(session.Receive("RequestStartTransaction", Start(1))), Is.EqualTo("Rejected"), "B02.FR.05");
            Assert.That(session.Model.Connector(1)!.CablePlugged, Is.False);
        });
    }

    // ---- Device model -------------------------------------------------------------------------------

    [Test]
    public void GetVariables_answers_each_item_with_its_status()
    {
        var session = Session();
        session.Model.LocalList.Apply(1, full: true, [("A", new IdTagInfo(AuthorizationStatus.Accepted))], 100);

        var reply = session.Receive("GetVariables", Json.Of("""
            {"getVariableData":[
              {"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"}},
              {"component":{"name":"FluxCapacitor"},"variable":{"name":"Flux"}},
              {"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"NoSuchVariable"}},
              {"attributeType":"Target","component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"}},
              {"component":{"name":"SecurityCtrlr"},"variable":{"name":"BasicAuthPassword"}},
              {"component":{"name":"LocalAuthListCtrlr"},"variable":{"name":"Entries"}},
              {"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"MessageAttempts","instance":"TransactionEvent"}},
              {"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"MessageTimeout","instance":"Default"}}
            ]}
            """));
        var results = reply.Result!["getVariableResult"]!.AsArray();

        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Str("attributeStatus")), Is.EqualTo(new[]
            {
                "Accepted", "UnknownComponent", "UnknownVariable", "NotSupportedAttributeType", "Rejected", "Accepted", "Accepted", "Accepted",
            }));
            Assert.That(results.Select(r => r.Str("attributeValue")), Is.EqualTo(new[] { "300", null, null, null, null, "1", "3", "30" }));
            Assert.That(results[1]!["component"].Str("name"), Is.EqualTo("FluxCapacitor"), "the request's component is echoed");
            Assert.That(results[6]!["variable"].Str("instance"), Is.EqualTo("TransactionEvent"));
            Assert.That(results[3].Str("attributeType"), Is.EqualTo("Target"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void SetVariables_answers_each_item_with_its_status_and_applies_the_accepted_ones()
    {
        var session = Session();

        var reply = session.Receive("SetVariables", Json.Of("""
            {"setVariableData":[
              {"attributeValue":"60","component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"}},
              {"attributeValue":"Authorized","component":{"name":"TxCtrlr"},"variable":{"name":"TxStartPoint"}},
              {"attributeValue":"abc","component":{"name":"SampledDataCtrlr"},"variable":{"name":"TxUpdatedInterval"}},
              {"attributeValue":"30","component":{"name":"OCPPCommCtrlr"},"variable":{"name":"WebSocketPingInterval"}},
              {"attributeValue":"1","component":{"name":"FluxCapacitor"},"variable":{"name":"Flux"}},
              {"attributeValue":"1","component":{"name":"TxCtrlr"},"variable":{"name":"Flux"}},
              {"attributeType":"MaxSet","attributeValue":"1","component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"}},
              {"attributeValue":"a-password-of-16+","component":{"name":"SecurityCtrlr"},"variable":{"name":"BasicAuthPassword"}},
              {"attributeValue":"Energy.Active.Import.Register,SoC","component":{"name":"SampledDataCtrlr"},"variable":{"name":"TxUpdatedMeasurands"}}
            ]}
            """));
        var results = reply.Result!["setVariableResult"]!.AsArray();

        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Str("attributeStatus")), Is.EqualTo(new[]
            {
                "Accepted", "Rejected", "Rejected", "RebootRequired", "UnknownComponent", "UnknownVariable", "NotSupportedAttributeType", "Accepted", "Accepted",
            }));
            Assert.That(session.Model.Settings.GetInt(SettingsCatalog.HeartbeatInterval), Is.EqualTo(60));
            Assert.That(session.Model.Settings.Get("TxCtrlr.TxStartPoint"), Is.EqualTo("PowerPathClosed"));
            Assert.That(session.Model.Settings.GetInt(SettingsCatalog.MeterValueSampleInterval), Is.EqualTo(60));
            Assert.That(session.Model.Settings.GetList(SettingsCatalog.MeterValuesSampledData), Is.EqualTo(new[] { "Energy.Active.Import.Register", "SoC" }));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void GetBaseReport_answers_first_then_sends_the_full_inventory_in_pages()
    {
        var session = Session(new Dictionary<string, string> { ["DeviceDataCtrlr.ItemsPerMessage.GetReport"] = "10" });
        var expected = SettingsCatalog.All.Count(d => d.ExistsIn201);

        var reply = session.Receive("GetBaseReport", Json.Of("""{"requestId":42,"reportBase":"FullInventory"}"""), sendReply: false);
        Assert.Multiple(() =>
        {
            Assert.That(Status(reply), Is.EqualTo("Accepted"));
            Assert.That(session.Outbox, Is.Empty, "the report follows the response");
        });

        session.ReplySent();
        var pages = session.Deliver();
        var items = pages.SelectMany(p => p.Payload["reportData"]!.AsArray()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(pages.Select(p => p.Action), Is.All.EqualTo("NotifyReport"));
            Assert.That(pages, Has.Count.EqualTo((expected + 9) / 10));
            Assert.That(pages.Select(p => p.Payload.Int("seqNo")), Is.EqualTo(Enumerable.Range(0, pages.Count).Select(i => (int?)i)));
            Assert.That(pages.Select(p => p.Payload["tbc"]!.GetValue<bool>()), Is.EqualTo(Enumerable.Range(0, pages.Count).Select(i => i < pages.Count - 1)));
            Assert.That(pages.Select(p => p.Payload.Int("requestId")), Is.All.EqualTo(42));
            Assert.That(pages.Select(p => p.Payload["reportData"]!.AsArray().Count), Is.All.LessThanOrEqualTo(10));
            Assert.That(items, Has.Count.EqualTo(expected));
            var heartbeat = items.Single(i => i!["variable"].Str("name") == "HeartbeatInterval")!;
            Assert.That(heartbeat["variableAttribute"]![0].Str("value"), Is.EqualTo("300"));
            Assert.That(heartbeat["variableAttribute"]![0].Str("mutability"), Is.EqualTo("ReadWrite"));
            Assert.That(heartbeat["variableCharacteristics"].Str("dataType"), Is.EqualTo("integer"));
            var password = items.Single(i => i!["variable"].Str("name") == "BasicAuthPassword")!;
            Assert.That(password["variableAttribute"]![0]!.AsObject().ContainsKey("value"), Is.False, "a write-only value is never reported");
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void GetBaseReport_ConfigurationInventory_reports_only_writable_variables()
    {
        var session = Session();

        session.Receive("GetBaseReport", Json.Of("""{"requestId":1,"reportBase":"ConfigurationInventory"}"""));
        var items = session.Deliver().SelectMany(p => p.Payload["reportData"]!.AsArray()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(items, Is.Not.Empty);
            Assert.That(items.Select(i => i!["variableAttribute"]![0].Str("mutability")), Is.All.Not.EqualTo("ReadOnly"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void GetBaseReport_SummaryInventory_reports_availability_and_enablement()
    {
        var session = Session();

        session.Receive("GetBaseReport", Json.Of("""{"requestId":1,"reportBase":"SummaryInventory"}"""));
        var names = session.Deliver().SelectMany(p => p.Payload["reportData"]!.AsArray()).Select(i => i!["variable"].Str("name")).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(names, Does.Contain("AvailabilityState"));
            Assert.That(names, Is.All.AnyOf("AvailabilityState", "Available", "Enabled", "Entries"));
        });
    }

    [Test]
    public void GetReport_reports_the_requested_variables()
    {
        var session = Session();

        var reply = session.Receive("GetReport", Json.Of("""{"requestId":7,"componentVariable":[{"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"}},{"component":{"name":"TxCtrlr"}}]}"""));
        var report = session.Deliver().Single();
        var names = report.Payload["reportData"]!.AsArray().Select(i => $"{i!["component"].Str("name")}.{i["variable"].Str("name")}").ToList();

        Assert.Multiple(() =>
        {
            Assert.That(Status(reply), Is.EqualTo("Accepted"));
            Assert.That(report.Payload.Int("requestId"), Is.EqualTo(7));
            Assert.That(names, Does.Contain("OCPPCommCtrlr.HeartbeatInterval").And.Contain("TxCtrlr.TxStartPoint").And.Contain("TxCtrlr.EVConnectionTimeOut"));
            Assert.That(names.Where(n => n.StartsWith("OCPPCommCtrlr.", StringComparison.Ordinal)), Is.EqualTo(new[] { "OCPPCommCtrlr.HeartbeatInterval" }));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void GetReport_with_nothing_to_report_is_EmptyResultSet_and_sends_nothing()
    {
        var session = Session();

        var unknown = session.Receive("GetReport", Json.Of("""{"requestId":7,"componentVariable":[{"component":{"name":"FluxCapacitor"}}]}"""));
        var problems = session.Receive("GetReport", Json.Of("""{"requestId":8,"componentCriteria":["Problem"]}"""));

        Assert.Multiple(() =>
        {
            Assert.That(Status(unknown), Is.EqualTo("EmptyResultSet"));
            Assert.That(Status(problems), Is.EqualTo("EmptyResultSet"));
            Assert.That(session.Outbox, Is.Empty);
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    // ---- Reset ------------------------------------------------------------------------------------

    [Test]
    public void Reset_Immediate_reboots_after_the_reply_ending_transactions_with_ImmediateReset()
    {
        var session = Session();
        var transaction = Charging(session);

        var reply = session.Receive("Reset", Json.Of("""{"type":"Immediate"}"""), sendReply: false);
        Assert.That(session.Reboots, Is.Empty);
        session.ReplySent();
        var ended = session.Deliver().Single(s => s.Action == "TransactionEvent");

        Assert.Multiple(() =>
        {
            Assert.That(Status(reply), Is.EqualTo("Accepted"));
            Assert.That(session.Reboots.Single(), Is.EqualTo((StopReason.HardReset, "RemoteReset")));
            Assert.That(transaction.IsActive, Is.False);
            Assert.That(ended.Payload.Str("eventType"), Is.EqualTo("Ended"));
            Assert.That(ended.Payload.Str("triggerReason"), Is.EqualTo("ResetCommand"));
            Assert.That(ended.Payload["transactionInfo"].Str("stoppedReason"), Is.EqualTo("ImmediateReset"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void Reset_OnIdle_waits_for_the_transactions_to_end()
    {
        var session = Session();
        var transaction = Charging(session);

        Assert.That(Status(session.Receive("Reset", Json.Of("""{"type":"OnIdle"}"""))), Is.EqualTo("Scheduled"));
        session.Pass(TimeSpan.FromMinutes(5));
        Assert.That(session.Reboots, Is.Empty);

        session.Receive("RequestStopTransaction", new JsonObject { ["transactionId"] = transaction.Id });
        Assert.That(session.Reboots, Is.Empty, "the Ended event goes out before the reboot");

        var sent = session.Deliver();

        Assert.Multiple(() =>
        {
            Assert.That(sent.Select(s => s.Payload.Str("eventType")), Does.Contain("Ended"));
            Assert.That(session.Reboots.Single(), Is.EqualTo((StopReason.SoftReset, "RemoteReset")), "the CSMS asked for this reset, it only waited for idle");
        });
    }

    [Test]
    public void Reset_OnIdle_without_transactions_is_immediate_and_an_EVSE_reset_is_Rejected()
    {
        var session = Session();

        Assert.Multiple(() =>
        {
            Assert.That(Status(session.Receive("Reset", Json.Of("""{"type":"OnIdle","evseId":1}"""))), Is.EqualTo("Rejected"));
            Assert.That(session.Reboots, Is.Empty);
            Assert.That(Status(session.Receive("Reset", Json.Of("""{"type":"OnIdle"}"""))), Is.EqualTo("Accepted"));
            Assert.That(session.Reboots, Has.Count.EqualTo(1));
        });
    }

    // ---- Cache and local list ------------------------------------------------------------------

    [Test]
    public void ClearCache_and_the_local_list()
    {
        var session = Session();

        Assert.Multiple(() =>
        {
            Assert.That(Status(session.Receive("ClearCache", [])), Is.EqualTo("Accepted"));
            Assert.That(session.Receive("GetLocalListVersion", []).Result.Int("versionNumber"), Is.Zero);
            Assert.That(Status(session.Receive("SendLocalList", Json.Of("""
                {"versionNumber":5,"updateType":"Full","localAuthorizationList":[
                  {"idToken":{"idToken":"A","type":"ISO14443"},"idTokenInfo":{"status":"Accepted"}},
                  {"idToken":{"idToken":"B","type":"ISO14443"},"idTokenInfo":{"status":"Blocked"}}]}
                """))), Is.EqualTo("Accepted"));
            Assert.That(session.Receive("GetLocalListVersion", []).Result.Int("versionNumber"), Is.EqualTo(5));
            Assert.That(Status(session.Receive("SendLocalList", Json.Of("""{"versionNumber":5,"updateType":"Differential","localAuthorizationList":[{"idToken":{"idToken":"A","type":"ISO14443"}}]}"""))), Is.EqualTo("VersionMismatch"));
            Assert.That(Status(session.Receive("SendLocalList", Json.Of("""{"versionNumber":6,"updateType":"Differential","localAuthorizationList":[{"idToken":{"idToken":"A","type":"ISO14443"}}]}"""))), Is.EqualTo("Accepted"));
            Assert.That(session.Model.LocalList.Entries.Keys, Is.EqualTo(new[] { "B" }));
            Assert.That(session.Model.LocalList.Find("B")!.Status, Is.EqualTo(AuthorizationStatus.Blocked));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    // ---- Transactions ----------------------------------------------------------------------------

    [Test]
    public void RequestStart_is_answered_first_then_plugs_and_sends_TransactionEvent_Started()
    {
        var session = Session();

        var reply = session.Receive("RequestStartTransaction", Start(2, remoteStartId: 77), sendReply: false);
        Assert.Multiple(() =>
        {
            Assert.That(Status(reply), Is.EqualTo("Accepted"));
            Assert.That(session.Outbox, Is.Empty);
        });

        session.ReplySent();
        var sent = session.Deliver();
        var started = sent.Single(s => s.Action == "TransactionEvent").Payload;
        var transaction = session.Model.Connector(2)!.Transaction!;

        Assert.Multiple(() =>
        {
            Assert.That(sent.Select(s => s.Action), Is.EqualTo(new[] { "StatusNotification", "TransactionEvent" }));
            Assert.That(sent[0].Payload.Str("connectorStatus"), Is.EqualTo("Occupied"));
            Assert.That(started.Str("eventType"), Is.EqualTo("Started"));
            Assert.That(started.Str("triggerReason"), Is.EqualTo("RemoteStart"));
            Assert.That(started.Int("seqNo"), Is.Zero);
            Assert.That(started["transactionInfo"].Str("transactionId"), Is.EqualTo(transaction.Id));
            Assert.That(started["transactionInfo"].Int("remoteStartId"), Is.EqualTo(77));
            Assert.That(started["transactionInfo"].Str("chargingState"), Is.EqualTo("Charging"));
            Assert.That(started["evse"].Int("id"), Is.EqualTo(2));
            Assert.That(started["evse"].Int("connectorId"), Is.EqualTo(1));
            Assert.That(started["idToken"].Str("idToken"), Is.EqualTo("TAG-1"));
            Assert.That(started["idToken"].Str("type"), Is.EqualTo("ISO14443"));
            Assert.That(started["meterValue"]![0]!["sampledValue"]![0].Str("context"), Is.EqualTo("Transaction.Begin"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    // ---- idToken in TransactionEvent: the schema's idToken field ("required when the EV Driver becomes
    // authorized for this transaction and when the EV Driver ends authorization", sent once per
    // authorization, and not when RequestStopTransaction or Reset ends it), E03.FR.01 and E07.FR.02.

    [Test]
    public void E03_FR_01_the_Started_event_of_a_driver_authorized_after_plug_in_carries_the_idToken()
    {
        var session = Session();
        session.Model.PlugIn(1);
        session.Model.StartTransaction(1, "TAG-PLUG", "ISO14443", TxTrigger.Authorized);
        session.Drain();
        session.Deliver();

        var started = session.SentOf("TransactionEvent").Single().Payload;
        Assert.Multiple(() =>
        {
            Assert.That(started.Str("triggerReason"), Is.EqualTo("Authorized"));
            Assert.That(started["idToken"].Str("idToken"), Is.EqualTo("TAG-PLUG"));
            Assert.That(started["idToken"].Str("type"), Is.EqualTo("ISO14443"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void E03_FR_01_a_later_Updated_event_with_triggerReason_Authorized_carries_the_idToken()
    {
        // The model starts a transaction at PowerPathClosed (plugged and authorized), so no model path
        // raises Updated(Authorized) yet; the protocol's rule is checked on the event itself.
        var session = Session();
        var transaction = Charging(session);

        foreach (var call in session.Protocol.Translate(new TransactionUpdated(session.Model.Connector(1)!, transaction, TxTrigger.Authorized, null)))
        {
            session.Outbox.Add(call);
        }

        session.Deliver();
        var updated = TransactionEvents(session, transaction.Id)[^1].Payload;
        Assert.Multiple(() =>
        {
            Assert.That(updated.Str("eventType"), Is.EqualTo("Updated"));
            Assert.That(updated.Str("triggerReason"), Is.EqualTo("Authorized"));
            Assert.That(updated["idToken"].Str("idToken"), Is.EqualTo("TAG-1"));
            Assert.That(updated.ContainsKey("evse"), Is.False, "evse only in the first event");
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void E07_FR_02_the_Ended_event_of_a_stop_the_driver_authorized_carries_the_idToken_of_the_transaction()
    {
        var session = Session();
        session.Model.PlugIn(1);
        session.Model.StartTransaction(1, "TAG-STOP", "ISO14443", TxTrigger.Authorized);
        session.Drain();
        session.Deliver();

        session.Model.StopTransaction(1, StopReason.Local, TxTrigger.StopAuthorized);
        session.Drain();
        session.Deliver();

        var ended = session.SentOf("TransactionEvent").Single(e => e.Payload.Str("eventType") == "Ended").Payload;
        Assert.Multiple(() =>
        {
            Assert.That(ended.Str("triggerReason"), Is.EqualTo("StopAuthorized"));
            Assert.That(ended["idToken"].Str("idToken"), Is.EqualTo("TAG-STOP"));
            Assert.That(ended["idToken"].Str("type"), Is.EqualTo("ISO14443"));
            Assert.That(ended.ContainsKey("evse"), Is.False, "evse only in the first event");
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void The_Ended_event_of_a_RequestStopTransaction_has_no_idToken()
    {
        var session = Session();
        var transaction = Charging(session);

        session.Receive("RequestStopTransaction", new JsonObject { ["transactionId"] = transaction.Id });
        session.Deliver();

        var ended = TransactionEvents(session, transaction.Id)[^1].Payload;
        Assert.Multiple(() =>
        {
            Assert.That(ended.Str("eventType"), Is.EqualTo("Ended"));
            Assert.That(ended.Str("triggerReason"), Is.EqualTo("RemoteStop"));
            Assert.That(ended.ContainsKey("idToken"), Is.False);
        });
    }

    [TestCase("true", "Ended", TestName = "E05 Deauthorized by the CSMS ends the transaction without sending the refused idToken again")]
    [TestCase("false", "Updated", TestName = "E05 Deauthorized by the CSMS suspends the transaction without sending the refused idToken again")]
    public void Deauthorized_events_do_not_repeat_the_idToken_the_CSMS_refused(string stopOnInvalid, string eventType)
    {
        // Deauthorized is the CSMS's idTokenInfo on the Started event (which carried the idToken), not a
        // new authorization by the driver: the idToken is sent once per authorization.
        var session = Session(new Dictionary<string, string> { [SettingsCatalog.StopTransactionOnInvalidId] = stopOnInvalid });
        session.Csms = (action, payload) => action == "TransactionEvent" && payload.Str("eventType") == "Started"
            ? Json.Of("""{"idTokenInfo":{"status":"Invalid"}}""")
            : [];
        session.Model.PlugIn(1);
        session.Model.StartTransaction(1, "TAG-BAD", "ISO14443", TxTrigger.Authorized);
        session.Drain();
        session.Deliver();

        var events = session.SentOf("TransactionEvent").ToList();
        var deauthorized = events.Single(e => e.Payload.Str("triggerReason") == "Deauthorized").Payload;
        Assert.Multiple(() =>
        {
            Assert.That(events[0].Payload["idToken"].Str("idToken"), Is.EqualTo("TAG-BAD"));
            Assert.That(deauthorized.Str("eventType"), Is.EqualTo(eventType));
            Assert.That(deauthorized.ContainsKey("idToken"), Is.False);
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void RequestStart_with_AuthorizeRemoteStart_authorizes_first()
    {
        var session = Session(new Dictionary<string, string> { ["AuthorizeRemoteTxRequests"] = "true" });

        session.Receive("RequestStartTransaction", Start(1));
        Assert.That(session.Outbox.Select(c => c.Action), Is.EqualTo(new[] { "Authorize" }));

        var sent = session.Deliver();
        Assert.Multiple(() =>
        {
            Assert.That(sent[0].Payload["idToken"].Str("idToken"), Is.EqualTo("TAG-1"));
            Assert.That(sent.Select(s => s.Action), Does.Contain("TransactionEvent"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void RequestStart_on_an_EVSE_with_a_transaction_is_Rejected_with_its_id()
    {
        var session = Session();
        var transaction = Charging(session, 1);

        var reply = session.Receive("RequestStartTransaction", Start(1, remoteStartId: 9));
        var unknown = session.Receive("RequestStartTransaction", Start(5, remoteStartId: 10));

        Assert.Multiple(() =>
        {
            Assert.That(Status(reply), Is.EqualTo("Rejected"));
            Assert.That(reply.Result.Str("transactionId"), Is.EqualTo(transaction.Id));
            Assert.That(Status(unknown), Is.EqualTo("Rejected"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void RequestStop_ends_the_transaction_after_the_reply_and_the_driver_unplugs()
    {
        var session = Session();
        var transaction = Charging(session);

        var reply = session.Receive("RequestStopTransaction", new JsonObject { ["transactionId"] = transaction.Id }, sendReply: false);
        Assert.That(transaction.IsActive, Is.True);
        session.ReplySent();
        var sent = session.Deliver();
        var ended = sent.Single(s => s.Action == "TransactionEvent").Payload;

        Assert.Multiple(() =>
        {
            Assert.That(Status(reply), Is.EqualTo("Accepted"));
            Assert.That(ended.Str("eventType"), Is.EqualTo("Ended"));
            Assert.That(ended.Str("triggerReason"), Is.EqualTo("RemoteStop"));
            Assert.That(ended["transactionInfo"].Str("stoppedReason"), Is.EqualTo("Remote"));
            Assert.That(ended["transactionInfo"].Str("chargingState"), Is.EqualTo("EVConnected"), "the cable was still in");
            Assert.That(ended["meterValue"]![0]!["sampledValue"]![0].Str("context"), Is.EqualTo("Transaction.End"));
            Assert.That(sent.Where(s => s.Action == "StatusNotification").Select(s => s.Payload.Str("connectorStatus")), Is.EqualTo(new[] { "Available" }));
            Assert.That(Status(session.Receive("RequestStopTransaction", Json.Of("""{"transactionId":"no-such-transaction"}"""))), Is.EqualTo("Rejected"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void GetTransactionStatus_reports_queued_messages_and_whether_the_transaction_runs()
    {
        var session = Session();
        session.Receive("RequestStartTransaction", Start(1));
        var transaction = session.Model.Connector(1)!.Transaction!;

        var queued = session.Receive("GetTransactionStatus", new JsonObject { ["transactionId"] = transaction.Id });
        session.Deliver();
        var delivered = session.Receive("GetTransactionStatus", new JsonObject { ["transactionId"] = transaction.Id });
        var unknown = session.Receive("GetTransactionStatus", Json.Of("""{"transactionId":"unknown"}"""));
        var any = session.Receive("GetTransactionStatus", []);

        Assert.Multiple(() =>
        {
            Assert.That(queued.Result!["messagesInQueue"]!.GetValue<bool>(), Is.True);
            Assert.That(queued.Result!["ongoingIndicator"]!.GetValue<bool>(), Is.True);
            Assert.That(delivered.Result!["messagesInQueue"]!.GetValue<bool>(), Is.False);
            Assert.That(unknown.Result!["ongoingIndicator"]!.GetValue<bool>(), Is.False);
            Assert.That(any.Result!.ContainsKey("ongoingIndicator"), Is.False, "only with a transactionId");
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void TransactionEvents_have_consecutive_seqNo_from_0_and_a_stable_transactionId()
    {
        var session = Session(new Dictionary<string, string> { ["MeterValueSampleInterval"] = "60" });
        var transaction = Charging(session);

        session.Pass(TimeSpan.FromMinutes(3));
        session.Model.SetPowerSetpoint(1, 5_000);
        session.Model.SetEvRequestsEnergy(1, false);
        session.Model.SetEvRequestsEnergy(1, true);
        session.Drain();
        session.Deliver();
        session.Receive("TriggerMessage", Json.Of("""{"requestedMessage":"TransactionEvent","evse":{"id":1}}"""));
        session.Receive("TriggerMessage", Json.Of("""{"requestedMessage":"MeterValues","evse":{"id":1}}"""));
        session.Pass(TimeSpan.FromSeconds(90));
        session.Receive("RequestStopTransaction", new JsonObject { ["transactionId"] = transaction.Id });
        session.Deliver();

        var events = TransactionEvents(session, transaction.Id);
        Assert.Multiple(() =>
        {
            Assert.That(events.Select(e => e.Payload.Int("seqNo")), Is.EqualTo(Enumerable.Range(0, events.Count).Select(i => (int?)i)));
            Assert.That(events.Select(e => e.Payload.Str("eventType")).Distinct(), Is.EqualTo(new[] { "Started", "Updated", "Ended" }));
            Assert.That(events[0].Payload.Str("eventType"), Is.EqualTo("Started"));
            Assert.That(events[^1].Payload.Str("eventType"), Is.EqualTo("Ended"));
            Assert.That(events.Select(e => e.Payload.Str("triggerReason")), Is.EqualTo(new[]
            {
                "RemoteStart", "MeterValuePeriodic", "MeterValuePeriodic", "MeterValuePeriodic", "ChargingRateChanged",
                "ChargingStateChanged", "ChargingStateChanged", "Trigger", "MeterValuePeriodic", "RemoteStop",
            }));
            Assert.That(events.Skip(1).Select(e => e.Payload.ContainsKey("evse") || e.Payload.ContainsKey("idToken")), Is.All.False, "evse and idToken only in the first");
            Assert.That(events.Skip(1).Select(e => e.Payload["transactionInfo"]!.AsObject().ContainsKey("remoteStartId")), Is.All.False);
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void Periodic_TransactionEvents_carry_the_samples_at_their_own_times()
    {
        var session = Session();
        var transaction = Charging(session);

        session.Pass(TimeSpan.FromSeconds(130));
        session.Deliver();
        var periodic = TransactionEvents(session, transaction.Id).Where(e => e.Payload.Str("triggerReason") == "MeterValuePeriodic").ToList();

        Assert.Multiple(() =>
        {
            Assert.That(periodic.Select(p => p.Payload.Str("timestamp")), Is.EqualTo(new[] { "2026-03-02T08:01:00.000Z", "2026-03-02T08:02:00.000Z" }));
            var energy = periodic.Select(p => p.Payload["meterValue"]![0]!["sampledValue"]!.AsArray().Single(s => s.Str("measurand") == "Energy.Active.Import.Register")!["value"]!.GetValue<double>());
            Assert.That(energy, Is.EqualTo(new[] { 183.0, 367.0 }));
        });
    }

    [Test]
    public void Queued_messages_keep_the_time_of_their_event_not_the_time_they_are_sent()
    {
        // E.g. offline: transaction messages are kept and delivered later, in order.
        var session = Session();
        var transaction = Charging(session);
        session.Pass(TimeSpan.FromSeconds(10));
        session.Model.SetEvRequestsEnergy(1, false);
        session.Model.InjectFault(2, "WeakSignal");
        session.Drain();

        session.Pass(TimeSpan.FromMinutes(5));
        session.Deliver();

        var events = TransactionEvents(session, transaction.Id);
        var stateChange = events.Single(e => e.Payload.Str("triggerReason") == "ChargingStateChanged");
        var fault = session.SentOf("StatusNotification").Single(s => s.Payload.Str("connectorStatus") == "Faulted");
        Assert.Multiple(() =>
        {
            Assert.That(stateChange.Payload.Str("timestamp"), Is.EqualTo("2026-03-02T08:00:10.000Z"));
            Assert.That(fault.Payload.Str("timestamp"), Is.EqualTo("2026-03-02T08:00:10.000Z"));
            Assert.That(events.Select(e => e.Payload.Str("timestamp")), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal), "in seqNo order");
        });
    }

    [Test]
    public void StatusNotification_is_sent_only_when_the_folded_status_changes()
    {
        var session = Session();
        var transaction = Charging(session);

        session.Model.SetEvRequestsEnergy(1, false);
        session.Model.SetPowerSetpoint(1, 0);
        session.Model.SetEvRequestsEnergy(1, true);
        session.Drain();
        session.Receive("RequestStopTransaction", new JsonObject { ["transactionId"] = transaction.Id });
        session.Deliver();
        session.Model.InjectFault(1, "GroundFailure");
        session.Model.ClearFault(1);
        session.Model.Reserve(1, 3, "TAG-R", session.Now.AddHours(1), null);
        session.Drain();
        session.Deliver();

        var statuses = session.SentOf("StatusNotification").Where(s => s.Payload.Int("evseId") == 1).Select(s => s.Payload.Str("connectorStatus"));
        Assert.Multiple(() =>
        {
            // Preparing, Charging, SuspendedEV, SuspendedEVSE, Finishing are all Occupied: one notification.
            Assert.That(statuses, Is.EqualTo(new[] { "Occupied", "Available", "Faulted", "Available", "Reserved" }));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void AllStatuses_reports_every_connector_again_after_a_reconnect()
    {
        var session = Session();
        Charging(session);

        var statuses = session.Protocol.AllStatuses().ToList();
        session.Model.SetEvRequestsEnergy(1, false);
        session.Drain();

        Assert.Multiple(() =>
        {
            Assert.That(statuses.Select(s => s.Payload.Str("connectorStatus")), Is.EqualTo(new[] { "Occupied", "Available" }));
            Assert.That(session.Outbox.Where(c => c.Action == "StatusNotification"), Is.Empty, "still Occupied");
        });
    }

    // ---- TriggerMessage ----------------------------------------------------------------------------

    [Test]
    public void TriggerMessage_BootNotification_is_Rejected_once_accepted_and_sent_after_the_reply_while_pending()
    {
        var accepted = Session();
        var pending = Session();
        pending.Registration = RegistrationStatus.Pending;

        var refused = accepted.Receive("TriggerMessage", Json.Of("""{"requestedMessage":"BootNotification"}"""));
        var reply = pending.Receive("TriggerMessage", Json.Of("""{"requestedMessage":"BootNotification"}"""), sendReply: false);
        Assert.That(pending.Outbox, Is.Empty);
        pending.ReplySent();

        Assert.Multiple(() =>
        {
            Assert.That(Status(refused), Is.EqualTo("Rejected"), "F06.FR.17");
            Assert.That(accepted.Outbox, Is.Empty);
            Assert.That(Status(reply), Is.EqualTo("Accepted"));
            Assert.That(pending.Outbox.Single().Action, Is.EqualTo("BootNotification"));
            Assert.That(pending.Outbox.Single().Payload.Str("reason"), Is.EqualTo("Triggered"));
            Assert.That(pending.Outbox.Single().Class, Is.EqualTo(CallClass.Requested));
        });
    }

    [TestCase("Heartbeat", "Heartbeat")]
    [TestCase("StatusNotification", "StatusNotification")]
    [TestCase("FirmwareStatusNotification", "FirmwareStatusNotification")]
    [TestCase("LogStatusNotification", "LogStatusNotification")]
    [TestCase("MeterValues", "MeterValues")]
    public void TriggerMessage_sends_the_message_only_after_the_reply(string requested, string expected)
    {
        var session = Session();

        var reply = session.Receive("TriggerMessage", new JsonObject { ["requestedMessage"] = requested, ["evse"] = new JsonObject { ["id"] = 2 } }, sendReply: false);
        Assert.Multiple(() =>
        {
            Assert.That(Status(reply), Is.EqualTo("Accepted"));
            Assert.That(session.Outbox, Is.Empty);
        });

        session.ReplySent();
        var sent = session.Deliver();
        Assert.Multiple(() =>
        {
            Assert.That(sent.Select(s => s.Action), Is.EqualTo(new[] { expected }));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void A_triggered_firmware_or_log_status_is_Idle_without_a_request_id_before_anything_happened()
    {
        var session = Session();

        session.Receive("TriggerMessage", Json.Of("""{"requestedMessage":"FirmwareStatusNotification"}"""));
        session.Receive("TriggerMessage", Json.Of("""{"requestedMessage":"LogStatusNotification"}"""));
        var sent = session.Deliver();

        Assert.Multiple(() =>
        {
            Assert.That(sent.Select(s => s.Payload.Str("status")), Is.EqualTo(new[] { "Idle", "Idle" }));
            Assert.That(sent.Select(s => s.Payload.ContainsKey("requestId")), Is.All.False);
        });
    }

    [Test]
    public void TriggerMessage_without_what_the_message_needs_is_Rejected_or_NotImplemented()
    {
        var session = Session();

        Assert.Multiple(() =>
        {
            Assert.That(Status(session.Receive("TriggerMessage", Json.Of("""{"requestedMessage":"TransactionEvent"}"""))), Is.EqualTo("Rejected"), "no transaction");
            Assert.That(Status(session.Receive("TriggerMessage", Json.Of("""{"requestedMessage":"StatusNotification","evse":{"id":9}}"""))), Is.EqualTo("Rejected"));
            Assert.That(Status(session.Receive("TriggerMessage", Json.Of("""{"requestedMessage":"MeterValues","evse":{"id":9}}"""))), Is.EqualTo("Rejected"));
            Assert.That(Status(session.Receive("TriggerMessage", Json.Of("""{"requestedMessage":"SignChargingStationCertificate"}"""))), Is.EqualTo("NotImplemented"));
            Assert.That(session.Outbox, Is.Empty);
        });
    }

    [Test]
    public void TriggerMessage_ignores_an_EVSE_that_does_not_matter_to_the_message()
    {
        var session = Session();

        // F06.FR.02: "If the specified evseId is not relevant to the message, it SHALL be ignored."
        var reply = session.Receive("TriggerMessage", Json.Of("""{"requestedMessage":"Heartbeat","evse":{"id":9}}"""));

        Assert.Multiple(() =>
        {
            Assert.That(Status(reply), Is.EqualTo("Accepted"));
            Assert.That(session.Outbox.Select(c => c.Action), Is.EqualTo(new[] { "Heartbeat" }));
        });
    }

    [Test]
    public void TriggerMessage_MeterValues_during_a_transaction_sends_MeterValues_and_leaves_the_transactions_seqNo_alone()
    {
        var session = Session();
        var transaction = Charging(session);
        session.Pass(TimeSpan.FromSeconds(30));

        session.Receive("TriggerMessage", Json.Of("""{"requestedMessage":"MeterValues","evse":{"id":1}}"""));
        var sent = session.Deliver().Single();
        session.Receive("TriggerMessage", Json.Of("""{"requestedMessage":"TransactionEvent","evse":{"id":1}}"""));
        var triggered = session.Deliver().Single();

        Assert.Multiple(() =>
        {
            // F06.FR.02: the requested message is leading.
            Assert.That(sent.Action, Is.EqualTo("MeterValues"));
            Assert.That(sent.Payload.Int("evseId"), Is.EqualTo(1));
            Assert.That(sent.Payload["meterValue"]![0]!["sampledValue"]!.AsArray().Select(v => v.Str("context")), Is.All.EqualTo("Trigger"));
            Assert.That(sent.Payload["meterValue"]![0]!["sampledValue"]![0]!["value"]!.GetValue<double>(), Is.EqualTo(92));
            Assert.That(triggered.Action, Is.EqualTo("TransactionEvent"));
            Assert.That(triggered.Payload.Str("triggerReason"), Is.EqualTo("Trigger"));
            Assert.That(triggered.Payload.Int("seqNo"), Is.EqualTo(1), "right after Started");
            Assert.That(triggered.Payload["transactionInfo"].Str("transactionId"), Is.EqualTo(transaction.Id));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    // ---- Unlock, availability, reservations -----------------------------------------------------------

    [Test]
    public void UnlockConnector_answers_by_the_connectors_state()
    {
        var session = Session();
        Charging(session, 1);

        Assert.Multiple(() =>
        {
            Assert.That(Status(session.Receive("UnlockConnector", Json.Of("""{"evseId":1,"connectorId":1}"""))), Is.EqualTo("OngoingAuthorizedTransaction"));
            Assert.That(session.Model.Connector(1)!.Transaction, Is.Not.Null, "F05.FR.02: the transaction goes on");
            Assert.That(Status(session.Receive("UnlockConnector", Json.Of("""{"evseId":2,"connectorId":1}"""))), Is.EqualTo("Unlocked"));
            Assert.That(Status(session.Receive("UnlockConnector", Json.Of("""{"evseId":2,"connectorId":2}"""))), Is.EqualTo("UnknownConnector"));
            Assert.That(Status(session.Receive("UnlockConnector", Json.Of("""{"evseId":9,"connectorId":1}"""))), Is.EqualTo("UnknownConnector"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void ChangeAvailability_for_an_EVSE_or_the_station()
    {
        var session = Session(connectors: 3);
        Charging(session, 1);

        Assert.Multiple(() =>
        {
            Assert.That(Status(session.Receive("ChangeAvailability", Json.Of("""{"operationalStatus":"Inoperative","evse":{"id":2}}"""))), Is.EqualTo("Accepted"));
            Assert.That(Status(session.Receive("ChangeAvailability", Json.Of("""{"operationalStatus":"Inoperative","evse":{"id":1,"connectorId":1}}"""))), Is.EqualTo("Scheduled"));
            Assert.That(Status(session.Receive("ChangeAvailability", Json.Of("""{"operationalStatus":"Inoperative","evse":{"id":9}}"""))), Is.EqualTo("Rejected"));
            Assert.That(Status(session.Receive("ChangeAvailability", Json.Of("""{"operationalStatus":"Inoperative"}"""))), Is.EqualTo("Scheduled"));
        });

        var statuses = session.Deliver().Where(s => s.Action == "StatusNotification").Select(s => (s.Payload.Int("evseId"), s.Payload.Str("connectorStatus")));
        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.EquivalentTo(new[] { ((int?)2, "Unavailable"), (3, "Unavailable") }));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void ReserveNow_outcomes_and_ReservationStatusUpdate_on_expiry_and_cancel()
    {
        var session = Session(connectors: 4);
        Charging(session, 1);
        session.Model.InjectFault(2, "GroundFailure");
        session.Model.ChangeAvailability(3, operative: false);
        string Reserve(int id, int? evse, string expiry = "2026-03-02T08:30:00Z") => Status(session.Receive("ReserveNow", Json.Of($$"""
            {"id":{{id}},"expiryDateTime":"{{expiry}}","idToken":{"idToken":"TAG-R","type":"ISO14443"}{{(evse is null ? "" : $",\"evseId\":{evse}")}}}
            """)))!;

        Assert.Multiple(() =>
        {
            Assert.That(Reserve(1, 1), Is.EqualTo("Occupied"));
            Assert.That(Reserve(2, 2), Is.EqualTo("Faulted"));
            Assert.That(Reserve(3, 3), Is.EqualTo("Unavailable"));
            Assert.That(Reserve(4, 9), Is.EqualTo("Rejected"));
            Assert.That(Reserve(5, 4), Is.EqualTo("Accepted"));
            Assert.That(Reserve(6, null, "2026-03-02T09:00:00Z"), Is.EqualTo("Occupied"), "no other EVSE is free");
            Assert.That(Status(session.Receive("CancelReservation", Json.Of("""{"reservationId":5}"""))), Is.EqualTo("Accepted"));
            Assert.That(Status(session.Receive("CancelReservation", Json.Of("""{"reservationId":5}"""))), Is.EqualTo("Rejected"));
            Assert.That(Reserve(7, null), Is.EqualTo("Accepted"), "any EVSE: the one that is free again");
        });

        session.Pass(TimeSpan.FromMinutes(31));
        session.Deliver();
        var updates = session.SentOf("ReservationStatusUpdate").Select(s => (s.Payload.Int("reservationId"), s.Payload.Str("reservationUpdateStatus")));

        Assert.Multiple(() =>
        {
            Assert.That(updates, Is.EqualTo(new[] { ((int?)5, "Removed"), (7, "Expired") }));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    // ---- Smart charging ------------------------------------------------------------------------

    private static JsonObject Profile(int evseId, int id, string purpose, int stackLevel = 0, double limit = 16, string? transactionId = null) => Json.Of($$"""
        {"evseId":{{evseId}},"chargingProfile":{"id":{{id}},"stackLevel":{{stackLevel}},"chargingProfilePurpose":"{{purpose}}","chargingProfileKind":"Absolute"{{(transactionId is null ? "" : $",\"transactionId\":\"{transactionId}\"")}},
          "chargingSchedule":[{"id":{{id}},"startSchedule":"2026-03-02T08:00:00Z","chargingRateUnit":"A",
            "chargingSchedulePeriod":[{"startPeriod":0,"limit":{{limit.ToString(System.Globalization.CultureInfo.InvariantCulture)}} },{"startPeriod":1800,"limit":8,"numberPhases":3}]}]} }
        """);

    [Test]
    public void SetChargingProfile_installs_valid_profiles_and_rejects_a_TxProfile_without_a_transaction()
    {
        var session = Session();

        Assert.Multiple(() =>
        {
            Assert.That(Status(session.Receive("SetChargingProfile", Profile(1, 1, "TxDefaultProfile"))), Is.EqualTo("Accepted"));
            Assert.That(Status(session.Receive("SetChargingProfile", Profile(0, 2, "ChargingStationMaxProfile"))), Is.EqualTo("Accepted"));
            Assert.That(Status(session.Receive("SetChargingProfile", Profile(1, 3, "TxProfile"))), Is.EqualTo("Rejected"));
            Assert.That(Status(session.Receive("SetChargingProfile", Profile(2, 4, "ChargingStationMaxProfile"))), Is.EqualTo("Rejected"));
            Assert.That(Status(session.Receive("SetChargingProfile", Profile(1, 5, "TxDefaultProfile", stackLevel: 9))), Is.EqualTo("Rejected"));
            Assert.That(session.Model.Profiles.Profiles.Select(p => p.Id), Is.EquivalentTo(new[] { 1, 2 }));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void A_TxProfile_for_the_running_transaction_changes_the_rate_with_a_TransactionEvent()
    {
        var session = Session();
        var transaction = Charging(session);

        var reply = session.Receive("SetChargingProfile", Profile(1, 3, "TxProfile", limit: 10, transactionId: transaction.Id));
        var update = session.Deliver().Single();

        Assert.Multiple(() =>
        {
            Assert.That(Status(reply), Is.EqualTo("Accepted"));
            Assert.That(session.Model.Connector(1)!.PowerW, Is.EqualTo(6_900));
            Assert.That(update.Payload.Str("triggerReason"), Is.EqualTo("ChargingRateChanged"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void GetChargingProfiles_reports_after_the_reply_one_message_per_EVSE()
    {
        var session = Session();
        session.Receive("SetChargingProfile", Profile(1, 1, "TxDefaultProfile"));
        session.Receive("SetChargingProfile", Profile(0, 2, "ChargingStationMaxProfile"));

        var reply = session.Receive("GetChargingProfiles", Json.Of("""{"requestId":31,"chargingProfile":{}}"""), sendReply: false);
        Assert.That(session.Outbox, Is.Empty);
        session.ReplySent();
        var reports = session.Deliver();

        Assert.Multiple(() =>
        {
            Assert.That(Status(reply), Is.EqualTo("Accepted"));
            Assert.That(reports.Select(r => r.Action), Is.All.EqualTo("ReportChargingProfiles"));
            Assert.That(reports.Select(r => r.Payload.Int("evseId")), Is.EquivalentTo(new int?[] { 0, 1 }));
            Assert.That(reports.Select(r => r.Payload["tbc"]!.GetValue<bool>()), Is.EqualTo(new[] { true, false }));
            Assert.That(reports.Select(r => r.Payload.Int("requestId")), Is.All.EqualTo(31));
            var profile = reports.Single(r => r.Payload.Int("evseId") == 1).Payload["chargingProfile"]![0]!;
            Assert.That(profile.Int("id"), Is.EqualTo(1));
            Assert.That(profile.Str("chargingProfilePurpose"), Is.EqualTo("TxDefaultProfile"));
            Assert.That(profile["chargingSchedule"]![0]!["chargingSchedulePeriod"]!.AsArray(), Has.Count.EqualTo(2));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void GetChargingProfiles_with_no_match_is_NoProfiles()
    {
        var session = Session();
        session.Receive("SetChargingProfile", Profile(1, 1, "TxDefaultProfile"));

        Assert.Multiple(() =>
        {
            Assert.That(Status(session.Receive("GetChargingProfiles", Json.Of("""{"requestId":1,"chargingProfile":{"chargingProfilePurpose":"TxProfile"}}"""))), Is.EqualTo("NoProfiles"));
            Assert.That(Status(session.Receive("GetChargingProfiles", Json.Of("""{"requestId":2,"chargingProfile":{"chargingLimitSource":["EMS"]}}"""))), Is.EqualTo("NoProfiles"));
            Assert.That(Status(session.Receive("GetChargingProfiles", Json.Of("""{"requestId":3,"evseId":2,"chargingProfile":{}}"""))), Is.EqualTo("NoProfiles"));
            Assert.That(Status(session.Receive("GetChargingProfiles", Json.Of("""{"requestId":4,"chargingProfile":{"chargingProfileId":[1]}}"""))), Is.EqualTo("Accepted"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void ClearChargingProfile_by_id_or_criteria()
    {
        var session = Session();
        session.Receive("SetChargingProfile", Profile(1, 1, "TxDefaultProfile"));
        session.Receive("SetChargingProfile", Profile(0, 2, "ChargingStationMaxProfile"));

        Assert.Multiple(() =>
        {
            Assert.That(Status(session.Receive("ClearChargingProfile", Json.Of("""{"chargingProfileId":9}"""))), Is.EqualTo("Unknown"));
            Assert.That(Status(session.Receive("ClearChargingProfile", Json.Of("""{"chargingProfileId":1}"""))), Is.EqualTo("Accepted"));
            Assert.That(Status(session.Receive("ClearChargingProfile", Json.Of("""{"chargingProfileCriteria":{"evseId":0,"chargingProfilePurpose":"ChargingStationMaxProfile"}}"""))), Is.EqualTo("Accepted"));
            Assert.That(session.Model.Profiles.Count, Is.Zero);
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void GetCompositeSchedule_answers_the_merged_schedule()
    {
        var session = Session();
        session.Receive("SetChargingProfile", Profile(1, 1, "TxDefaultProfile"));

        var reply = session.Receive("GetCompositeSchedule", Json.Of("""{"duration":3600,"chargingRateUnit":"W","evseId":1}"""));
        var unknown = session.Receive("GetCompositeSchedule", Json.Of("""{"duration":3600,"evseId":7}"""));

        Assert.Multiple(() =>
        {
            Assert.That(Status(reply), Is.EqualTo("Accepted"));
            var schedule = reply.Result!["schedule"]!;
            Assert.That(schedule.Int("evseId"), Is.EqualTo(1));
            Assert.That(schedule.Int("duration"), Is.EqualTo(3600));
            Assert.That(schedule.Str("chargingRateUnit"), Is.EqualTo("W"));
            Assert.That(schedule["chargingSchedulePeriod"]!.AsArray().Select(p => (p.Int("startPeriod"), p!["limit"]!.GetValue<double>())), Is.EqualTo(new[] { ((int?)0, 11_040.0), (1_800, 5_520.0) }));
            Assert.That(Status(unknown), Is.EqualTo("Rejected"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    // ---- Firmware and logs ------------------------------------------------------------------------

    [Test]
    public void UpdateFirmware_walks_the_status_sequence_with_the_request_id_and_reboots()
    {
        var session = Session();

        var reply = session.Receive("UpdateFirmware", Json.Of("""{"requestId":12,"firmware":{"location":"https://fw.example.com/v2.bin","retrieveDateTime":"2026-03-02T08:05:00Z"}}"""));
        Assert.That(Status(reply), Is.EqualTo("Accepted"));

        session.Pass(TimeSpan.FromMinutes(4));
        Assert.That(session.Outbox, Is.Empty);
        session.Pass(TimeSpan.FromMinutes(2));
        var sent = session.Deliver().Where(s => s.Action == "FirmwareStatusNotification").ToList();

        Assert.Multiple(() =>
        {
            Assert.That(sent.Select(s => s.Payload.Str("status")), Is.EqualTo(new[] { "Downloading", "Downloaded", "Installing", "Installed" }));
            Assert.That(sent.Select(s => s.Payload.Int("requestId")), Is.All.EqualTo(12));
            Assert.That(session.Reboots.Single(), Is.EqualTo((StopReason.Reboot, "FirmwareUpdate")));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });

        session.Receive("TriggerMessage", Json.Of("""{"requestedMessage":"FirmwareStatusNotification"}"""));
        var triggered = session.Deliver().Single().Payload;
        Assert.Multiple(() =>
        {
            Assert.That(triggered.Str("status"), Is.EqualTo("Installed"));
            Assert.That(triggered.Int("requestId"), Is.EqualTo(12));
        });
    }

    [TestCase("DiagnosticsLog", "diagnostics-CP-1-20260302080000.log")]
    [TestCase("SecurityLog", "security-CP-1-20260302080000.log")]
    public void GetLog_names_the_file_then_reports_Uploading_and_Uploaded(string logType, string fileName)
    {
        var session = Session();

        var reply = session.Receive("GetLog", new JsonObject
        {
            ["log"] = new JsonObject { ["remoteLocation"] = "https://logs.example.com/upload" },
            ["logType"] = logType,
            ["requestId"] = 5,
        });
        session.Pass(TimeSpan.FromSeconds(2));
        var sent = session.Deliver();

        Assert.Multiple(() =>
        {
            Assert.That(Status(reply), Is.EqualTo("Accepted"));
            Assert.That(reply.Result.Str("filename"), Is.EqualTo(fileName));
            Assert.That(sent.Select(s => s.Payload.Str("status")), Is.EqualTo(new[] { "Uploading", "Uploaded" }));
            Assert.That(sent.Select(s => s.Payload.Int("requestId")), Is.All.EqualTo(5));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });

        session.Receive("TriggerMessage", Json.Of("""{"requestedMessage":"LogStatusNotification"}"""));
        Assert.That(session.Deliver().Single().Payload.Str("status"), Is.EqualTo("Uploaded"));
    }

    // ---- Other ------------------------------------------------------------------------------------

    [Test]
    public void DataTransfer_echoes_for_the_simulator_vendor_only()
    {
        var session = Session();

        var ours = session.Receive("DataTransfer", Json.Of("""{"vendorId":"OcppLab","data":{"ping":1}}"""));
        var theirs = session.Receive("DataTransfer", Json.Of("""{"vendorId":"Acme"}"""));

        Assert.Multiple(() =>
        {
            Assert.That(Status(ours), Is.EqualTo("Accepted"));
            Assert.That(ours.Result!["data"]!.ToJsonString(), Is.EqualTo("""{"ping":1}"""));
            Assert.That(Status(theirs), Is.EqualTo("UnknownVendorId"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void Unimplemented_actions_are_NotSupported()
    {
        var session = Session();
        string[] implemented =
        [
            "GetVariables", "SetVariables", "GetBaseReport", "GetReport", "Reset", "ClearCache", "GetLocalListVersion", "SendLocalList",
            "GetTransactionStatus", "RequestStartTransaction", "RequestStopTransaction", "TriggerMessage", "UnlockConnector", "ChangeAvailability",
            "ReserveNow", "CancelReservation", "SetChargingProfile", "GetChargingProfiles", "ClearChargingProfile", "GetCompositeSchedule",
            "UpdateFirmware", "GetLog", "DataTransfer",
        ];

        Assert.Multiple(() =>
        {
            Assert.That(implemented.Where(a => !session.Protocol.Handles(a)), Is.Empty);
            Assert.That(session.Protocol.Handles("SetNetworkProfile"), Is.False);
            Assert.That(session.Protocol.Handles("CostUpdated"), Is.False);
            Assert.That(session.Protocol.Handle("CostUpdated", Json.Of("""{"totalCost":1.5,"transactionId":"x"}""")).ErrorCode, Is.EqualTo(OcppErrorCodes.NotSupported));
        });
    }
}
