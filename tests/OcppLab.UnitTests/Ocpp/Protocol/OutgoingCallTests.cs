using System.Text;

namespace OcppLab.UnitTests.Ocpp.Protocol;

/// <summary>
/// An outgoing CALL with a typed payload (issue 11 item 5): written once, at its first send, to UTF-8 and
/// framed around those bytes; the frame is what the JSON-tree path wrote; a retry sends the same payload.
/// </summary>
public sealed class OutgoingCallTests
{
    [TestCase("abcdef01-1", "Heartbeat")]
    [TestCase("id \"quoted\" \\ é", "Da\"ta\u0001Transfer")]
    public void The_frame_around_the_payload_bytes_is_the_frame_the_JSON_tree_path_wrote(string messageId, string action)
    {
        var payload = Json.Of("""{"vendorId":"Jürgen & <Söhne>","data":{"n":1.5,"list":[true,null]}}""");
        var bytes = Encoding.UTF8.GetBytes(payload.ToJsonString(OcppFrame.WireOptions));

        var frame = Encoding.UTF8.GetString(OcppFrame.CallUtf8(messageId, action, bytes));

        Assert.Multiple(() =>
        {
            Assert.That(frame, Is.EqualTo(OcppFrame.Call(messageId, action, payload)));
            var parsed = OcppFrame.Parse(frame);
            Assert.That((parsed.Kind, parsed.MessageId, parsed.Action), Is.EqualTo((FrameKind.Call, messageId, action)));
        });
    }

    [TestCase(OcppVersion.V16, "\"chargePointVendor\":\"Jürgen & <Söhne>\"")]
    [TestCase(OcppVersion.V201, "\"vendorName\":\"Jürgen & <Söhne>\"")]
    public void Text_goes_out_as_it_is_not_escaped(OcppVersion version, string expected)
    {
        var session = new FakeSession(version, vendor: "Jürgen & <Söhne>");

        var frame = Encoding.UTF8.GetString(session.Protocol.BootNotification("PowerUp").Frame("m-1"));

        Assert.That(frame, Does.Contain(expected));
    }

    [Test]
    public void A_typed_payload_is_fixed_at_its_first_send_and_a_retry_sends_the_same_one()
    {
        var session = new FakeSession(OcppVersion.V16) { Csms = (action, _) => action == "StartTransaction" ? Json.Of("""{"transactionId":4711,"idTagInfo":{"status":"Accepted"}}""") : [] };
        session.Model.PlugIn(1);
        session.Model.StartTransaction(1, "TAG-1", "ISO14443", TxTrigger.Authorized);
        session.Pass(TimeSpan.FromSeconds(61));
        var meterValues = session.Outbox.First(c => c.Action == "MeterValues");
        var unsent = meterValues.PayloadCopy();

        session.Deliver(max: session.Outbox.IndexOf(meterValues));
        var first = Encoding.UTF8.GetString(meterValues.Frame("m-1"));
        session.Model.Connector(1)!.Transaction!.CsmsTransactionId = 99;
        var retry = Encoding.UTF8.GetString(meterValues.Frame("m-2"));

        Assert.Multiple(() =>
        {
            Assert.That(unsent.Int("transactionId"), Is.EqualTo(-1), "a copy for the live state does not fix a call not yet sent");
            Assert.That(first, Does.StartWith("[2,\"m-1\",\"MeterValues\",{\"connectorId\":1,\"transactionId\":4711,"), "built when sent: the id the CSMS assigned");
            Assert.That(retry, Is.EqualTo(first.Replace("\"m-1\"", "\"m-2\"", StringComparison.Ordinal)), "the retry carries the same payload under a new id");
            Assert.That(meterValues.PayloadCopy().Int("transactionId"), Is.EqualTo(4711));
        });
    }

    [Test]
    public void A_call_made_from_another_shares_its_payload_and_keeps_its_failure_handler()
    {
        var session = new FakeSession(OcppVersion.V201);
        var failed = 0;
        var original = new OutgoingCall("Heartbeat", CallPayload.Of(() => new Infrastructure.Ocpp.V201.Messages.HeartbeatRequest(), Infrastructure.Ocpp.V201.Messages.V201Json.Default.HeartbeatRequest))
        {
            OnFailure = _ => failed++,
        };
        JsonObject? answered = null;

        var requested = original.As(CallClass.Requested, onResult: result => answered = result);
        requested.OnResult!(Json.Of("""{"currentTime":"2026-03-02T08:00:00Z"}"""));
        requested.OnFailure!(new CallFailure(CallFailure.Timeout));

        Assert.Multiple(() =>
        {
            Assert.That((requested.Action, requested.Class, original.Class), Is.EqualTo(("Heartbeat", CallClass.Requested, CallClass.Normal)));
            Assert.That(requested.Content, Is.SameAs(original.Content));
            Assert.That(Encoding.UTF8.GetString(requested.Frame("m-1")), Is.EqualTo("[2,\"m-1\",\"Heartbeat\",{}]"));
            Assert.That(answered, Is.Not.Null);
            Assert.That(failed, Is.EqualTo(1));
            Assert.That(session.Outbox, Is.Empty);
        });
    }
}
