using static OcppLab.UnitTests.Ocpp.Station;
using static OcppLab.UnitTests.Ocpp.V16.V16Station;

namespace OcppLab.UnitTests.Ocpp.V16.Core;

/// <summary>OCPP 1.6 Core: RemoteStartTransaction and RemoteStopTransaction, with the authorization rules.</summary>
public sealed class RemoteStartStopTests
{
    [Test]
    public void RemoteStart_is_answered_first_and_the_session_starts_after_the_reply()
    {
        var session = Session();

        var reply = session.Receive("RemoteStartTransaction", Payloads.Of("""{"connectorId":1,"idTag":"TAG-1"}"""), sendReply: false);

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

        session.Receive("RemoteStartTransaction", Payloads.Of("""{"connectorId":2,"idTag":"TAG-2"}"""));

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
        session.Csms = (action, _) => action == "Authorize" ? Payloads.Of("""{"idTagInfo":{"status":"Blocked"}}""") : [];

        session.Receive("RemoteStartTransaction", Payloads.Of("""{"idTag":"TAG-X"}"""));
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
        session.Receive("SendLocalList", Payloads.Of("""{"listVersion":1,"updateType":"Full","localAuthorizationList":[{"idTag":"LISTED","idTagInfo":{"status":"Accepted"}}]}"""));

        session.Receive("RemoteStartTransaction", Payloads.Of("""{"connectorId":1,"idTag":"LISTED"}"""));

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
        session.Receive("SendLocalList", Payloads.Of("""
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

        session.Receive("RemoteStartTransaction", Payloads.Of("""{"idTag":"TAG-2"}"""));

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
            Assert.That(Status(session.Receive("RemoteStartTransaction", Payloads.Of("""{"connectorId":1,"idTag":"T"}"""))), Is.EqualTo("Rejected"));
            Assert.That(Status(session.Receive("RemoteStartTransaction", Payloads.Of("""{"connectorId":2,"idTag":"T"}"""))), Is.EqualTo("Rejected"));
            Assert.That(Status(session.Receive("RemoteStartTransaction", Payloads.Of("""{"connectorId":7,"idTag":"T"}"""))), Is.EqualTo("Rejected"));
            Assert.That(Status(session.Receive("RemoteStartTransaction", Payloads.Of("""{"connectorId":0,"idTag":"T"}"""))), Is.EqualTo("Rejected"));
            Assert.That(Status(session.Receive("RemoteStartTransaction", Payloads.Of("""{"idTag":"T"}"""))), Is.EqualTo("Rejected"), "no free connector");
            Assert.That(Status(pending.Receive("RemoteStartTransaction", Payloads.Of("""{"connectorId":1,"idTag":"T"}"""))), Is.EqualTo("Rejected"));
            Assert.That(session.PendingAfterReply, Is.Empty);
            Assert.That(pending.Model.Connector(1)!.CablePlugged, Is.False);
        });
    }

    [Test]
    public void RemoteStart_with_a_TxProfile_installs_it_for_the_new_transaction()
    {
        var session = Session();

        var reply = session.Receive("RemoteStartTransaction", Payloads.Of("""
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

        var reply = session.Receive("RemoteStartTransaction", Payloads.Of("""
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

        Assert.That(Status(session.Receive("RemoteStopTransaction", Payloads.Of("""{"transactionId":999}"""))), Is.EqualTo("Rejected"));
    }
}
