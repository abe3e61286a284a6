using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace OcppLab.Bench.Csms;

/// <summary>Accepts charge points and answers their CALLs; can send a CALL of its own (latency probes).</summary>
public sealed class Csms(CsmsStats stats, int heartbeatInterval)
{
    private const string V16 = "ocpp1.6";
    private const string V201 = "ocpp2.0.1";

    private readonly ConcurrentDictionary<string, Connection> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _probes = new(StringComparer.Ordinal);
    private long _probeCounter;
    private long _transactionCounter;

    public async Task AcceptAsync(HttpContext context, string identity)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var requested = context.WebSockets.WebSocketRequestedProtocols;
        var protocol = requested.Contains(V201) ? V201 : requested.Contains(V16) ? V16 : null;
        if (protocol is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            SubProtocol = protocol,
            KeepAliveInterval = TimeSpan.Zero,
        });
        var connection = new Connection(identity, socket, protocol == V201);
        _connections[identity] = connection;
        stats.Connected();
        try
        {
            await ReceiveAsync(connection, context.RequestAborted);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
        }
        finally
        {
            _connections.TryRemove(new KeyValuePair<string, Connection>(identity, connection));
            stats.Disconnected();
            connection.Dispose();
        }
    }

    /// <summary>Sends <c>[2, id, action, {}]</c> to a connected charge point and waits for its answer.</summary>
    public async Task<object?> CallAsync(string identity, string action, CancellationToken cancellationToken)
    {
        if (!_connections.TryGetValue(identity, out var connection))
        {
            return null;
        }

        var id = $"probe-{Interlocked.Increment(ref _probeCounter)}";
        var answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _probes[id] = answer;
        var sentAt = Clock.UnixMs();
        await connection.SendAsync($"[2,\"{id}\",\"{action}\",{{}}]", stats, cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        string? reply = null;
        try
        {
            reply = await answer.Task.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _probes.TryRemove(id, out _);
        }

        return new { message_id = id, action, sent_unix_ms = sentAt, answered = reply is not null, roundtrip_ms = Clock.UnixMs() - sentAt };
    }

    private async Task ReceiveAsync(Connection connection, CancellationToken cancellationToken)
    {
        var socket = connection.Socket;
        var buffer = new byte[2048];
        var count = 0;
        while (socket.State == WebSocketState.Open)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(count), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (socket.State == WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                }

                return;
            }

            count += result.Count;
            if (!result.EndOfMessage)
            {
                if (count == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                continue;
            }

            stats.FrameIn();
            await HandleAsync(connection, buffer.AsSpan(0, count).ToArray(), cancellationToken);
            count = 0;
        }
    }

    private async Task HandleAsync(Connection connection, byte[] frame, CancellationToken cancellationToken)
    {
        if (!TryParse(frame, out var type, out var messageId, out var action))
        {
            return;
        }

        if (type != 2)
        {
            if (_probes.TryGetValue(messageId, out var probe))
            {
                stats.ProbeAnswered();
                probe.TrySetResult(messageId);
            }

            return;
        }

        stats.Call(action);
        if (action == "BootNotification")
        {
            stats.Boot(connection.Identity, connection.V201);
        }

        var payload = Reply(action, connection.V201);
        await connection.SendAsync($"[3,\"{messageId}\",{payload}]", stats, cancellationToken);
    }

    private string Reply(string action, bool v201) => action switch
    {
        "BootNotification" => v201
            ? $"{{\"currentTime\":\"{Clock.CurrentTime()}\",\"interval\":{heartbeatInterval},\"status\":\"Accepted\"}}"
            : $"{{\"status\":\"Accepted\",\"currentTime\":\"{Clock.CurrentTime()}\",\"interval\":{heartbeatInterval}}}",
        "Heartbeat" => $"{{\"currentTime\":\"{Clock.CurrentTime()}\"}}",
        "Authorize" => v201 ? "{\"idTokenInfo\":{\"status\":\"Accepted\"}}" : "{\"idTagInfo\":{\"status\":\"Accepted\"}}",
        "StartTransaction" => $"{{\"transactionId\":{Interlocked.Increment(ref _transactionCounter)},\"idTagInfo\":{{\"status\":\"Accepted\"}}}}",
        "TransactionEvent" => "{\"idTokenInfo\":{\"status\":\"Accepted\"}}",
        "DataTransfer" => "{\"status\":\"Accepted\"}",
        _ => "{}",
    };

    /// <summary>Reads <c>[type, "id", "action", …]</c> without building a DOM.</summary>
    private static bool TryParse(ReadOnlySpan<byte> frame, out int type, out string messageId, out string action)
    {
        type = 0;
        messageId = string.Empty;
        action = string.Empty;
        var reader = new Utf8JsonReader(frame);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray
                || !reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out type)
                || !reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                return false;
            }

            messageId = reader.GetString() ?? string.Empty;
            if (type == 2)
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    return false;
                }

                action = reader.GetString() ?? string.Empty;
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private sealed class Connection(string identity, WebSocket socket, bool v201) : IDisposable
    {
        private readonly SemaphoreSlim _send = new(1, 1);

        public string Identity { get; } = identity;
        public WebSocket Socket { get; } = socket;
        public bool V201 { get; } = v201;

        public async Task SendAsync(string text, CsmsStats stats, CancellationToken cancellationToken)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            await _send.WaitAsync(cancellationToken);
            try
            {
                await Socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
                stats.FrameOut();
            }
            finally
            {
                _send.Release();
            }
        }

        public void Dispose() => _send.Dispose();
    }
}
