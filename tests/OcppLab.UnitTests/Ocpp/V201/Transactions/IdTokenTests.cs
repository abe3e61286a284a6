using static OcppLab.UnitTests.Ocpp.Station;
using static OcppLab.UnitTests.Ocpp.V201.V201Station;

namespace OcppLab.UnitTests.Ocpp.V201.Transactions;

/// <summary>OCPP 2.0.1 E (Transactions): the idToken in TransactionEvent.</summary>
public sealed class IdTokenTests
{
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
            ? Payloads.Of("""{"idTokenInfo":{"status":"Invalid"}}""")
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
            Assert.That(Status(session.Receive("RequestStopTransaction", Payloads.Of("""{"transactionId":"no-such-transaction"}"""))), Is.EqualTo("Rejected"));
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
        var unknown = session.Receive("GetTransactionStatus", Payloads.Of("""{"transactionId":"unknown"}"""));
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
        session.Receive("TriggerMessage", Payloads.Of("""{"requestedMessage":"TransactionEvent","evse":{"id":1}}"""));
        session.Receive("TriggerMessage", Payloads.Of("""{"requestedMessage":"MeterValues","evse":{"id":1}}"""));
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
}
