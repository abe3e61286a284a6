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
/// then kept, so a retry sends the same content under a new message id.
/// </summary>
public sealed class OutgoingCall
{
    private readonly Func<JsonObject> _build;
    private JsonObject? _payload;

    public OutgoingCall(string action, Func<JsonObject> build, CallClass @class = CallClass.Normal)
    {
        Action = action;
        _build = build;
        Class = @class;
    }

    public string Action { get; }
    public CallClass Class { get; }

    /// <summary>Runs on the session when the CSMS answered with a CALLRESULT.</summary>
    public Action<JsonObject>? OnResult { get; init; }

    /// <summary>Runs on the session when the call finally failed (after its retries).</summary>
    public Action<CallFailure>? OnFailure { get; init; }

    public TimeSpan? Timeout { get; init; }

    /// <summary>The transaction a transaction-related message belongs to (GetTransactionStatus).</summary>
    public string? TransactionId { get; init; }

    /// <summary>When the last attempt was sent, and under which message id.</summary>
    public DateTimeOffset? SentAt { get; set; }

    public string? MessageId { get; set; }

    /// <summary>Attempts made so far.</summary>
    public int Attempts { get; set; }

    /// <summary>Not to be sent before this instant (retry back-off).</summary>
    public DateTimeOffset NotBefore { get; set; }

    public JsonObject Payload => _payload ??= _build();

    /// <summary>
    /// A copy of the payload as it would go out now, for the stored live state. A call not yet sent is
    /// not fixed by this (a 1.6 message behind an unanswered StartTransaction still gets its id later).
    /// </summary>
    public JsonObject PayloadCopy() => _payload is { } built ? (JsonObject)built.DeepClone() : _build();
}
