using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Ocpp.Framing;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.Schemas;
using OcppLab.Infrastructure.Ocpp.V16;

namespace OcppLab.UnitTests.Ocpp.Protocol;

/// <summary>
/// Issue 11 item 5: binding a CALL to its record changes no answer. What the schema allows but a plain
/// <c>int</c> or <see cref="DateTimeOffset"/> could not hold is read as the string-key reads were
/// (1.0 is 1, a too-large number is clamped, a leap second is no timestamp); what cannot bind at all
/// (only possible for a payload that skipped schema validation) is the version's FormatViolation, not a crash.
/// </summary>
public sealed class CsmsCallHandlerTests
{
    private static void AssertSchemaValid(OcppVersion version, string action, JsonObject payload) =>
        Assert.That(OcppSchemaValidator.Shared.Validate(version, action, OcppMessageKind.Request, payload).IsValid, Is.True, $"{payload.ToJsonString()} is schema-valid, so it reaches the handler");

    private static string? Status(CallReply reply) => reply.Result.Str("status");

    [Test]
    public void An_integer_written_as_a_decimal_binds_as_that_integer()
    {
        var payload = Json.Of("""{"connectorId":1.0}""");
        AssertSchemaValid(OcppVersion.V16, "UnlockConnector", payload);

        var session = new FakeSession(OcppVersion.V16);

        Assert.That(Status(session.Receive("UnlockConnector", payload)), Is.EqualTo("Unlocked"), "connector 1 exists; connector 0 would be NotSupported");
    }

    [Test]
    public void An_integer_beyond_32_bits_is_clamped_not_a_failure()
    {
        var payload = Json.Of("""{"reservationId":3000000000}""");
        AssertSchemaValid(OcppVersion.V201, "CancelReservation", payload);

        var reply = new FakeSession(OcppVersion.V201).Receive("CancelReservation", payload);

        Assert.Multiple(() =>
        {
            Assert.That(reply.IsError, Is.False);
            Assert.That(Status(reply), Is.EqualTo("Rejected"));
        });
    }

    [Test]
    public void A_leap_second_the_schema_allows_is_read_as_no_timestamp_as_before()
    {
        // OCPP 1.6 §5.13 ReserveNow: a missing or unreadable expiryDate falls back to now (OcppJson.Time returned null).
        var leap = Json.Of("""{"connectorId":1,"expiryDate":"2026-03-02T23:59:60Z","idTag":"TAG-1","reservationId":7}""");
        var now = Json.Of($$"""{"connectorId":1,"expiryDate":"{{OcppJson.Timestamp(FakeSession.Start)}}","idTag":"TAG-1","reservationId":7}""");
        AssertSchemaValid(OcppVersion.V16, "ReserveNow", leap);
        var withLeap = new FakeSession(OcppVersion.V16);
        var withNow = new FakeSession(OcppVersion.V16);

        var leapReply = withLeap.Receive("ReserveNow", leap);
        var nowReply = withNow.Receive("ReserveNow", now);

        Assert.Multiple(() =>
        {
            Assert.That(leapReply.IsError, Is.False);
            Assert.That(Status(leapReply), Is.EqualTo(Status(nowReply)));
            Assert.That(withLeap.Model.Connector(1)!.Reservation?.ExpiresAt, Is.EqualTo(FakeSession.Start));
        });
    }

    [Test]
    public void Vendor_fields_in_custom_data_are_echoed_as_they_came()
    {
        // B06 GetVariables: the result repeats the component and variable of the request, customData included.
        var payload = Json.Of("""
            {"getVariableData":[{"component":{"name":"OCPPCommCtrlr","customData":{"vendorId":"ACME","note":"n","level":2}},
                                 "variable":{"name":"HeartbeatInterval","customData":{"vendorId":"ACME"}}}]}
            """);
        AssertSchemaValid(OcppVersion.V201, "GetVariables", payload);

        var result = new FakeSession(OcppVersion.V201).Receive("GetVariables", payload).Result!["getVariableResult"]![0]!;

        Assert.Multiple(() =>
        {
            Assert.That(result.Str("attributeStatus"), Is.EqualTo("Accepted"));
            Assert.That(JsonNode.DeepEquals(result["component"], payload["getVariableData"]![0]!["component"]), Is.True, result["component"]!.ToJsonString());
            Assert.That(JsonNode.DeepEquals(result["variable"], payload["getVariableData"]![0]!["variable"]), Is.True, result["variable"]!.ToJsonString());
        });
    }

    [Test]
    public void Timestamps_are_written_as_the_charge_point_always_wrote_them()
    {
        var reply = new FakeSession(OcppVersion.V16).Receive("GetCompositeSchedule", Json.Of("""{"connectorId":0,"duration":60}"""));

        Assert.Multiple(() =>
        {
            Assert.That(reply.Result.Str("scheduleStart"), Is.EqualTo("2026-03-02T08:00:00.000Z"));
            Assert.That(reply.Result!["chargingSchedule"].Str("startSchedule"), Is.EqualTo("2026-03-02T08:00:00.000Z"));
        });
    }

    [TestCase(OcppVersion.V16, "Reset", """{"type":"Warm"}""", "FormationViolation")]
    [TestCase(OcppVersion.V16, "UnlockConnector", """{"connectorId":"one"}""", "FormationViolation")]
    [TestCase(OcppVersion.V201, "Reset", """{"type":"Warm"}""", "FormatViolation")]
    [TestCase(OcppVersion.V201, "TriggerMessage", """{"requestedMessage":"Heartbeat","evse":[1]}""", "FormatViolation")]
    public void A_payload_the_record_cannot_hold_is_a_FormatViolation_and_the_session_goes_on(OcppVersion version, string action, string json, string code)
    {
        var payload = Json.Of(json);
        Assert.That(OcppSchemaValidator.Shared.Validate(version, action, OcppMessageKind.Request, payload).IsValid, Is.False, "only a payload that skipped validation gets here");
        var session = new FakeSession(version);

        var reply = session.Protocol.Handle(action, payload);

        Assert.Multiple(() =>
        {
            Assert.That(reply.ErrorCode, Is.EqualTo(code));
            Assert.That(reply.ErrorDescription, Does.StartWith(action + ":"));
            Assert.That(session.PendingAfterReply, Is.Empty, "nothing was acted on");
            Assert.That(Status(session.Receive("ClearCache", [])), Is.EqualTo("Accepted"), "the next CALL is answered");
        });
    }

    [Test]
    public void A_handler_may_answer_with_a_CALLERROR_and_only_a_CALLERROR_converts_to_an_answer()
    {
        var session = new FakeSession(OcppVersion.V16);
        var handler = new RefusingHandler();

        var refused = handler.Handle((V16Protocol)session.Protocol, Json.Of("""{"reason":"busy"}"""));
        var answered = handler.Handle((V16Protocol)session.Protocol, Json.Of("""{"reason":"ok"}"""));

        Assert.Multiple(() =>
        {
            Assert.That(refused.ErrorCode, Is.EqualTo(OcppErrorCodes.GenericError));
            Assert.That(refused.ErrorDescription, Is.EqualTo("busy"));
            Assert.That(answered.Result!.ToJsonString(), Is.EqualTo("""{"echo":"ok"}"""));
            Assert.That(() => { CallAnswer<ProbeResponse> _ = CallReply.Ok([]); }, Throws.ArgumentException);
        });
    }

    [Test]
    public void A_record_missing_from_the_context_stops_the_handler_being_created()
    {
        Assert.That(() => new UnregisteredHandler(), Throws.InvalidOperationException.With.Message.Contains(nameof(ProbeRequest)));
    }

    private sealed class RefusingHandler() : CsmsCallHandler<V16Protocol, ProbeRequest, ProbeResponse>(ProbeRecords.Default)
    {
        public override string Action => "Probe";

        protected override CallAnswer<ProbeResponse> Handle(V16Protocol protocol, ProbeRequest request) =>
            request.Reason == "busy" ? CallReply.Error(OcppErrorCodes.GenericError, "busy") : new ProbeResponse(request.Reason);
    }

    private sealed class UnregisteredHandler() : CsmsCallHandler<V16Protocol, ProbeRequest, ProbeResponse>(ProbeResponseOnly.Default)
    {
        public override string Action => "Probe";

        protected override CallAnswer<ProbeResponse> Handle(V16Protocol protocol, ProbeRequest request) => new ProbeResponse(null);
    }
}

internal sealed record ProbeRequest(string? Reason);

internal sealed record ProbeResponse(string? Echo);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ProbeRequest))]
[JsonSerializable(typeof(ProbeResponse))]
internal sealed partial class ProbeRecords : JsonSerializerContext;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ProbeResponse))]
internal sealed partial class ProbeResponseOnly : JsonSerializerContext;
