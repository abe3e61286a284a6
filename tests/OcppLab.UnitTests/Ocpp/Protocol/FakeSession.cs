using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.Sandbox;
using OcppLab.Infrastructure.Ocpp.Schemas;
using OcppLab.Infrastructure.Ocpp.V16;
using OcppLab.Infrastructure.Ocpp.V201;
using ChargePointModel = OcppLab.Domain.ChargePoint.ChargePoint;

namespace OcppLab.UnitTests.Ocpp.Protocol;

/// <summary>One CALL the charge point sent and what the (fake) CSMS answered.</summary>
internal sealed record SentCall(string Action, JsonObject Payload, JsonObject? Response, DateTimeOffset SentAt);

/// <summary>One CSMS CALL the protocol handled and its reply.</summary>
internal sealed record HandledCall(string Action, JsonObject Payload, CallReply Reply);

/// <summary>
/// A stand-in for the charger session: a charge point on a fake clock, the protocol under test, an outbox that
/// records every CALL, AfterReply actions run when the test says so, Schedule'd actions run when the clock
/// reaches them, BootAnswered and Reboot recorded. Everything sent and answered is kept for schema checks.
/// </summary>
internal sealed class FakeSession : ISessionServices
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private readonly List<(DateTimeOffset At, Action Action)> _scheduled = [];
    private readonly SandboxResponder _sandbox;

    public FakeSession(
        OcppVersion version,
        int connectors = 2,
        string currentType = "ac",
        int maxPowerW = 22_000,
        IReadOnlyDictionary<string, string>? settings = null,
        Func<ElectricVehicle>? vehicle = null,
        string vendor = "OcppLab",
        string model = "Sim-22")
    {
        Version = version;
        Time = new FakeTimeProvider(Start);
        var spec = new ChargePointSpec("CP-1", vendor, model, "SN-0001", "1.2.3", version, connectors, maxPowerW, currentType, "Type2");
        var dc = spec.IsDc;
        Model = new ChargePointModel(spec, Time, settings, _ => vehicle?.Invoke() ?? (dc ? new ElectricVehicle(77_000, 20, 150_000) : new ElectricVehicle(60_000, 30, 11_000)));
        Protocol = version == OcppVersion.V16 ? new V16Protocol(this) : new V201Protocol(this);
        _sandbox = new SandboxResponder(Time, 300);
    }

    public OcppVersion Version { get; }
    public FakeTimeProvider Time { get; }
    public ChargePointModel Model { get; }
    public OcppProtocol Protocol { get; }
    public RegistrationStatus Registration { get; set; } = RegistrationStatus.Accepted;
    public DateTimeOffset Now => Model.Now;

    /// <summary>Queued, not yet delivered CALLs.</summary>
    public List<OutgoingCall> Outbox { get; } = [];

    public List<Action> PendingAfterReply { get; } = [];
    public IReadOnlyList<(DateTimeOffset At, Action Action)> Scheduled => _scheduled;
    public List<(RegistrationStatus Status, int Interval, DateTimeOffset? CurrentTime)> BootAnswers { get; } = [];
    public List<(StopReason Reason, string BootReason)> Reboots { get; } = [];

    /// <summary>Every CALL delivered, in order.</summary>
    public List<SentCall> Sent { get; } = [];

    /// <summary>Every CSMS CALL handled, in order.</summary>
    public List<HandledCall> Handled { get; } = [];

    /// <summary>When set, answers delivered CALLs instead of the sandbox CSMS; return null for a CALLERROR.</summary>
    public Func<string, JsonObject, JsonObject?>? Csms { get; set; }

    // ---- ISessionServices ----------------------------------------------------------------

    public void Enqueue(OutgoingCall call) => Outbox.Add(call);

    public void AfterReply(Action action) => PendingAfterReply.Add(action);

    public void Schedule(TimeSpan delay, Action action) => _scheduled.Add((Now + delay, action));

    public void BootAnswered(RegistrationStatus status, int intervalSeconds, DateTimeOffset? currentTime)
    {
        var wasAccepted = Registration == RegistrationStatus.Accepted;
        BootAnswers.Add((status, intervalSeconds, currentTime));
        Registration = status;
        if (status == RegistrationStatus.Accepted && !wasAccepted)
        {
            Outbox.AddRange(Protocol.AllStatuses());
        }
    }

    /// <summary>Whether the fake charge point counts as connected (TransactionEvent's offline flag).</summary>
    public bool Online { get; set; } = true;

    public bool HasQueuedTransactionMessages(string? transactionId) =>
        Outbox.Any(c => c.Class == CallClass.Transaction && (transactionId is null || c.TransactionId == transactionId));

    public void Reboot(StopReason reason, string bootReason)
    {
        Reboots.Add((reason, bootReason));
        Model.PowerDown(reason);
        Drain();
        Registration = RegistrationStatus.NotRegistered;
    }

    // ---- Driving ---------------------------------------------------------------------------

    /// <summary>
    /// A CSMS CALL arrives: it must be schema-valid (the session validates before Handle), then is handled.
    /// Unless told otherwise the reply is "sent" and the follow-ups run, as the session does.
    /// </summary>
    public CallReply Receive(string action, JsonObject payload, bool sendReply = true)
    {
        var check = OcppSchemaValidator.Shared.Validate(Version, action, OcppMessageKind.Request, payload);
        if (!check.IsValid)
        {
            throw new ArgumentException($"The test sends an invalid {action} request: {check}", nameof(payload));
        }

        var reply = Protocol.Handle(action, payload);
        Handled.Add(new HandledCall(action, payload, reply));
        if (sendReply)
        {
            ReplySent();
        }

        return reply;
    }

    /// <summary>The reply went out: run the AfterReply follow-ups, then turn model events into CALLs.</summary>
    public void ReplySent()
    {
        var followUps = PendingAfterReply.ToList();
        PendingAfterReply.Clear();
        foreach (var followUp in followUps)
        {
            followUp();
        }

        Drain();
    }

    /// <summary>Turns the model's events into queued CALLs.</summary>
    public void Drain()
    {
        foreach (var chargePointEvent in Model.TakeEvents())
        {
            Outbox.AddRange(Protocol.Translate(chargePointEvent));
        }

        Protocol.CheckScheduledReset();
        foreach (var chargePointEvent in Model.TakeEvents())
        {
            Outbox.AddRange(Protocol.Translate(chargePointEvent));
        }
    }

    /// <summary>Time passes: due scheduled actions run in order, the model advances, its events are queued.</summary>
    public void Pass(TimeSpan elapsed)
    {
        var end = Time.GetUtcNow() + elapsed;
        while (_scheduled.Count > 0)
        {
            var next = _scheduled.Min(s => s.At);
            if (next > end)
            {
                break;
            }

            if (next > Time.GetUtcNow())
            {
                Time.SetUtcNow(next);
            }

            Model.Advance();
            Drain();
            var due = _scheduled.Where(s => s.At <= next).ToList();
            _scheduled.RemoveAll(due.Contains);
            foreach (var (_, action) in due)
            {
                action();
            }

            Drain();
        }

        Time.SetUtcNow(end);
        Model.Advance();
        Drain();
    }

    /// <summary>
    /// Sends the queued CALLs one at a time, as the session does: each payload is built when sent, the CSMS
    /// (sandbox, or <see cref="Csms"/>) answers, OnResult runs, and the model's new events are queued behind.
    /// </summary>
    public IReadOnlyList<SentCall> Deliver(int max = 10_000)
    {
        var delivered = new List<SentCall>();
        while (Outbox.Count > 0 && delivered.Count < max)
        {
            var call = Outbox[0];
            Outbox.RemoveAt(0);
            var payload = call.Payload;
            var response = Csms is { } csms ? csms(call.Action, payload) : _sandbox.Answer(Version, call.Action, payload);
            var sent = new SentCall(call.Action, payload, response, Now);
            Sent.Add(sent);
            delivered.Add(sent);
            if (response is null)
            {
                call.OnFailure?.Invoke(new CallFailure(CallFailure.CallError, "NotImplemented"));
            }
            else
            {
                call.OnResult?.Invoke(response);
            }

            Drain();
        }

        return delivered;
    }

    /// <summary>Removes the queued CALLs without sending them (for tests that only look at the queue).</summary>
    public List<(string Action, JsonObject Payload)> TakeOutbox()
    {
        var calls = Outbox.Select(c => (c.Action, c.Payload)).ToList();
        Outbox.Clear();
        return calls;
    }

    public IEnumerable<SentCall> SentOf(string action) => Sent.Where(s => s.Action == action);

    /// <summary>Every request sent, every answer received and every reply given, checked against the official schemas.</summary>
    public IReadOnlyList<string> SchemaViolations()
    {
        var problems = new List<string>();
        void Check(string action, OcppMessageKind kind, JsonObject payload)
        {
            var result = OcppSchemaValidator.Shared.Validate(Version, action, kind, payload);
            if (!result.IsValid)
            {
                problems.Add($"{action} {kind}: {string.Join("; ", result.Errors)} in {payload.ToJsonString()}");
            }
        }

        foreach (var sent in Sent)
        {
            Check(sent.Action, OcppMessageKind.Request, sent.Payload);
            if (sent.Response is { } response)
            {
                Check(sent.Action, OcppMessageKind.Response, response);
            }
        }

        foreach (var handled in Handled.Where(h => !h.Reply.IsError))
        {
            Check(handled.Action, OcppMessageKind.Response, handled.Reply.Result!);
        }

        return problems;
    }
}

internal static class Json
{
    /// <summary>Parses a JSON object literal (tests write payloads as raw strings).</summary>
    public static JsonObject Of(string json) => JsonNode.Parse(json)!.AsObject();

    public static string? Str(this JsonNode? node, string name) => node?[name]?.GetValue<string>();

    public static int? Int(this JsonNode? node, string name) => node?[name]?.GetValue<int>();
}
