using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using OcppLab.Application.Abstractions;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Domain.Common;
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

    /// <summary>Starts the loops, after restoring the stored live state (<see cref="RestoreLiveState"/>) if there is one.</summary>
    public void Start(string? liveState = null)
    {
        RestoreLiveState(liveState);
        _actor = Task.Run(RunActorAsync);
        _supervisor = Task.Run(SuperviseAsync);
    }

    /// <summary>
    /// Stops the charge point: waits for an in-flight CALL to be answered or time out, closes the
    /// WebSocket with a normal closure, ends both loops and stores the final live state. A
    /// <paramref name="handover"/> (gateway shutdown, lost lease) is a clean stop the charger may resume
    /// from without a boot; otherwise it is a power-off, and the caller waits until the state is written.
    /// </summary>
    public async Task StopAsync(bool handover = false)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_inbox.Writer.TryWrite(new Work.Stop(done)))
        {
            await done.Task;
        }

        await Task.WhenAll(_actor, _supervisor);
        await SaveFinalLiveStateAsync(handover);
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
