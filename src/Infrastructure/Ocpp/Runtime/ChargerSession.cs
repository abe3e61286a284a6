using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Common.Contracts;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Domain.Common;
using OcppLab.Domain.Logs;
using OcppLab.Infrastructure.Logging;
using OcppLab.Infrastructure.Observability;
using OcppLab.Infrastructure.Ocpp.Framing;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.Statistics;

namespace OcppLab.Infrastructure.Ocpp.Runtime;

/// <summary>
/// One running charge point: an actor that owns the model, the protocol logic and the sending
/// side of the WebSocket, plus a supervisor that (re)connects and runs the receive loop. Every
/// change goes through the actor's inbox, so the model is never touched from two threads; one
/// timer per session wakes it for heartbeats, meter samples, timeouts and retries.
/// </summary>
public sealed partial class ChargerSession : ISessionServices, IAsyncDisposable
{
    private const int RecentCallMemory = 64;

    private readonly SessionConnection _connection;
    private readonly IFrameLog _frames;
    private readonly IPayloadValidator _validator;
    private readonly IChargerStateStore _store;
    private readonly TimeProvider _time;
    private readonly RuntimeOptions _options;
    private readonly ILogger _logger;
    private readonly GatewayMetrics _metrics;
    private readonly SessionStatistics _stats;
    private readonly Channel<Work> _inbox = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly LinkedList<OutgoingCall> _outbox = new();
    private readonly List<Action> _afterReply = [];
    private readonly List<(DateTimeOffset At, Action Action)> _scheduled = [];
    private readonly Queue<(string Id, string Action)> _recentCalls = new();
    private readonly string _idPrefix = Ids.RandomHex(8);
    private readonly ITimer _timer;
    private Task _actor = Task.CompletedTask;
    private Task _supervisor = Task.CompletedTask;
    private long _idCounter;

    // Actor-owned state.
    private WebSocket? _socket;
    private int _socketNumber;
    private InFlight? _inFlight;
    private DateTimeOffset _lastSentAt;
    private DateTimeOffset _bootRetryAt;
    private string _bootReason = "PowerUp";
    private bool _stopRequested;
    private TaskCompletionSource? _stopped;
    private int _lastListVersion;
    private int _lastListCount;

    // Shared with the supervisor and readers of the snapshot.
    private volatile bool _rebootRequested;
    private volatile Phase _phase = Phase.Starting;
    private volatile string? _lastError;
    private volatile RuntimeState _snapshot;
    private DateTimeOffset? _connectedAt;
    private DateTimeOffset? _lastHeartbeatAt;

    public ChargerSession(
        SessionConnection connection,
        ChargePoint model,
        Func<ISessionServices, OcppProtocol> protocolFactory,
        IFrameLog frames,
        IPayloadValidator validator,
        IChargerStateStore store,
        TimeProvider time,
        RuntimeOptions options,
        GatewayMetrics metrics,
        ILogger logger)
    {
        _connection = connection;
        Model = model;
        _frames = frames;
        _validator = validator;
        _store = store;
        _time = time;
        _options = options;
        _metrics = metrics;
        _logger = logger;
        _stats = new SessionStatistics(Now, model.Spec.Version);
        Protocol = protocolFactory(this);
        _lastListVersion = model.LocalList.Version;
        _lastListCount = model.LocalList.Count;
        _timer = time.CreateTimer(_ => _inbox.Writer.TryWrite(Work.Tick.Instance), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _snapshot = BuildSnapshot();
    }

    private enum Phase
    {
        Starting,
        Connecting,
        Connected,
        Reconnecting,
        Failed,
        Stopped,
    }

    public string ChargerId => _connection.ChargerId;
    public ChargePoint Model { get; }
    public OcppProtocol Protocol { get; }
    public RegistrationStatus Registration { get; private set; } = RegistrationStatus.NotRegistered;
    public DateTimeOffset Now => Clock.TruncateToMilliseconds(_time.GetUtcNow());

    /// <summary>A consistent snapshot for the API, refreshed by the actor after every step.</summary>
    public RuntimeState Snapshot => _snapshot;

    public bool IsConnected => _phase == Phase.Connected;

    bool ISessionServices.Online => _socket is not null;

    public void Start()
    {
        _actor = Task.Run(RunActorAsync);
        _supervisor = Task.Run(SuperviseAsync);
    }

    /// <summary>
    /// Stops the charge point: waits for an in-flight CALL to be answered or time out, closes the
    /// WebSocket with a normal closure, and ends both loops.
    /// </summary>
    public async Task StopAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_inbox.Writer.TryWrite(new Work.Stop(done)))
        {
            await done.Task;
        }

        await Task.WhenAll(_actor, _supervisor);
    }

    /// <summary>Runs a function on the actor (where the model may be touched) and returns its result.</summary>
    public Task<T> InvokeAsync<T>(Func<ChargerSession, T> function)
    {
        var done = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_inbox.Writer.TryWrite(new Work.Invoke(s => function(s), done)))
        {
            throw new InvalidOperationException("The charger's runtime has stopped.");
        }

        return done.Task.ContinueWith(t => (T)t.GetAwaiter().GetResult()!, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync();
        _stopping.Dispose();
    }

    // ---- ISessionServices ---------------------------------------------------------------

    public void Enqueue(OutgoingCall call)
    {
        // What the model already raised happened first (a plug-in's StatusNotification before the
        // Authorize that follows it): queue those messages ahead of this one.
        DrainModelEvents();
        Add(call);
    }

    private void Add(OutgoingCall call)
    {
        call.NotBefore = Now;
        _outbox.AddLast(call);
    }

    public void AfterReply(Action action) => _afterReply.Add(action);

    public void Schedule(TimeSpan delay, Action action) => _scheduled.Add((Now + delay, action));

    public bool HasQueuedTransactionMessages(string? transactionId) =>
        _outbox.Any(c => c.Class == CallClass.Transaction && (transactionId is null || c.TransactionId == transactionId));

    public void BootAnswered(RegistrationStatus status, int intervalSeconds, DateTimeOffset? currentTime)
    {
        var wasAccepted = Registration == RegistrationStatus.Accepted;
        Registration = status;
        if (status == RegistrationStatus.Accepted)
        {
            if (intervalSeconds > 0)
            {
                Model.Settings.SetInternal(SettingsCatalog.HeartbeatInterval, intervalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            _lastError = null;
            if (!wasAccepted)
            {
                // B01.FR.05 / 1.6 §4.2: after Accepted, the status of every connector.
                foreach (var call in Protocol.AllStatuses())
                {
                    Enqueue(call);
                }
            }

            return;
        }

        // Pending / Rejected: the interval is the minimum wait before the next BootNotification.
        _bootRetryAt = Now + (intervalSeconds > 0 ? TimeSpan.FromSeconds(intervalSeconds) : _options.BootRetryInterval);
        _lastError = status == RegistrationStatus.Rejected ? "The CSMS rejected the BootNotification." : null;
    }

    public void Reboot(StopReason reason, string bootReason)
    {
        _logger.LogInformation("Charger {ChargerId} reboots ({Reason})", ChargerId, reason);
        Model.PowerDown(reason);
        DrainModelEvents();
        _bootReason = bootReason;
        Registration = RegistrationStatus.NotRegistered;
        _rebootRequested = true;
        _ = CloseSocketAsync(WebSocketCloseStatus.NormalClosure, "Rebooting");
    }

    // ---- The actor ----------------------------------------------------------------------

    private async Task RunActorAsync()
    {
        try
        {
            await foreach (var work in _inbox.Reader.ReadAllAsync())
            {
                try
                {
                    await HandleAsync(work);
                }
                catch (Exception ex)
                {
                    // Nothing a CSMS or a user sends may crash the session.
                    _logger.LogError(ex, "Charger {ChargerId}: failed to handle {Work}", ChargerId, work.GetType().Name);
                }

                if (_stopped is not null && _inFlight is null && _socket is null && _stopRequested)
                {
                    break;
                }

                AfterStep();
            }
        }
        finally
        {
            _phase = Phase.Stopped;
            _snapshot = BuildSnapshot();
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _stopped?.TrySetResult();
            _inbox.Writer.TryComplete();

            // A connection that opened just as the session stopped was never handed over: close it,
            // or its receive loop (and so StopAsync) would wait for ever.
            while (_inbox.Reader.TryRead(out var left))
            {
                if (left is Work.Connected connected)
                {
                    await CloseQuietlyAsync(connected.Socket);
                }
            }
        }
    }

    private async Task HandleAsync(Work work)
    {
        switch (work)
        {
            case Work.Connected connected:
                OnConnected(connected.Socket, connected.Number);
                break;
            case Work.Received received:
                await OnReceivedAsync(received);
                break;
            case Work.Disconnected disconnected:
                OnDisconnected(disconnected);
                break;
            case Work.ConnectFailed failed:
                _lastError = failed.Reason;
                _phase = failed.Permanent ? Phase.Failed : _phase == Phase.Starting ? Phase.Connecting : _phase;
                break;
            case Work.Connecting:
                if (_phase is Phase.Starting)
                {
                    _phase = Phase.Connecting;
                }

                break;
            case Work.Tick:
                OnTick();
                break;
            case Work.Invoke invoke:
                try
                {
                    invoke.Done.TrySetResult(invoke.Function(this));
                }
                catch (Exception ex)
                {
                    invoke.Done.TrySetException(ex);
                }

                break;
            case Work.Stop stop:
                _stopRequested = true;
                _stopped = stop.Done;
                if (_inFlight is null)
                {
                    await CloseForStopAsync();
                }

                break;
        }

        DrainModelEvents();
        await SendPendingAsync();
        await PersistIfChangedAsync();
        if (_stopRequested && _inFlight is null && _socket is not null)
        {
            await CloseForStopAsync();
        }
    }

    private void AfterStep()
    {
        Protocol.CheckScheduledReset();
        DrainModelEvents();
        _snapshot = BuildSnapshot();
        ArmTimer();
    }

    private void OnConnected(WebSocket socket, int number)
    {
        if (_stopRequested)
        {
            _ = CloseQuietlyAsync(socket);
            return;
        }

        _socket = socket;
        _socketNumber = number;
        _phase = Phase.Connected;
        _connectedAt = Now;
        _stats.Connected(Now);
        _lastError = null;
        _logger.LogDebug("Charger {ChargerId} connected (connection {Number})", ChargerId, number);

        if (Registration == RegistrationStatus.Accepted)
        {
            // A reconnect, not a reboot: no new BootNotification, but every connector's status.
            foreach (var call in Protocol.AllStatuses())
            {
                Enqueue(call);
            }
        }
        else
        {
            _bootRetryAt = Now;
        }
    }

    private void OnDisconnected(Work.Disconnected disconnected)
    {
        if (disconnected.Number != _socketNumber || _socket is null)
        {
            return;
        }

        _socket = null;
        _connectedAt = null;
        _stats.Disconnected(Now);
        _phase = _stopRequested ? Phase.Stopped : Phase.Reconnecting;
        if (disconnected.Reason is { } reason)
        {
            _lastError = reason;
        }

        if (_inFlight is { } inFlight)
        {
            _inFlight = null;
            Failed(inFlight.Call, new CallFailure(CallFailure.Disconnected, Description: "The connection was lost."));
        }

        // Only transaction messages survive a lost connection; statuses are sent afresh on reconnect.
        for (var node = _outbox.First; node is not null;)
        {
            var next = node.Next;
            if (node.Value.Class is not CallClass.Transaction)
            {
                _outbox.Remove(node);
                node.Value.OnFailure?.Invoke(new CallFailure(CallFailure.Dropped, Description: "The connection was lost before it was sent."));
            }

            node = next;
        }
    }

    private void OnTick()
    {
        var now = Now;
        if (_inFlight is { } inFlight && now >= inFlight.Deadline)
        {
            _inFlight = null;
            Remember(inFlight.MessageId, inFlight.Call.Action);
            _stats.Timeout(inFlight.Call.Action, LogDirection.CpToCsms);
            _metrics.Call(Model.Spec.Version, inFlight.Call.Action, LogDirection.CpToCsms, "timeout", Elapsed(inFlight.SentTicks));
            _logger.LogDebug("Charger {ChargerId}: {Action} {MessageId} timed out", ChargerId, inFlight.Call.Action, inFlight.MessageId);
            Failed(inFlight.Call, new CallFailure(CallFailure.Timeout, Description: "The CSMS did not answer in time."));
        }

        for (var i = 0; i < _scheduled.Count;)
        {
            if (_scheduled[i].At <= now)
            {
                var action = _scheduled[i].Action;
                _scheduled.RemoveAt(i);
                action();
            }
            else
            {
                i++;
            }
        }

        Model.Advance();
        if (_socket is not null && Registration == RegistrationStatus.Accepted
            && now >= _lastSentAt + HeartbeatInterval
            && !_outbox.Any(c => c.Action == "Heartbeat") && _inFlight?.Call.Action != "Heartbeat")
        {
            Enqueue(HeartbeatCall());
        }
    }

    private TimeSpan HeartbeatInterval => TimeSpan.FromSeconds(Math.Max(1, Model.Settings.GetInt(SettingsCatalog.HeartbeatInterval)));

    private OutgoingCall HeartbeatCall()
    {
        var call = Protocol.Heartbeat();
        return new OutgoingCall(call.Action, () => call.Payload, call.Class)
        {
            OnResult = _ => _lastHeartbeatAt = Now,
        };
    }

    private void DrainModelEvents()
    {
        foreach (var chargePointEvent in Model.TakeEvents())
        {
            foreach (var call in Protocol.Translate(chargePointEvent))
            {
                Add(call);
            }
        }
    }

    // ---- Sending --------------------------------------------------------------------------

    /// <summary>Sends the next eligible CALL if none is outstanding (one outstanding CALL per direction).</summary>
    private async Task SendPendingAsync()
    {
        // Not on a socket that is closing (a reboot closes it before the supervisor reconnects).
        if (_socket is not { State: WebSocketState.Open } || _inFlight is not null || _stopRequested)
        {
            return;
        }

        var now = Now;
        OutgoingCall? next = null;
        if (Registration != RegistrationStatus.Accepted)
        {
            if (now >= _bootRetryAt && !_outbox.Any(c => c.Class == CallClass.Boot))
            {
                // B01.FR.08 / 1.6 §4.2: BootNotification first, and nothing else until accepted.
                _outbox.AddFirst(Protocol.BootNotification(_bootReason));
            }

            next = _outbox.FirstOrDefault(c => c.Class == CallClass.Boot && now >= _bootRetryAt)
                ?? (Registration == RegistrationStatus.Pending
                    ? _outbox.FirstOrDefault(c => c.Class is CallClass.Requested or CallClass.Proxy && c.NotBefore <= now)
                    : _outbox.FirstOrDefault(c => c.Class is CallClass.Proxy && c.NotBefore <= now));
        }
        else
        {
            var transactionBlocked = false;
            foreach (var call in _outbox)
            {
                if (call.Class == CallClass.Boot)
                {
                    continue;
                }

                if (call.Class == CallClass.Transaction)
                {
                    // Transaction messages go in order: a waiting retry holds back the ones after it.
                    if (transactionBlocked)
                    {
                        continue;
                    }

                    if (call.NotBefore > now)
                    {
                        transactionBlocked = true;
                        continue;
                    }
                }
                else if (call.NotBefore > now)
                {
                    continue;
                }

                next = call;
                break;
            }
        }

        if (next is null)
        {
            return;
        }

        var messageId = NextMessageId();
        string text;
        try
        {
            text = OcppFrame.Call(messageId, next.Action, next.Payload);
        }
        catch (Exception ex)
        {
            _outbox.Remove(next);
            _logger.LogError(ex, "Charger {ChargerId}: building {Action} failed", ChargerId, next.Action);
            next.OnFailure?.Invoke(new CallFailure(CallFailure.Dropped, Description: ex.Message));
            return;
        }

        if (Encoding.UTF8.GetByteCount(text) is var size && size > _options.MaxFrameBytes)
        {
            // Never sent: a CSMS is entitled to drop a frame over the limit, and the log would store it whole.
            _outbox.Remove(next);
            _logger.LogWarning(
                "Charger {ChargerId}: {Action} of {Bytes} bytes is over Ocpp:MaxFrameBytes ({Max}); not sent",
                ChargerId, next.Action, size, _options.MaxFrameBytes);
            next.OnFailure?.Invoke(new CallFailure(CallFailure.Dropped, Description: $"The frame is {size} bytes; at most {_options.MaxFrameBytes} are sent (Ocpp:MaxFrameBytes)."));
            return;
        }

        next.Attempts++;
        next.SentAt = now;
        next.MessageId = messageId;
        _inFlight = new InFlight(next, messageId, now + (next.Timeout ?? _options.CallTimeout), System.Diagnostics.Stopwatch.GetTimestamp());
        _lastSentAt = now;
        _stats.Request(next.Action, LogDirection.CpToCsms);
        if (!await SendTextAsync(text, LogMessageType.Call, next.Action, messageId))
        {
            // The receive loop reports the broken connection; the call stays in flight until then.
            return;
        }
    }

    private void Failed(OutgoingCall call, CallFailure failure)
    {
        if (call.Class == CallClass.Boot)
        {
            _outbox.Remove(call);
            _bootRetryAt = Now + _options.BootRetryInterval;
            return;
        }

        if (call.Class == CallClass.Transaction && failure.Kind != CallFailure.Dropped)
        {
            var attempts = Math.Max(1, Model.Settings.GetInt(SettingsCatalog.TransactionMessageAttempts));
            if (failure.Kind == CallFailure.Disconnected)
            {
                // Offline: it goes again when the connection is back, without counting against its attempts.
                call.Attempts = Math.Max(0, call.Attempts - 1);
                return;
            }

            if (call.Attempts < attempts)
            {
                var interval = Model.Settings.GetInt(SettingsCatalog.TransactionMessageRetryInterval);
                call.NotBefore = Now + TimeSpan.FromSeconds(interval * call.Attempts);
                return;
            }

            _logger.LogWarning("Charger {ChargerId}: {Action} given up after {Attempts} attempt(s)", ChargerId, call.Action, call.Attempts);
        }

        _outbox.Remove(call);
        call.OnFailure?.Invoke(failure);
    }

    private async Task<bool> SendTextAsync(string text, LogMessageType type, string? action, string? messageId)
    {
        var socket = _socket;
        if (socket is null)
        {
            return false;
        }

        var sentAt = Now;
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, _stopping.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            _logger.LogDebug(ex, "Charger {ChargerId}: send failed", ChargerId);
            return false;
        }

        // Logged once it is on the wire: a frame the socket refused (it was closing) never reached the
        // CSMS and is not in the log. The actor records an answer only after this, so order holds.
        _metrics.Frame(Model.Spec.Version, LogDirection.CpToCsms, action, type);
        _frames.Record(new ChargerLog
        {
            ChargerId = ChargerId,
            Direction = LogDirection.CpToCsms,
            Action = action,
            Message = text,
            Timestamp = sentAt,
            MessageType = type,
            MessageId = Truncate(messageId, 64),
        });
        return true;
    }

    private string NextMessageId() => $"{_idPrefix}-{++_idCounter}";

    private void Remember(string messageId, string action)
    {
        _recentCalls.Enqueue((messageId, action));
        while (_recentCalls.Count > RecentCallMemory)
        {
            _recentCalls.Dequeue();
        }
    }

    // ---- Receiving --------------------------------------------------------------------------

    private async Task OnReceivedAsync(Work.Received received)
    {
        if (received.Number != _socketNumber)
        {
            return;
        }

        var frame = OcppFrame.Parse(received.Text);
        switch (frame.Kind)
        {
            case FrameKind.Call:
                LogIncoming(received, LogMessageType.Call, frame.Action, frame.MessageId, SecretRedaction.ForLog(received.Text, frame.Action));
                await AnswerAsync(frame, received.ReceivedTicks);
                break;
            case FrameKind.CallResult:
            case FrameKind.CallError:
                OnAnswer(frame, received);
                break;
            default:
                LogIncoming(received, LogMessageType.Malformed, frame.Action, frame.MessageId);
                await RejectMalformedAsync(frame);
                break;
        }
    }

    private void LogIncoming(Work.Received received, LogMessageType type, string? action, string? messageId, string? stored = null)
    {
        _metrics.Frame(Model.Spec.Version, LogDirection.CsmsToCp, action, type);
        _frames.Record(new ChargerLog
        {
            ChargerId = ChargerId,
            Direction = LogDirection.CsmsToCp,
            Action = Truncate(action, 64),
            Message = stored ?? received.Text,
            Timestamp = received.At,
            MessageType = type,
            MessageId = Truncate(messageId, 64),
        });
    }

    private static string? Truncate(string? value, int length) => value is null || value.Length <= length ? value : value[..length];

    private void OnAnswer(OcppFrame frame, Work.Received received)
    {
        var type = frame.Kind == FrameKind.CallResult ? LogMessageType.CallResult : LogMessageType.CallError;
        if (_inFlight is not { } inFlight || inFlight.MessageId != frame.MessageId)
        {
            // A late answer to a CALL that already timed out, or one we never sent.
            var action = _recentCalls.FirstOrDefault(r => r.Id == frame.MessageId).Action;
            LogIncoming(received, type, action, frame.MessageId);
            return;
        }

        LogIncoming(received, type, inFlight.Call.Action, frame.MessageId);
        _inFlight = null;
        Remember(inFlight.MessageId, inFlight.Call.Action);
        var latency = Elapsed(inFlight.SentTicks);
        if (frame.Kind == FrameKind.CallResult)
        {
            _stats.Response(inFlight.Call.Action, LogDirection.CpToCsms, latency);
            _metrics.Call(Model.Spec.Version, inFlight.Call.Action, LogDirection.CpToCsms, "result", latency);
            _outbox.Remove(inFlight.Call);
            try
            {
                inFlight.Call.OnResult?.Invoke(frame.Payload ?? []);
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Charger {ChargerId}: handling the result of {Action} failed", ChargerId, inFlight.Call.Action);
            }
        }
        else
        {
            _stats.Error(inFlight.Call.Action, LogDirection.CpToCsms, latency);
            _metrics.Call(Model.Spec.Version, inFlight.Call.Action, LogDirection.CpToCsms, "error", latency);
            Failed(inFlight.Call, new CallFailure(CallFailure.CallError, frame.ErrorCode, frame.ErrorDescription, frame.ErrorDetails));
        }
    }

    private async Task AnswerAsync(OcppFrame call, long receivedTicks)
    {
        var action = call.Action!;
        var version = Model.Spec.Version;
        _stats.Request(action, LogDirection.CsmsToCp);

        // A rejected charge point answers as its version says (1.6: not at all; 2.0.1: SecurityError, in the protocol).
        if (Registration == RegistrationStatus.Rejected && !Protocol.AnswersWhileRejected)
        {
            return;
        }

        CallReply reply;
        if (!_validator.IsKnownAction(version, action))
        {
            reply = CallReply.Error(OcppErrorCodes.NotImplemented, $"Unknown action '{action}'.");
        }
        else if (!Protocol.Handles(action))
        {
            reply = CallReply.Error(OcppErrorCodes.NotSupported, $"{action} is not supported by this charge point.");
        }
        else if (_validator.Check(version, action, request: true, call.Payload) is { IsValid: false } invalid)
        {
            reply = CallReply.Error(invalid.ErrorCode ?? OcppErrorCodes.FormatViolation(version), invalid.Description ?? "The payload does not match the schema.");
        }
        else
        {
            try
            {
                reply = Protocol.Handle(action, call.Payload!);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Charger {ChargerId}: handling {Action} failed", ChargerId, action);
                _afterReply.Clear();
                reply = CallReply.Error(OcppErrorCodes.InternalError, "The charge point failed to process the request.");
            }
        }

        var text = reply.IsError
            ? OcppFrame.CallError(call.MessageId!, reply.ErrorCode!, reply.ErrorDescription ?? string.Empty)
            : OcppFrame.CallResult(call.MessageId!, reply.Result!);
        if (Encoding.UTF8.GetByteCount(text) > _options.MaxFrameBytes)
        {
            _logger.LogWarning(
                "Charger {ChargerId}: the answer to {Action} would be over Ocpp:MaxFrameBytes ({Max}); answering with a CALLERROR",
                ChargerId, action, _options.MaxFrameBytes);
            reply = CallReply.Error(OcppErrorCodes.InternalError, "The answer would be larger than the charge point sends.");
            text = OcppFrame.CallError(call.MessageId!, reply.ErrorCode!, reply.ErrorDescription!);
        }

        await SendTextAsync(text, reply.IsError ? LogMessageType.CallError : LogMessageType.CallResult, action, call.MessageId);
        var handled = Elapsed(receivedTicks);
        if (reply.IsError)
        {
            _stats.Error(action, LogDirection.CsmsToCp, handled);
        }
        else
        {
            _stats.Response(action, LogDirection.CsmsToCp, handled);
        }

        _metrics.Call(version, action, LogDirection.CsmsToCp, reply.IsError ? "error" : "result", handled);

        var followUps = _afterReply.ToList();
        _afterReply.Clear();
        foreach (var followUp in followUps)
        {
            followUp();
        }
    }

    private async Task RejectMalformedAsync(OcppFrame frame)
    {
        if (Protocol.MalformedReply(frame) is { } reply)
        {
            await SendTextAsync(OcppFrame.CallError(reply.MessageId, reply.ErrorCode, reply.Description), LogMessageType.CallError, frame.Action, reply.MessageId);
        }
    }

    // ---- Stopping ---------------------------------------------------------------------

    private async Task CloseForStopAsync()
    {
        await _stopping.CancelAsync();
        await CloseSocketAsync(WebSocketCloseStatus.NormalClosure, "Charger stopped");
        _socket = null;
    }

    private async Task CloseSocketAsync(WebSocketCloseStatus status, string description)
    {
        var socket = _socket;
        if (socket is null)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(_options.CloseTimeout);
            if (socket.State == WebSocketState.Open)
            {
                await socket.CloseOutputAsync(status, description, timeout.Token);
                WebSocketClosing.AbortUnlessClosedWithin(socket, _options.CloseTimeout);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            socket.Abort();
        }
    }

    private static async Task CloseQuietlyAsync(WebSocket socket)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "Charger stopped", timeout.Token);
            WebSocketClosing.AbortUnlessClosedWithin(socket, TimeSpan.FromSeconds(2));
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            socket.Abort();
        }
    }

    private async Task PersistIfChangedAsync()
    {
        var listChanged = Model.LocalList.Version != _lastListVersion || Model.LocalList.Count != _lastListCount;
        if (!Model.Settings.HasUnsavedChanges && !listChanged)
        {
            return;
        }

        try
        {
            await _store.SaveAsync(
                ChargerId,
                StoredState.SerializeSettings(Model.Settings.Overrides),
                StoredState.SerializeLocalList(Model.LocalList),
                Model.LocalList.Version,
                CancellationToken.None);
            Model.Settings.MarkSaved();
            _lastListVersion = Model.LocalList.Version;
            _lastListCount = Model.LocalList.Count;
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Charger {ChargerId}: saving its configuration failed; will retry on the next change", ChargerId);
        }
    }

    // ---- Timer and snapshot -------------------------------------------------------------

    private void ArmTimer()
    {
        if (_stopRequested && _socket is null)
        {
            return;
        }

        var now = Now;
        DateTimeOffset? next = Model.NextDeadline();
        void Consider(DateTimeOffset? at)
        {
            if (at is { } value && (next is null || value < next))
            {
                next = value;
            }
        }

        Consider(_inFlight?.Deadline);
        foreach (var (at, _) in _scheduled)
        {
            Consider(at);
        }

        if (_socket is not null)
        {
            if (Registration == RegistrationStatus.Accepted)
            {
                Consider(_lastSentAt + HeartbeatInterval);
            }
            else
            {
                Consider(_bootRetryAt);
            }

            foreach (var call in _outbox)
            {
                if (call.NotBefore > now)
                {
                    Consider(call.NotBefore);
                }
            }
        }

        // An overdue deadline fires at once. (Compared before the clamp: a deadline exactly 1 ms in the
        // past gives -1 ms, which is Timeout.InfiniteTimeSpan and would disarm the timer for good.)
        var due = next is { } at2
            ? (at2 - now < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : at2 - now)
            : Timeout.InfiniteTimeSpan;

        _timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    private RuntimeState BuildSnapshot()
    {
        var connectors = Model.Connectors
            .Select(c => new ConnectorState(
                Protocol.ReportedConnectorId(c),
                c.EvseId,
                Protocol.StatusName(c.Status),
                c.Transaction is { } tx ? Protocol.ReportedTransactionId(tx) : null))
            .ToList();
        return new RuntimeState(
            _phase switch
            {
                Phase.Starting => RuntimeStateName.Starting,
                Phase.Connecting => RuntimeStateName.Connecting,
                Phase.Connected => RuntimeStateName.Connected,
                Phase.Reconnecting => RuntimeStateName.Reconnecting,
                Phase.Failed => RuntimeStateName.Failed,
                _ => RuntimeStateName.Stopped,
            },
            Registration switch
            {
                RegistrationStatus.Accepted => BootStatusName.Accepted,
                RegistrationStatus.Pending => BootStatusName.Pending,
                RegistrationStatus.Rejected => BootStatusName.Rejected,
                _ => null,
            },
            _connectedAt,
            _lastHeartbeatAt,
            connectors)
        {
            LastError = _lastError,
        };
    }

    private sealed record InFlight(OutgoingCall Call, string MessageId, DateTimeOffset Deadline, long SentTicks);

    private static double Elapsed(long startTicks) => System.Diagnostics.Stopwatch.GetElapsedTime(startTicks).TotalMilliseconds;

    /// <summary>The session's per-action statistics (call on the actor, e.g. through <see cref="InvokeAsync{T}"/>).</summary>
    public StatisticsSnapshot Statistics() => _stats.Snapshot(Now);

    /// <summary>What the actor's inbox carries.</summary>
    private abstract record Work
    {
        public sealed record Connected(WebSocket Socket, int Number) : Work;

        public sealed record Connecting : Work
        {
            public static readonly Connecting Instance = new();
        }

        public sealed record ConnectFailed(string Reason, bool Permanent) : Work;

        public sealed record Received(string Text, DateTimeOffset At, int Number, long ReceivedTicks) : Work;

        public sealed record Disconnected(int Number, string? Reason) : Work;

        public sealed record Tick : Work
        {
            public static readonly Tick Instance = new();
        }

        public sealed record Invoke(Func<ChargerSession, object?> Function, TaskCompletionSource<object?> Done) : Work;

        public sealed record Stop(TaskCompletionSource Done) : Work;
    }
}
