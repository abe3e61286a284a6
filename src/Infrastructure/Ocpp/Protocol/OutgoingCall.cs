using System.Text.Json.Nodes;

namespace OcppLab.Infrastructure.Ocpp.Protocol;

/// <summary>How a CP→CSMS CALL is queued and retried.</summary>
public enum CallClass
{
    /// <summary>BootNotification: the only request before registration.</summary>
    Boot,

    /// <summary>Transaction-related (1.6 Start/Stop/MeterValues of a transaction, 2.0.1 TransactionEvent): kept while offline, delivered in order, retried.</summary>
    Transaction,

    /// <summary>Anything else: dropped if the connection is lost before it is sent.</summary>
    Normal,

    /// <summary>Asked for by the CSMS (TriggerMessage, NotifyReport …): may be sent while registration is Pending.</summary>
    Requested,

    /// <summary>A user's proxied message: sent as is, never retried.</summary>
    Proxy,
}

/// <summary>The reason a CALL did not get a result.</summary>
public sealed record CallFailure(string Kind, string? ErrorCode = null, string? Description = null, JsonObject? Details = null)
{
    public const string Timeout = "timeout";
    public const string CallError = "call_error";
    public const string Disconnected = "disconnected";
    public const string Dropped = "dropped";

    public bool IsTimeout => Kind == Timeout;
}

/// <summary>
/// A CALL the charge point wants to send. Its payload is built when it is first sent (so a 1.6
/// MeterValues queued behind its StartTransaction carries the transactionId the CSMS assigned) and
/// then kept, so a retry sends the same content under a new message id. A typed payload
/// (<see cref="CallPayload.Of{T}"/>) is kept as the UTF-8 bytes its record was written to.
/// </summary>
public sealed class OutgoingCall
{
    /// <summary>A call with a typed (or any other) payload.</summary>
    public OutgoingCall(string action, CallPayload payload, CallClass @class = CallClass.Normal)
    {
        Action = action;
        Content = payload;
        Class = @class;
    }

    /// <summary>A call whose payload is a JSON object (a proxied message, a restored one).</summary>
    public OutgoingCall(string action, Func<JsonObject> build, CallClass @class = CallClass.Normal)
        : this(action, CallPayload.Json(build), @class)
    {
    }

    public string Action { get; }
    public CallClass Class { get; }

    /// <summary>The payload, shared by the calls made from this one (<see cref="As"/>).</summary>
    public CallPayload Content { get; }

    /// <summary>
    /// Runs on the session when the CSMS answered with a CALLRESULT. A typed answer is read with
    /// <see cref="OcppJson.Reading{T}"/>; the answer is not schema-checked, so its records bind leniently.
    /// </summary>
    public Action<JsonObject>? OnResult { get; init; }

    /// <summary>Runs on the session when the call finally failed (after its retries).</summary>
    public Action<CallFailure>? OnFailure { get; init; }

    public TimeSpan? Timeout { get; init; }

    /// <summary>The transaction a transaction-related message belongs to (GetTransactionStatus).</summary>
    public string? TransactionId { get; init; }

    /// <summary>When the last attempt was sent, and under which message id.</summary>
    public DateTimeOffset? SentAt { get; set; }

    public string? MessageId { get; set; }

    /// <summary>A periodic meter sample of a transaction (the model's MeterValuePeriodic): a full live-state store may leave it out.</summary>
    public bool PeriodicSample { get; set; }

    /// <summary>Attempts made so far.</summary>
    public int Attempts { get; set; }

    /// <summary>Not to be sent before this instant (retry back-off).</summary>
    public DateTimeOffset NotBefore { get; set; }

    /// <summary>The payload as a JSON object (built and fixed now if it was not yet): for tests and tools; the session sends <see cref="Frame"/>.</summary>
    public JsonObject Payload => Content.Object();

    /// <summary>The CALL frame under <paramref name="messageId"/>, as UTF-8 bytes for the socket (the payload is built now if it was not yet).</summary>
    public byte[] Frame(string messageId) => Framing.OcppFrame.CallUtf8(messageId, Action, Content.Utf8().Span);

    /// <summary>
    /// A copy of the payload as it would go out now, for the stored live state. A call not yet sent is
    /// not fixed by this (a 1.6 message behind an unanswered StartTransaction still gets its id later).
    /// </summary>
    public JsonObject PayloadCopy() => Content.Copy();

    /// <summary>
    /// The same message as another call: of another class (sent as one the CSMS asked for) or with
    /// another answer handler; the payload is shared, so it is still built once.
    /// </summary>
    public OutgoingCall As(CallClass? @class = null, Action<JsonObject>? onResult = null) =>
        new(Action, Content, @class ?? Class)
        {
            OnResult = onResult ?? OnResult,
            OnFailure = OnFailure,
        };
}
