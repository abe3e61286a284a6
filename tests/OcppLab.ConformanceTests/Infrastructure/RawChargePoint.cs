using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OcppLab.ConformanceTests.Infrastructure;

/// <summary>
/// A bare WebSocket "charge point" that sends exactly the text it is given. It exists to test
/// the peer without the gateway: it can break every rule on purpose.
/// </summary>
public sealed class RawChargePoint : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly ClientWebSocket _socket;
    private readonly List<string> _inbox = [];
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<WebSocketCloseStatus?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiveLoop;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RawChargePoint(ClientWebSocket socket)
    {
        _socket = socket;
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>The subprotocol the server picked ("" or null when none).</summary>
    public string? SubProtocol => _socket.SubProtocol;

    /// <summary>Completes with the close status once the server closed the connection.</summary>
    public Task<WebSocketCloseStatus?> Closed => _closed.Task;

    public static async Task<RawChargePoint> ConnectAsync(Uri endpoint, string[] subProtocols, NetworkCredential? basicAuth = null)
    {
        var socket = CreateSocket(subProtocols, basicAuth);
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        try
        {
            await socket.ConnectAsync(endpoint, timeout.Token);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new RawChargePoint(socket);
    }

    /// <summary>Attempts a handshake that is expected to fail and returns the HTTP status the server answered.</summary>
    public static async Task<HttpStatusCode> RefusedStatusAsync(Uri endpoint, string[] subProtocols, NetworkCredential? basicAuth = null)
    {
        using var socket = CreateSocket(subProtocols, basicAuth);
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        try
        {
            await socket.ConnectAsync(endpoint, timeout.Token);
        }
        catch (WebSocketException)
        {
            return socket.HttpStatusCode;
        }

        Assert.Fail($"The handshake to {endpoint} was expected to fail but succeeded.");
        return HttpStatusCode.SwitchingProtocols;
    }

    public async Task SendAsync(string text)
    {
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
    }

    /// <summary>Sends a CALL and returns the CALLRESULT or CALLERROR answering it.</summary>
    public async Task<JsonArray> CallAsync(string action, object payload, string? messageId = null)
    {
        // Ids must be unique per identity across connections, so never restart a counter.
        var id = messageId ?? Guid.NewGuid().ToString("N");
        var frame = new JsonArray(2, id, action, ToNode(payload));
        await SendAsync(frame.ToJsonString());
        return await ResponseToAsync(id);
    }

    /// <summary>Waits for the CALLRESULT or CALLERROR with the given id.</summary>
    public Task<JsonArray> ResponseToAsync(string messageId) =>
        TakeAsync(f => f is [JsonValue type, JsonValue id, ..] && type.GetValue<int>() is 3 or 4 && id.GetValue<string>() == messageId, $"an answer to {messageId}");

    /// <summary>Waits for a CALL of the given action from the CSMS.</summary>
    public Task<JsonArray> IncomingCallAsync(string action) =>
        TakeAsync(f => f is [JsonValue type, _, JsonValue name, _] && type.GetValue<int>() == 2 && name.GetValue<string>() == action, $"a {action} CALL");

    /// <summary>Answers a CSMS CALL with a CALLRESULT carrying the raw payload.</summary>
    public Task AnswerAsync(JsonArray call, object payload) =>
        SendAsync(new JsonArray(3, call[1]!.GetValue<string>(), ToNode(payload)).ToJsonString());

    public Task<WebSocketCloseStatus?> WaitForCloseAsync() => _closed.Task.WaitAsync(DefaultTimeout);

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
            }
        }

        await _stop.CancelAsync();
        await _receiveLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _socket.Dispose();
        _stop.Dispose();
    }

    private static ClientWebSocket CreateSocket(string[] subProtocols, NetworkCredential? basicAuth)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        foreach (var protocol in subProtocols)
        {
            socket.Options.AddSubProtocol(protocol);
        }

        if (basicAuth is not null)
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{basicAuth.UserName}:{basicAuth.Password}"));
            socket.Options.SetRequestHeader("Authorization", $"Basic {token}");
        }

        return socket;
    }

    /// <summary>A JsonNode as is, a string as JSON text, anything else serialized with its property names as written.</summary>
    private static JsonNode ToNode(object payload) => payload switch
    {
        JsonNode node => node.DeepClone(),
        string text => JsonNode.Parse(text) ?? throw new ArgumentException("payload text is JSON null", nameof(payload)),
        _ => JsonSerializer.SerializeToNode(payload) ?? new JsonObject(),
    };

    private async Task<JsonArray> TakeAsync(Func<JsonArray, bool> match, string what)
    {
        var deadline = DateTime.UtcNow + DefaultTimeout;
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                for (var i = 0; i < _inbox.Count; i++)
                {
                    if (Parse(_inbox[i]) is { } frame && match(frame))
                    {
                        _inbox.RemoveAt(i);
                        return frame;
                    }
                }

                if (_closed.Task.IsCompleted)
                {
                    throw new InvalidOperationException($"The connection closed ({_closed.Task.Result}) while waiting for {what}. Unclaimed frames: {string.Join(" | ", _inbox)}");
                }

                changed = _changed.Task;
            }

            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No {what} within {DefaultTimeout.TotalSeconds:0} s. Unclaimed frames: {string.Join(" | ", _inbox)}");
            }

            await Task.WhenAny(changed, Task.Delay(remaining));
        }
    }

    private static JsonArray? Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonArray;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        // Echo the status, as RFC 6455 §5.5.1 suggests.
                        await _socket.CloseOutputAsync(result.CloseStatus ?? WebSocketCloseStatus.NormalClosure, string.Empty, _stop.Token);
                    }

                    _closed.TrySetResult(result.CloseStatus);
                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    Add(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length));
                    message.SetLength(0);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // An abnormal closure (no close frame) has no status.
            _closed.TrySetResult(_socket.CloseStatus);
        }
        finally
        {
            Signal();
        }
    }

    private void Add(string frame)
    {
        lock (_gate)
        {
            _inbox.Add(frame);
        }

        Signal();
    }

    private void Signal()
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }
}
