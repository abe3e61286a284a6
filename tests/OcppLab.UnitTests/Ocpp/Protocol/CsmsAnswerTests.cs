namespace OcppLab.UnitTests.Ocpp.Protocol;

/// <summary>
/// The CSMS's answers to the charge point's own messages, read into records (issue 11 item 5). They are not
/// schema-checked, so they bind as leniently as the string-keyed reads did: a value of the wrong type is absent
/// and what else the answer says still counts (1.6 §4.2, 2.0.1 B01 BootNotification; 1.6 §4.1, 2.0.1 C01 Authorize;
/// 1.6 §4.8 StartTransaction).
/// </summary>
public sealed class CsmsAnswerTests
{
    [TestCase(OcppVersion.V16)]
    [TestCase(OcppVersion.V201)]
    public void A_boot_answer_with_a_bad_interval_still_registers_and_keeps_the_interval_unset(OcppVersion version)
    {
        var session = Booting(version, """{"status":"Accepted","interval":"thirty","currentTime":7}""");

        Assert.That(session.BootAnswers, Is.EqualTo(new[] { (RegistrationStatus.Accepted, 0, (DateTimeOffset?)null) }));
    }

    [TestCase(OcppVersion.V16, """{"status":5,"interval":300,"currentTime":"2026-03-02T08:00:00Z"}""", RegistrationStatus.Rejected, 300)]
    [TestCase(OcppVersion.V201, """{"status":"Pending","interval":30.0,"currentTime":"2026-03-02T08:00:00Z"}""", RegistrationStatus.Pending, 30)]
    [TestCase(OcppVersion.V16, """{"status":"Accepted","interval":1e12,"currentTime":"2026-03-02T08:00:00Z"}""", RegistrationStatus.Accepted, int.MaxValue)]
    [TestCase(OcppVersion.V201, """{"status":"Maybe","interval":60,"currentTime":"2026-03-02T08:00:00Z"}""", RegistrationStatus.Rejected, 60)]
    public void A_boot_status_that_is_not_Accepted_or_Pending_is_Rejected_and_an_integer_is_read_leniently(OcppVersion version, string answer, RegistrationStatus status, int interval)
    {
        var session = Booting(version, answer);

        Assert.That(session.BootAnswers, Is.EqualTo(new[] { (status, interval, (DateTimeOffset?)FakeSession.Start) }));
    }

    [TestCase(OcppVersion.V16, """{"idTagInfo":{"status":7,"expiryDate":"never","parentIdTag":3}}""")]
    [TestCase(OcppVersion.V201, """{"idTokenInfo":{"status":7,"cacheExpiryDateTime":5}}""")]
    public void An_authorization_status_of_the_wrong_type_is_Invalid(OcppVersion version, string answer)
    {
        var decided = Authorize(version, answer);

        Assert.That(decided, Is.EqualTo(new IdTagInfo(AuthorizationStatus.Invalid, null, null)));
    }

    [TestCase(OcppVersion.V16, """{"idTagInfo":"Accepted"}""")]
    [TestCase(OcppVersion.V201, """{"idTokenInfo":["Accepted"]}""")]
    public void A_tag_status_that_is_not_an_object_is_no_answer(OcppVersion version, string answer)
    {
        Assert.That(Authorize(version, answer), Is.Null);
    }

    [TestCase(OcppVersion.V16, """{"idTagInfo":{"status":"Accepted","expiryDate":"2026-03-03T08:00:00Z","parentIdTag":"PARENT"}}""", "PARENT")]
    [TestCase(OcppVersion.V201, """{"idTokenInfo":{"status":"Accepted","cacheExpiryDateTime":"2026-03-03T08:00:00Z"}}""", null)]
    public void A_good_authorization_answer_is_read_whole(OcppVersion version, string answer, string? parent)
    {
        Assert.That(Authorize(version, answer), Is.EqualTo(new IdTagInfo(AuthorizationStatus.Accepted, FakeSession.Start.AddDays(1), parent)));
    }

    [TestCase("""{"transactionId":"abc","idTagInfo":{"status":"Accepted"}}""", -1)]
    [TestCase("""{"transactionId":42.0,"idTagInfo":{"status":"Accepted"}}""", 42)]
    [TestCase("""{"transactionId":42,"idTagInfo":"Accepted"}""", 42)]
    public void A_V16_start_answer_gives_the_transaction_id_it_can_read_and_minus_1_otherwise(string answer, int transactionId)
    {
        var session = new FakeSession(OcppVersion.V16) { Csms = (action, _) => action == "StartTransaction" ? Json.Of(answer) : [] };
        session.Model.PlugIn(1);
        session.Model.StartTransaction(1, "TAG-1", "ISO14443", TxTrigger.Authorized);
        session.Drain();

        session.Deliver();

        Assert.Multiple(() =>
        {
            Assert.That(session.Model.Connector(1)!.Transaction?.CsmsTransactionId, Is.EqualTo(transactionId));
            Assert.That(session.Model.Connector(1)!.Transaction, Is.Not.Null, "an unreadable tag status does not stop the transaction");
        });
    }

    private static FakeSession Booting(OcppVersion version, string answer)
    {
        var session = new FakeSession(version) { Registration = RegistrationStatus.NotRegistered, Csms = (_, _) => Json.Of(answer) };
        session.Outbox.Add(session.Protocol.BootNotification("PowerUp"));
        session.Deliver(max: 1);
        return session;
    }

    private static IdTagInfo? Authorize(OcppVersion version, string answer)
    {
        var session = new FakeSession(version) { Csms = (_, _) => Json.Of(answer) };
        IdTagInfo? decided = null;
        var answered = false;
        session.Outbox.Add(session.Protocol.Authorize("TAG-1", "ISO14443", info =>
        {
            decided = info;
            answered = true;
        }));

        session.Deliver(max: 1);

        Assert.That(answered, Is.True, "the answer was read");
        return decided;
    }
}
