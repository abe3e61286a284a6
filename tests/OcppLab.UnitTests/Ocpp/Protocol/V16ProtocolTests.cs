using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.Authorization;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Ocpp.Framing;
using OcppLab.Infrastructure.Ocpp.Protocol;

namespace OcppLab.UnitTests.Ocpp.Protocol;

/// <summary>OCPP 1.6-J: the charge point's answers to every CSMS call it implements, and the messages it sends.</summary>
public sealed class V16ProtocolTests
{
    private static FakeSession Session(IReadOnlyDictionary<string, string>? settings = null, int connectors = 2) =>
        new(OcppVersion.V16, connectors: connectors, settings: settings);

    private static string? Status(CallReply reply) => reply.Result.Str("status");

    /// <summary>A remote-started session on the connector with StartTransaction delivered (CSMS transactionId assigned).</summary>
    private static Transaction Charging(FakeSession session, int connector = 1, string idTag = "TAG-1")
    {
        Assert.That(Status(session.Receive("RemoteStartTransaction", Json.Of($$"""{"connectorId":{{connector}},"idTag":"{{idTag}}"}"""))), Is.EqualTo("Accepted"));
        session.Deliver();
        var transaction = session.Model.Connector(connector)!.Transaction;
        Assert.That(transaction?.CsmsTransactionId, Is.Not.Null);
        return transaction!;
    }

    // ---- Boot, heartbeat, statuses -----------------------------------------------------------

    [Test]
    public void BootNotification_carries_the_spec_capped_to_the_schema_lengths()
    {
        var session = new FakeSession(OcppVersion.V16, vendor: "A vendor with a very long name", model: "A model name longer than twenty");
        session.Registration = RegistrationStatus.NotRegistered;

        session.Outbox.Add(session.Protocol.BootNotification("PowerUp"));
        var boot = session.Deliver()[0];

        Assert.Multiple(() =>
        {
            Assert.That(boot.Action, Is.EqualTo("BootNotification"));
            Assert.That(boot.Payload.Str("chargePointVendor"), Is.EqualTo("A vendor with a very"));
            Assert.That(boot.Payload.Str("chargePointModel"), Has.Length.EqualTo(20));
            Assert.That(boot.Payload.Str("chargePointSerialNumber"), Is.EqualTo("SN-0001"));
            Assert.That(boot.Payload.Str("firmwareVersion"), Is.EqualTo("1.2.3"));
            Assert.That(session.Protocol.BootNotification("PowerUp").Class, Is.EqualTo(CallClass.Boot));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void An_accepted_boot_registers_and_queues_the_status_of_connector_0_and_every_connector()
    {
        var session = Session();
        session.Registration = RegistrationStatus.NotRegistered;
        session.Outbox.Add(session.Protocol.BootNotification("PowerUp"));

        session.Deliver(max: 1);

        Assert.Multiple(() =>
        {
            Assert.That(session.BootAnswers, Has.Count.EqualTo(1));
            Assert.That(session.BootAnswers[0].Status, Is.EqualTo(RegistrationStatus.Accepted));
            Assert.That(session.BootAnswers[0].Interval, Is.EqualTo(300));
            Assert.That(session.BootAnswers[0].CurrentTime, Is.EqualTo(FakeSession.Start));
            var statuses = session.TakeOutbox();
            Assert.That(statuses.Select(s => s.Action), Is.All.EqualTo("StatusNotification"));
            Assert.That(statuses.Select(s => s.Payload.Int("connectorId")), Is.EqualTo(new int?[] { 0, 1, 2 }));
            Assert.That(statuses.Select(s => s.Payload.Str("status")), Is.All.EqualTo("Available"));
            Assert.That(statuses.Select(s => s.Payload.Str("errorCode")), Is.All.EqualTo("NoError"));
        });
    }

    [TestCase("Pending", RegistrationStatus.Pending)]
    [TestCase("Rejected", RegistrationStatus.Rejected)]
    public void A_non_accepted_boot_is_reported_with_its_retry_interval(string status, RegistrationStatus expected)
    {
        var session = Session();
        session.Registration = RegistrationStatus.NotRegistered;
        session.Csms = (_, _) => Json.Of($$"""{"status":"{{status}}","currentTime":"2026-03-02T08:00:00Z","interval":42}""");
        session.Outbox.Add(session.Protocol.BootNotification("PowerUp"));

        session.Deliver();

        Assert.Multiple(() =>
        {
            Assert.That(session.BootAnswers.Single(), Is.EqualTo((expected, 42, (DateTimeOffset?)FakeSession.Start)));
            Assert.That(session.Sent, Has.Count.EqualTo(1), "no statuses before acceptance");
        });
    }

    [Test]
    public void Heartbeat_is_an_empty_object()
    {
        var session = Session();
        session.Outbox.Add(session.Protocol.Heartbeat());

        var sent = session.Deliver().Single();

        Assert.Multiple(() =>
        {
            Assert.That(sent.Payload, Is.Empty);
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void A_fault_is_reported_with_its_error_code()
    {
        var session = Session();
        session.Model.InjectFault(2, "GroundFailure");
        session.Drain();

        var status = session.Deliver().Single();

        Assert.Multiple(() =>
        {
            Assert.That(status.Payload.Int("connectorId"), Is.EqualTo(2));
            Assert.That(status.Payload.Str("status"), Is.EqualTo("Faulted"));
            Assert.That(status.Payload.Str("errorCode"), Is.EqualTo("GroundFailure"));
            Assert.That(status.Payload.Str("timestamp"), Is.EqualTo("2026-03-02T08:00:00.000Z"));
        });
    }

    [Test]
    public void A_queued_StatusNotification_keeps_the_time_of_the_change()
    {
        var session = Session();
        session.Pass(TimeSpan.FromSeconds(10));
        session.Model.InjectFault(1, "GroundFailure");
        session.Model.ChangeAvailability(0, operative: false);
        session.Drain();

        session.Pass(TimeSpan.FromMinutes(2));
        var sent = session.Deliver();

        Assert.That(sent.Select(s => s.Payload.Str("timestamp")), Is.All.EqualTo("2026-03-02T08:00:10.000Z"));
    }

    // ---- GetConfiguration / ChangeConfiguration -------------------------------------------------

    [Test]
    public void GetConfiguration_without_keys_lists_every_readable_key()
    {
        var session = Session();

        var reply = session.Receive("GetConfiguration", []);
        var keys = reply.Result!["configurationKey"]!.AsArray().Select(k => k!.Str("key")).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(keys, Is.EquivalentTo(SettingsCatalog.All.Where(d => d.Key16 is not null && d.Mutability != Mutability.WriteOnly).Select(d => d.Key16)));
            Assert.That(keys, Does.Not.Contain("AuthorizationKey"), "write-only");
            Assert.That(reply.Result!.ContainsKey("unknownKey"), Is.False);
            var profiles = reply.Result!["configurationKey"]!.AsArray().Single(k => k.Str("key") == "SupportedFeatureProfiles")!;
            Assert.That(profiles["readonly"]!.GetValue<bool>(), Is.True);
            Assert.That(profiles.Str("value"), Is.EqualTo("Core,FirmwareManagement,LocalAuthListManagement,Reservation,SmartCharging,RemoteTrigger"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void GetConfiguration_with_keys_answers_those_and_lists_the_unknown_ones()
    {
        var session = Session(new Dictionary<string, string> { ["HeartbeatInterval"] = "120" });

        var reply = session.Receive("GetConfiguration", Json.Of("""{"key":["HeartbeatInterval","NoSuchKey","AuthorizationKey","metervaluesampleinterval"]}"""));

        Assert.Multiple(() =>
        {
            var keys = reply.Result!["configurationKey"]!.AsArray();
            Assert.That(keys.Select(k => k.Str("key")), Is.EqualTo(new[] { "HeartbeatInterval", "MeterValueSampleInterval" }));
            Assert.That(keys[0].Str("value"), Is.EqualTo("120"));
            Assert.That(keys[0]!["readonly"]!.GetValue<bool>(), Is.False);
            Assert.That(reply.Result!["unknownKey"]!.AsArray().Select(k => k!.GetValue<string>()), Is.EqualTo(new[] { "NoSuchKey", "AuthorizationKey" }));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void GetConfiguration_answers_at_most_GetConfigurationMaxKeys()
    {
        var session = Session(new Dictionary<string, string> { ["GetConfigurationMaxKeys"] = "5" });

        var reply = session.Receive("GetConfiguration", []);

        Assert.That(reply.Result!["configurationKey"]!.AsArray(), Has.Count.EqualTo(5));
    }

    [TestCase("HeartbeatInterval", "60", "Accepted")]
    [TestCase("heartbeatinterval", "61", "Accepted")]
    [TestCase("HeartbeatInterval", "abc", "Rejected")]
    [TestCase("HeartbeatInterval", "0", "Rejected")]
    [TestCase("NumberOfConnectors", "4", "Rejected")]
    [TestCase("StopTransactionOnInvalidId", "maybe", "Rejected")]
    [TestCase("WebSocketPingInterval", "30", "RebootRequired")]
    [TestCase("AuthorizationKey", "0123456789abcdef0123", "Accepted")]
    [TestCase("NoSuchKey", "1", "NotSupported")]
    public void ChangeConfiguration_answers_by_the_keys_rules(string key, string value, string expected)
    {
        var session = Session();

        var reply = session.Receive("ChangeConfiguration", new JsonObject { ["key"] = key, ["value"] = value });

        Assert.Multiple(() =>
        {
            Assert.That(Status(reply), Is.EqualTo(expected));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
        if (expected is "Accepted" or "RebootRequired")
        {
            Assert.That(session.Model.Settings.Get(SettingsCatalog.FindKey16(key)!.Name), Is.EqualTo(value));
        }
    }

    // ---- Cache, data transfer --------------------------------------------------------------------

    [Test]
    public void ClearCache_empties_the_cache_or_is_Rejected_when_it_is_disabled()
    {
        var session = Session();
        session.Model.RememberAuthorization("TAG", new IdTagInfo(AuthorizationStatus.Accepted));
        var disabled = Session(new Dictionary<string, string> { ["AuthorizationCacheEnabled"] = "false" });

        Assert.Multiple(() =>
        {
            Assert.That(Status(session.Receive("ClearCache", [])), Is.EqualTo("Accepted"));
            Assert.That(session.Model.Cache.Count, Is.Zero);
            Assert.That(Status(disabled.Receive("ClearCache", [])), Is.EqualTo("Rejected"));
        });
    }

    [Test]
    public void DataTransfer_echoes_for_the_simulator_vendor_and_refuses_other_vendors()
    {
        var session = Session();

        var ours = session.Receive("DataTransfer", Json.Of("""{"vendorId":"OcppLab","messageId":"ping","data":"hello"}"""));
        var theirs = session.Receive("DataTransfer", Json.Of("""{"vendorId":"Acme"}"""));

        Assert.Multiple(() =>
        {
            Assert.That(Status(ours), Is.EqualTo("Accepted"));
            Assert.That(ours.Result.Str("data"), Is.EqualTo("hello"));
            Assert.That(Status(theirs), Is.EqualTo("UnknownVendorId"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    // ---- Remote start / stop -------------------------------------------------------------------

    [Test]
    public void RemoteStart_is_answered_first_and_the_session_starts_after_the_reply()
    {
        var session = Session();

        var reply = session.Receive("RemoteStartTransaction", Json.Of("""{"connectorId":1,"idTag":"TAG-1"}"""), sendReply: false);

        Assert.Multiple(() =>
        {
            Assert.That(Status(reply), Is.EqualTo("Accepted"));
            Assert.That(session.Outbox, Is.Empty, "nothing may be sent before the reply");
            Assert.That(session.Model.Connector(1)!.CablePlugged, Is.False);
        });

        session.ReplySent();
        var connector = session.Model.Connector(1)!;
        var queued = session.Outbox.Select(c => c.Action).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(connector.CablePlugged, Is.True, "the simulated driver plugs in");
            Assert.That(connector.AutoPlugged, Is.True);
            Assert.That(connector.Transaction!.IdTag, Is.EqualTo("TAG-1"));
            Assert.That(queued, Is.EqualTo(new[] { "StatusNotification", "StartTransaction", "StatusNotification" }));
        });

        var sent = session.Deliver();
        Assert.Multiple(() =>
        {
            Assert.That(sent.Where(s => s.Action == "StatusNotification").Select(s => s.Payload.Str("status")), Is.EqualTo(new[] { "Preparing", "Charging" }));
            var start = sent.Single(s => s.Action == "StartTransaction").Payload;
            Assert.That(start.Int("connectorId"), Is.EqualTo(1));
            Assert.That(start.Str("idTag"), Is.EqualTo("TAG-1"));
            Assert.That(start.Int("meterStart"), Is.Zero);
            Assert.That(connector.Transaction!.CsmsTransactionId, Is.EqualTo(1), "the CSMS's id is kept");
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void RemoteStart_with_AuthorizeRemoteTxRequests_authorizes_first()
    {
        var session = Session(new Dictionary<string, string> { ["AuthorizeRemoteTxRequests"] = "true" });

        session.Receive("RemoteStartTransaction", Json.Of("""{"connectorId":2,"idTag":"TAG-2"}"""));

        Assert.That(session.Outbox.Select(c => c.Action), Is.EqualTo(new[] { "Authorize" }));
        Assert.That(session.Model.Connector(2)!.Transaction, Is.Null, "not before the CSMS accepted the tag");

        var sent = session.Deliver();
        Assert.Multiple(() =>
        {
            Assert.That(sent[0].Payload.Str("idTag"), Is.EqualTo("TAG-2"));
            Assert.That(sent.Select(s => s.Action), Does.Contain("StartTransaction"));
            Assert.That(session.Model.Connector(2)!.Transaction, Is.Not.Null);
            Assert.That(session.Model.Cache.Find("TAG-2"), Is.Not.Null, "the answer is cached");
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void RemoteStart_with_a_refused_tag_starts_nothing()
    {
        var session = Session(new Dictionary<string, string> { ["AuthorizeRemoteTxRequests"] = "true" });
        session.Csms = (action, _) => action == "Authorize" ? Json.Of("""{"idTagInfo":{"status":"Blocked"}}""") : [];

        session.Receive("RemoteStartTransaction", Json.Of("""{"idTag":"TAG-X"}"""));
        var sent = session.Deliver();

        Assert.Multiple(() =>
        {
            Assert.That(sent.Select(s => s.Action), Is.EqualTo(new[] { "Authorize" }));
            Assert.That(session.Model.Connectors.Select(c => c.Transaction), Is.All.Null);
            Assert.That(session.Model.Connectors.Select(c => c.CablePlugged), Is.All.False);
        });
    }

    [Test]
    public void RemoteStart_with_LocalPreAuthorize_and_a_listed_tag_skips_the_Authorize()
    {
        var session = Session(new Dictionary<string, string> { ["AuthorizeRemoteTxRequests"] = "true", ["LocalPreAuthorize"] = "true" });
        session.Receive("SendLocalList", Json.Of("""{"listVersion":1,"updateType":"Full","localAuthorizationList":[{"idTag":"LISTED","idTagInfo":{"status":"Accepted"}}]}"""));

        session.Receive("RemoteStartTransaction", Json.Of("""{"connectorId":1,"idTag":"LISTED"}"""));

        Assert.Multiple(() =>
        {
            Assert.That(session.Outbox.Select(c => c.Action), Does.Not.Contain("Authorize"));
            Assert.That(session.Model.Connector(1)!.Transaction?.IdTag, Is.EqualTo("LISTED"));
        });
    }

    [TestCase("LISTED", "true", "false", true, Description = "LocalAuthorizeOffline: the local list decides")]
    [TestCase("LISTED", "false", "false", false, Description = "the list is not used offline")]
    [TestCase("STRANGER", "true", "true", true, Description = "AllowOfflineTxForUnknownId")]
    [TestCase("STRANGER", "true", "false", false, Description = "an unknown tag offline")]
    [TestCase("BLOCKED", "true", "true", false, Description = "a tag known to be blocked is not unknown")]
    [TestCase("LISTED", "false", "true", true, Description = "unused list: the tag counts as unknown")]
    public void When_the_CSMS_does_not_answer_the_Authorize_the_offline_rules_decide(string idTag, string localOffline, string unknownOffline, bool starts)
    {
        var session = Session(new Dictionary<string, string>
        {
            ["AuthorizeRemoteTxRequests"] = "true",
            ["LocalAuthorizeOffline"] = localOffline,
            ["AllowOfflineTxForUnknownId"] = unknownOffline,
        });
        session.Receive("SendLocalList", Json.Of("""
            {"listVersion":1,"updateType":"Full","localAuthorizationList":[{"idTag":"LISTED","idTagInfo":{"status":"Accepted"}},{"idTag":"BLOCKED","idTagInfo":{"status":"Blocked"}}]}
            """));
        session.Csms = (action, _) => action == "Authorize" ? null : [];

        session.Receive("RemoteStartTransaction", new JsonObject { ["connectorId"] = 1, ["idTag"] = idTag });
        session.Deliver();

        Assert.That(session.Model.Connector(1)!.LastTransaction is not null, Is.EqualTo(starts));
    }

    [Test]
    public void RemoteStart_without_a_connector_picks_the_first_free_one()
    {
        var session = Session();
        Charging(session, 1);

        session.Receive("RemoteStartTransaction", Json.Of("""{"idTag":"TAG-2"}"""));

        Assert.That(session.Model.Connector(2)!.Transaction?.IdTag, Is.EqualTo("TAG-2"));
    }

    [Test]
    public void RemoteStart_is_Rejected_on_a_busy_unknown_or_unavailable_connector_and_while_not_accepted()
    {
        var session = Session();
        Charging(session, 1);
        session.Model.ChangeAvailability(2, operative: false);
        var pending = Session();
        pending.Registration = RegistrationStatus.Pending;

        Assert.Multiple(() =>
        {
            Assert.That(Status(session.Receive("RemoteStartTransaction", Json.Of("""{"connectorId":1,"idTag":"T"}"""))), Is.EqualTo("Rejected"));
            Assert.That(Status(session.Receive("RemoteStartTransaction", Json.Of("""{"connectorId":2,"idTag":"T"}"""))), Is.EqualTo("Rejected"));
            Assert.That(Status(session.Receive("RemoteStartTransaction", Json.Of("""{"connectorId":7,"idTag":"T"}"""))), Is.EqualTo("Rejected"));
            Assert.That(Status(session.Receive("RemoteStartTransaction", Json.Of("""{"connectorId":0,"idTag":"T"}"""))), Is.EqualTo("Rejected"));
            Assert.That(Status(session.Receive("RemoteStartTransaction", Json.Of("""{"idTag":"T"}"""))), Is.EqualTo("Rejected"), "no free connector");
            Assert.That(Status(pending.Receive("RemoteStartTransaction", Json.Of("""{"connectorId":1,"idTag":"T"}"""))), Is.EqualTo("Rejected"));
            Assert.That(session.PendingAfterReply, Is.Empty);
            Assert.That(pending.Model.Connector(1)!.CablePlugged, Is.False);
        });
    }

    [Test]
    public void RemoteStart_with_a_TxProfile_installs_it_for_the_new_transaction()
    {
        var session = Session();

        var reply = session.Receive("RemoteStartTransaction", Json.Of("""
            {"connectorId":1,"idTag":"TAG-1","chargingProfile":{"chargingProfileId":9,"stackLevel":0,"chargingProfilePurpose":"TxProfile",
             "chargingProfileKind":"Relative","chargingSchedule":{"chargingRateUnit":"W","chargingSchedulePeriod":[{"startPeriod":0,"limit":3000.0}]}}}
            """));

        Assert.Multiple(() =>
        {
            Assert.That(Status(reply), Is.EqualTo("Accepted"));
            Assert.That(session.Model.Profiles.Profiles.Single().Id, Is.EqualTo(9));
            Assert.That(session.Model.Connector(1)!.PowerW, Is.EqualTo(3_000));
        });
    }

    [Test]
    public void RemoteStart_with_a_profile_that_is_not_a_TxProfile_is_Rejected()
    {
        var session = Session();

        var reply = session.Receive("RemoteStartTransaction", Json.Of("""
            {"connectorId":1,"idTag":"TAG-1","chargingProfile":{"chargingProfileId":9,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile",
             "chargingProfileKind":"Relative","chargingSchedule":{"chargingRateUnit":"W","chargingSchedulePeriod":[{"startPeriod":0,"limit":3000.0}]}}}
            """));

        Assert.Multiple(() =>
        {
            Assert.That(Status(reply), Is.EqualTo("Rejected"));
            Assert.That(session.Model.Connector(1)!.Transaction, Is.Null);
        });
    }

    [Test]
    public void RemoteStop_stops_after_the_reply_and_the_simulated_driver_unplugs()
    {
        var session = Session();
        var transaction = Charging(session);

        var reply = session.Receive("RemoteStopTransaction", new JsonObject { ["transactionId"] = transaction.CsmsTransactionId }, sendReply: false);
        Assert.Multiple(() =>
        {
            Assert.That(Status(reply), Is.EqualTo("Accepted"));
            Assert.That(transaction.IsActive, Is.True, "not before the reply");
        });

        session.ReplySent();
        var sent = session.Deliver();

        Assert.Multiple(() =>
        {
            Assert.That(sent.Select(s => s.Action), Is.EqualTo(new[] { "StopTransaction", "StatusNotification", "StatusNotification" }));
            Assert.That(sent[0].Payload.Str("reason"), Is.EqualTo("Remote"));
            Assert.That(sent[0].Payload.Int("transactionId"), Is.EqualTo(transaction.CsmsTransactionId));
            Assert.That(sent.Skip(1).Select(s => s.Payload.Str("status")), Is.EqualTo(new[] { "Finishing", "Available" }));
            Assert.That(session.Model.Connector(1)!.CablePlugged, Is.False);
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void RemoteStop_of_an_unknown_transaction_is_Rejected()
    {
        var session = Session();
        Charging(session);

        Assert.That(Status(session.Receive("RemoteStopTransaction", Json.Of("""{"transactionId":999}"""))), Is.EqualTo("Rejected"));
    }

    // ---- Reset, unlock, availability ----------------------------------------------------------

    [TestCase("Hard", StopReason.HardReset)]
    [TestCase("Soft", StopReason.SoftReset)]
    public void Reset_is_Accepted_and_reboots_after_the_reply(string type, StopReason reason)
    {
        var session = Session();
        var transaction = Charging(session);

        var reply = session.Receive("Reset", new JsonObject { ["type"] = type }, sendReply: false);
        Assert.Multiple(() =>
        {
            Assert.That(Status(reply), Is.EqualTo("Accepted"));
            Assert.That(session.Reboots, Is.Empty);
        });

        session.ReplySent();

        // Hard: at once. Soft (1.6 §5.14): the transaction is stopped gracefully and its StopTransaction goes out first.
        Assert.That(session.Reboots, type == "Hard" ? Has.Count.EqualTo(1) : Is.Empty);
        var stop = session.Deliver().Single(s => s.Action == "StopTransaction");

        Assert.Multiple(() =>
        {
            Assert.That(session.Reboots.Single(), Is.EqualTo((reason, "RemoteReset")));
            Assert.That(stop.Payload.Str("reason"), Is.EqualTo(type + "Reset"));
            Assert.That(transaction.StopReason, Is.EqualTo(reason));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void UnlockConnector_unlocks_and_ends_a_running_transaction()
    {
        var session = Session();
        var transaction = Charging(session);

        var reply = session.Receive("UnlockConnector", Json.Of("""{"connectorId":1}"""));
        var stop = session.Deliver().Single(s => s.Action == "StopTransaction");

        Assert.Multiple(() =>
        {
            Assert.That(Status(reply), Is.EqualTo("Unlocked"));
            Assert.That(transaction.StopReason, Is.EqualTo(StopReason.UnlockCommand));
            Assert.That(stop.Payload.Str("reason"), Is.EqualTo("UnlockCommand"));
            Assert.That(Status(session.Receive("UnlockConnector", Json.Of("""{"connectorId":2}"""))), Is.EqualTo("Unlocked"));
            Assert.That(Status(session.Receive("UnlockConnector", Json.Of("""{"connectorId":5}"""))), Is.EqualTo("NotSupported"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void ChangeAvailability_is_Accepted_Scheduled_or_Rejected()
    {
        var session = Session();
        Charging(session, 1);

        Assert.Multiple(() =>
        {
            Assert.That(Status(session.Receive("ChangeAvailability", Json.Of("""{"connectorId":2,"type":"Inoperative"}"""))), Is.EqualTo("Accepted"));
            Assert.That(Status(session.Receive("ChangeAvailability", Json.Of("""{"connectorId":1,"type":"Inoperative"}"""))), Is.EqualTo("Scheduled"));
            Assert.That(Status(session.Receive("ChangeAvailability", Json.Of("""{"connectorId":3,"type":"Inoperative"}"""))), Is.EqualTo("Rejected"));
        });

        var statuses = session.Deliver().Where(s => s.Action == "StatusNotification").ToList();
        Assert.That(statuses.Select(s => (s.Payload.Int("connectorId"), s.Payload.Str("status"))), Is.EqualTo(new[] { ((int?)2, "Unavailable") }));
    }

    [Test]
    public void ChangeAvailability_of_connector_0_reports_the_station_and_every_connector()
    {
        var session = Session();

        Assert.That(Status(session.Receive("ChangeAvailability", Json.Of("""{"connectorId":0,"type":"Inoperative"}"""))), Is.EqualTo("Accepted"));
        var statuses = session.Deliver().Select(s => (s.Payload.Int("connectorId"), s.Payload.Str("status"))).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.EquivalentTo(new[] { ((int?)0, "Unavailable"), (1, "Unavailable"), (2, "Unavailable") }));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    // ---- Local list -------------------------------------------------------------------------

    [Test]
    public void SendLocalList_full_then_differential_with_version_checks()
    {
        var session = Session();

        Assert.That(session.Receive("GetLocalListVersion", []).Result.Int("listVersion"), Is.Zero);
        Assert.That(Status(session.Receive("SendLocalList", Json.Of("""
            {"listVersion":3,"updateType":"Full","localAuthorizationList":[{"idTag":"A","idTagInfo":{"status":"Accepted"}},{"idTag":"B","idTagInfo":{"status":"Blocked","expiryDate":"2030-01-01T00:00:00Z"}}]}
            """))), Is.EqualTo("Accepted"));
        Assert.Multiple(() =>
        {
            Assert.That(session.Receive("GetLocalListVersion", []).Result.Int("listVersion"), Is.EqualTo(3));
            Assert.That(session.Model.LocalList.Find("B")!.ExpiryDate, Is.EqualTo(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero)));
            Assert.That(Status(session.Receive("SendLocalList", Json.Of("""{"listVersion":3,"updateType":"Differential","localAuthorizationList":[{"idTag":"C","idTagInfo":{"status":"Accepted"}}]}"""))), Is.EqualTo("VersionMismatch"));
            Assert.That(Status(session.Receive("SendLocalList", Json.Of("""{"listVersion":4,"updateType":"Differential","localAuthorizationList":[{"idTag":"A"}]}"""))), Is.EqualTo("Accepted"));
            Assert.That(session.Model.LocalList.Entries.Keys, Is.EqualTo(new[] { "B" }));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void A_disabled_local_list_reports_version_minus_1_and_refuses_updates()
    {
        var session = Session(new Dictionary<string, string> { ["LocalAuthListEnabled"] = "false" });

        Assert.Multiple(() =>
        {
            Assert.That(session.Receive("GetLocalListVersion", []).Result.Int("listVersion"), Is.EqualTo(-1));
            Assert.That(Status(session.Receive("SendLocalList", Json.Of("""{"listVersion":1,"updateType":"Full"}"""))), Is.EqualTo("NotSupported"));
        });
    }

    // ---- Reservations -----------------------------------------------------------------------

    [Test]
    public void ReserveNow_answers_by_the_connectors_state_and_CancelReservation_removes()
    {
        var session = Session(connectors: 4);
        Charging(session, 1);
        session.Model.InjectFault(2, "GroundFailure");
        session.Model.ChangeAvailability(3, operative: false);
        string Reserve(int connector, int id) => Status(session.Receive("ReserveNow", Json.Of($$"""
            {"connectorId":{{connector}},"expiryDate":"2026-03-02T09:00:00Z","idTag":"TAG-R","reservationId":{{id}}}
            """)))!;

        Assert.Multiple(() =>
        {
            Assert.That(Reserve(4, 1), Is.EqualTo("Accepted"));
            Assert.That(session.Model.Connector(4)!.Reservation!.ExpiresAt, Is.EqualTo(FakeSession.Start.AddHours(1)));
            Assert.That(Reserve(1, 2), Is.EqualTo("Occupied"));
            Assert.That(Reserve(2, 3), Is.EqualTo("Faulted"));
            Assert.That(Reserve(3, 4), Is.EqualTo("Unavailable"));
            Assert.That(Reserve(9, 5), Is.EqualTo("Rejected"));
            Assert.That(Status(session.Receive("CancelReservation", Json.Of("""{"reservationId":1}"""))), Is.EqualTo("Accepted"));
            Assert.That(Status(session.Receive("CancelReservation", Json.Of("""{"reservationId":1}"""))), Is.EqualTo("Rejected"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });

        var statuses = session.Deliver().Where(s => s.Action == "StatusNotification" && s.Payload.Int("connectorId") == 4);
        Assert.That(statuses.Select(s => s.Payload.Str("status")), Is.EqualTo(new[] { "Reserved", "Available" }));
    }

    // ---- Smart charging ----------------------------------------------------------------------

    private static JsonObject SetProfile(int connector, int id, string purpose, int stackLevel = 0, double limit = 16, string unit = "A", string? extra = null) =>
        Json.Of($$"""
            {"connectorId":{{connector}},"csChargingProfiles":{"chargingProfileId":{{id}},"stackLevel":{{stackLevel}},"chargingProfilePurpose":"{{purpose}}",
             "chargingProfileKind":"Absolute"{{extra}},"chargingSchedule":{"chargingRateUnit":"{{unit}}","startSchedule":"2026-03-02T08:00:00Z",
             "chargingSchedulePeriod":[{"startPeriod":0,"limit":{{limit.ToString(System.Globalization.CultureInfo.InvariantCulture)}} },{"startPeriod":1800,"limit":8}]} } }
            """);

    [Test]
    public void SetChargingProfile_installs_valid_profiles_and_rejects_a_TxProfile_without_a_transaction()
    {
        var session = Session();

        Assert.Multiple(() =>
        {
            Assert.That(Status(session.Receive("SetChargingProfile", SetProfile(1, 1, "TxDefaultProfile"))), Is.EqualTo("Accepted"));
            Assert.That(Status(session.Receive("SetChargingProfile", SetProfile(0, 2, "ChargePointMaxProfile"))), Is.EqualTo("Accepted"));
            Assert.That(Status(session.Receive("SetChargingProfile", SetProfile(1, 3, "TxProfile"))), Is.EqualTo("Rejected"));
            Assert.That(Status(session.Receive("SetChargingProfile", SetProfile(1, 4, "ChargePointMaxProfile"))), Is.EqualTo("Rejected"));
            Assert.That(Status(session.Receive("SetChargingProfile", SetProfile(1, 5, "TxDefaultProfile", stackLevel: 9))), Is.EqualTo("Rejected"));
            Assert.That(session.Model.Profiles.Profiles.Select(p => p.Id), Is.EquivalentTo(new[] { 1, 2 }));
        });
    }

    [Test]
    public void SetChargingProfile_TxProfile_for_the_running_transaction_limits_its_power()
    {
        var session = Session();
        var transaction = Charging(session);

        var reply = session.Receive("SetChargingProfile", SetProfile(1, 3, "TxProfile", limit: 10, extra: $$""","transactionId":{{transaction.CsmsTransactionId}}"""));
        var update = session.Deliver().Single(s => s.Action == "MeterValues");

        Assert.Multiple(() =>
        {
            Assert.That(Status(reply), Is.EqualTo("Accepted"));
            Assert.That(session.Model.Connector(1)!.PowerW, Is.EqualTo(6_900), "10 A × 3 × 230 V");
            Assert.That(update.Payload.Int("transactionId"), Is.EqualTo(transaction.CsmsTransactionId));
            Assert.That(update.Payload["meterValue"]![0]!["sampledValue"]![0].Str("context"), Is.EqualTo("Trigger"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void ClearChargingProfile_is_Accepted_when_something_matched_else_Unknown()
    {
        var session = Session();
        session.Receive("SetChargingProfile", SetProfile(1, 1, "TxDefaultProfile"));
        session.Receive("SetChargingProfile", SetProfile(0, 2, "ChargePointMaxProfile"));

        Assert.Multiple(() =>
        {
            Assert.That(Status(session.Receive("ClearChargingProfile", Json.Of("""{"id":7}"""))), Is.EqualTo("Unknown"));
            Assert.That(Status(session.Receive("ClearChargingProfile", Json.Of("""{"id":1}"""))), Is.EqualTo("Accepted"));
            Assert.That(Status(session.Receive("ClearChargingProfile", Json.Of("""{"chargingProfilePurpose":"ChargePointMaxProfile"}"""))), Is.EqualTo("Accepted"));
            Assert.That(Status(session.Receive("ClearChargingProfile", []))!, Is.EqualTo("Unknown"));
            Assert.That(session.Model.Profiles.Count, Is.Zero);
        });
    }

    [Test]
    public void GetCompositeSchedule_steps_through_the_installed_profiles()
    {
        var session = Session();
        session.Receive("SetChargingProfile", SetProfile(1, 1, "TxDefaultProfile"));

        var watts = session.Receive("GetCompositeSchedule", Json.Of("""{"connectorId":1,"duration":3600,"chargingRateUnit":"W"}"""));
        var amps = session.Receive("GetCompositeSchedule", Json.Of("""{"connectorId":1,"duration":3600,"chargingRateUnit":"A"}"""));
        var unknown = session.Receive("GetCompositeSchedule", Json.Of("""{"connectorId":9,"duration":3600}"""));

        Assert.Multiple(() =>
        {
            Assert.That(Status(watts), Is.EqualTo("Accepted"));
            Assert.That(watts.Result.Int("connectorId"), Is.EqualTo(1));
            Assert.That(watts.Result.Str("scheduleStart"), Is.EqualTo("2026-03-02T08:00:00.000Z"));
            var periods = watts.Result!["chargingSchedule"]!["chargingSchedulePeriod"]!.AsArray();
            Assert.That(periods.Select(p => (p.Int("startPeriod"), p!["limit"]!.GetValue<double>())), Is.EqualTo(new[] { ((int?)0, 11_040.0), (1_800, 5_520.0) }));
            var ampPeriods = amps.Result!["chargingSchedule"]!["chargingSchedulePeriod"]!.AsArray();
            Assert.That(ampPeriods.Select(p => p!["limit"]!.GetValue<double>()), Is.EqualTo(new[] { 16.0, 8.0 }));
            Assert.That(Status(unknown), Is.EqualTo("Rejected"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void GetCompositeSchedule_in_amperes_is_rounded_to_the_schemas_tenth()
    {
        var session = Session();
        session.Receive("SetChargingProfile", SetProfile(1, 1, "TxDefaultProfile", limit: 7_777, unit: "W"));

        session.Receive("GetCompositeSchedule", Json.Of("""{"connectorId":1,"duration":600,"chargingRateUnit":"A"}"""));

        Assert.That(session.SchemaViolations(), Is.Empty);
    }

    // ---- TriggerMessage ------------------------------------------------------------------------

    [TestCase("BootNotification", "BootNotification")]
    [TestCase("Heartbeat", "Heartbeat")]
    [TestCase("FirmwareStatusNotification", "FirmwareStatusNotification")]
    [TestCase("DiagnosticsStatusNotification", "DiagnosticsStatusNotification")]
    public void TriggerMessage_sends_the_message_only_after_the_reply(string requested, string expected)
    {
        var session = Session();

        var reply = session.Receive("TriggerMessage", new JsonObject { ["requestedMessage"] = requested }, sendReply: false);
        Assert.Multiple(() =>
        {
            Assert.That(Status(reply), Is.EqualTo("Accepted"));
            Assert.That(session.Outbox, Is.Empty);
        });

        session.ReplySent();
        Assert.Multiple(() =>
        {
            Assert.That(session.Outbox.Select(c => c.Action), Is.EqualTo(new[] { expected }));
            Assert.That(session.Outbox.Select(c => c.Class), Is.All.EqualTo(CallClass.Requested), "may be sent while Pending");
        });
        session.Deliver();
        Assert.That(session.SchemaViolations(), Is.Empty);
    }

    [Test]
    public void A_triggered_firmware_or_diagnostics_status_is_Idle_before_anything_happened()
    {
        var session = Session();

        session.Receive("TriggerMessage", Json.Of("""{"requestedMessage":"FirmwareStatusNotification"}"""));
        session.Receive("TriggerMessage", Json.Of("""{"requestedMessage":"DiagnosticsStatusNotification"}"""));

        Assert.That(session.Deliver().Select(s => s.Payload.Str("status")), Is.EqualTo(new[] { "Idle", "Idle" }));
    }

    [Test]
    public void TriggerMessage_StatusNotification_reports_one_connector_or_all()
    {
        var session = Session();

        session.Receive("TriggerMessage", Json.Of("""{"requestedMessage":"StatusNotification","connectorId":2}"""));
        var one = session.Deliver();
        session.Receive("TriggerMessage", Json.Of("""{"requestedMessage":"StatusNotification","connectorId":0}"""));
        var station = session.Deliver();
        session.Receive("TriggerMessage", Json.Of("""{"requestedMessage":"StatusNotification"}"""));
        var all = session.Deliver();

        Assert.Multiple(() =>
        {
            Assert.That(one.Select(s => s.Payload.Int("connectorId")), Is.EqualTo(new int?[] { 2 }));
            Assert.That(station.Select(s => s.Payload.Int("connectorId")), Is.EqualTo(new int?[] { 0 }));
            Assert.That(all.Select(s => s.Payload.Int("connectorId")), Is.EqualTo(new int?[] { 0, 1, 2 }));
        });
    }

    [Test]
    public void TriggerMessage_MeterValues_samples_the_connector_with_its_transaction()
    {
        var session = Session();
        var transaction = Charging(session, 1);
        session.Pass(TimeSpan.FromSeconds(30));

        session.Receive("TriggerMessage", Json.Of("""{"requestedMessage":"MeterValues","connectorId":1}"""));
        var sent = session.Deliver().Single();
        session.Receive("TriggerMessage", Json.Of("""{"requestedMessage":"MeterValues","connectorId":2}"""));
        var idle = session.Deliver().Single();

        Assert.Multiple(() =>
        {
            Assert.That(sent.Action, Is.EqualTo("MeterValues"));
            Assert.That(sent.Payload.Int("transactionId"), Is.EqualTo(transaction.CsmsTransactionId));
            var samples = sent.Payload["meterValue"]![0]!["sampledValue"]!.AsArray();
            Assert.That(samples.Select(s => s.Str("context")), Is.All.EqualTo("Trigger"));
            Assert.That(samples.Single(s => s.Str("measurand") == "Energy.Active.Import.Register").Str("value"), Is.EqualTo("92"));
            Assert.That(idle.Payload.ContainsKey("transactionId"), Is.False);
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    [Test]
    public void TriggerMessage_for_an_unknown_connector_is_Rejected()
    {
        var session = Session();

        Assert.Multiple(() =>
        {
            Assert.That(Status(session.Receive("TriggerMessage", Json.Of("""{"requestedMessage":"StatusNotification","connectorId":3}"""))), Is.EqualTo("Rejected"));
            Assert.That(session.PendingAfterReply, Is.Empty);
            Assert.That(session.Outbox, Is.Empty);
        });
    }

    // ---- Firmware and diagnostics --------------------------------------------------------------

    [Test]
    public void UpdateFirmware_walks_the_status_sequence_from_the_retrieve_date_and_reboots()
    {
        var session = Session();

        var reply = session.Receive("UpdateFirmware", Json.Of("""{"location":"https://fw.example.com/v2.bin","retrieveDate":"2026-03-02T08:10:00Z"}"""));
        Assert.That(reply.Result, Is.Empty);

        session.Pass(TimeSpan.FromMinutes(9));
        Assert.That(session.Outbox, Is.Empty, "not before the retrieve date");

        session.Pass(TimeSpan.FromMinutes(1));
        Assert.That(session.Deliver().Select(s => s.Payload.Str("status")), Is.EqualTo(new[] { "Downloading" }));

        session.Pass(TimeSpan.FromSeconds(10));
        var statuses = session.Deliver().Where(s => s.Action == "FirmwareStatusNotification").Select(s => s.Payload.Str("status"));

        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.EqualTo(new[] { "Downloaded", "Installing", "Installed" }));
            Assert.That(session.Reboots.Single(), Is.EqualTo((StopReason.Reboot, "FirmwareUpdate")));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });

        session.Receive("TriggerMessage", Json.Of("""{"requestedMessage":"FirmwareStatusNotification"}"""));
        Assert.That(session.Deliver().Single().Payload.Str("status"), Is.EqualTo("Installed"));
    }

    [Test]
    public void UpdateFirmware_from_a_location_that_is_no_absolute_uri_fails_the_download()
    {
        var session = Session();

        // The schema's "uri" format is not checked by every CSMS; the charge point must cope on its own.
        session.Protocol.Handle("UpdateFirmware", Json.Of("""{"location":"not a uri","retrieveDate":"2026-03-02T08:00:00Z"}"""));
        session.Pass(TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That(session.Deliver().Select(s => s.Payload.Str("status")), Is.EqualTo(new[] { "Downloading", "DownloadFailed" }));
            Assert.That(session.Reboots, Is.Empty);
        });
    }

    [Test]
    public void GetDiagnostics_names_the_file_then_reports_Uploading_and_Uploaded()
    {
        var session = Session();

        var reply = session.Receive("GetDiagnostics", Json.Of("""{"location":"ftp://logs.example.com/"}"""));
        Assert.That(reply.Result.Str("fileName"), Is.EqualTo("diagnostics-CP-1-20260302080000.log"));

        session.Pass(TimeSpan.FromSeconds(1));
        Assert.That(session.Deliver().Select(s => s.Payload.Str("status")), Is.EqualTo(new[] { "Uploading" }));
        session.Pass(TimeSpan.FromSeconds(1));
        Assert.That(session.Deliver().Select(s => s.Payload.Str("status")), Is.EqualTo(new[] { "Uploaded" }));

        session.Receive("TriggerMessage", Json.Of("""{"requestedMessage":"DiagnosticsStatusNotification"}"""));
        Assert.Multiple(() =>
        {
            Assert.That(session.Deliver().Single().Payload.Str("status"), Is.EqualTo("Uploaded"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }

    // ---- What is implemented ----------------------------------------------------------------------

    [Test]
    public void The_implemented_actions_are_the_six_feature_profiles()
    {
        var session = Session();
        string[] csmsInitiated =
        [
            "ChangeAvailability", "ChangeConfiguration", "ClearCache", "DataTransfer", "GetConfiguration", "RemoteStartTransaction",
            "RemoteStopTransaction", "Reset", "UnlockConnector", "GetDiagnostics", "UpdateFirmware", "GetLocalListVersion", "SendLocalList",
            "ReserveNow", "CancelReservation", "SetChargingProfile", "ClearChargingProfile", "GetCompositeSchedule", "TriggerMessage",
        ];

        Assert.Multiple(() =>
        {
            Assert.That(csmsInitiated.Where(a => !session.Protocol.Handles(a)), Is.Empty);
            Assert.That(session.Protocol.Handles("GetLog"), Is.False);
            Assert.That(session.Protocol.Handles("BootNotification"), Is.False, "charge-point-initiated");
            Assert.That(session.Protocol.Handle("ExtendedTriggerMessage", Json.Of("""{"requestedMessage":"Heartbeat"}""")).ErrorCode, Is.EqualTo(OcppErrorCodes.NotSupported));
        });
    }
}
