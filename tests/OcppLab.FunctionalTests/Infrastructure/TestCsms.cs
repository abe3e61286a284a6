using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Ocpp.Sandbox;

namespace OcppLab.FunctionalTests.Infrastructure;

/// <summary>
/// A tiny CSMS on a real loopback port (<c>ws://127.0.0.1:{port}/{path}/{identity}</c>, both
/// subprotocols) that outlives gateway instances. It answers every CALL as the sandbox would, and
/// per identity it counts live connections (and the most at once), records every frame and close,
/// answers chosen actions with a CALLERROR, and sends any text on demand. Across identities it can
/// be scripted per action (a CALLERROR with a chosen code, no answer at all, or answers held until the
/// test releases them) and keeps one ordered journal of the CALLs received and the answers sent, to
/// check the one-outstanding-CALL rule.
/// </summary>
public sealed class TestCsms : IAsyncDisposable
{
    private static readonly string[] Supported = ["ocpp1.6", "ocpp2.0.1"];
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Station> _stations = new(StringComparer.Ordinal);
    private readonly SandboxResponder _responder = new(TimeProvider.System, heartbeatInterval: 3600);
    private readonly Lock _script = new();
    private readonly Dictionary<string, Rule> _rules = new(StringComparer.Ordinal);
    private readonly List<Held> _held = [];
    private readonly List<string> _journal = [];

    private TestCsms(WebApplication app) => _app = app;

    private enum Kind
    {
        Error,
        NoAnswer,
        Hold,
    }

    /// <summary>Answers <paramref name="action"/> with a CALLERROR of <paramref name="code"/>.</summary>
    public void AnswerWithError(string action, string code, string description) => SetRule(action, new Rule(Kind.Error, code, description));

    /// <summary>Never answers <paramref name="action"/>.</summary>
    public void NeverAnswer(string action) => SetRule(action, new Rule(Kind.NoAnswer, null, null));

    /// <summary>Holds the (valid) answers to <paramref name="action"/> until <see cref="ReleaseAsync"/>.</summary>
    public void Hold(string action) => SetRule(action, new Rule(Kind.Hold, null, null));

    /// <summary>Sends the held answers of <paramref name="action"/> and answers it normally from now on.</summary>
    public async Task ReleaseAsync(string action)
    {
        List<Held> held;
        lock (_script)
        {
            _rules.Remove(action);
            held = _held.Where(h => h.Action == action).ToList();
            _held.RemoveAll(h => h.Action == action);
        }

        foreach (var h in held)
        {
            await AnswerAsync(h.Station, h.Socket, h.Reply, h.Id);
        }
    }

    /// <summary>In order, over every identity: "call:{action}:{id}" for each CALL received, "answer:{id}" for each answer sent.</summary>
    public IReadOnlyList<string> Journal
    {
        get
        {
            lock (_script)
            {
                return [.. _journal];
            }
        }
    }

    /// <summary>Whether any charger sent a CALL of <paramref name="action"/>.</summary>
    public bool Received(string action) => Journal.Any(j => j.StartsWith($"call:{action}:", StringComparison.Ordinal));

    private void SetRule(string action, Rule rule)
    {
        lock (_script)
        {
            _rules[action] = rule;
        }
    }

    public int Port { get; private set; }

    /// <summary>Whether it listens with TLS (a <c>wss://</c> CSMS).</summary>
    public bool Tls { get; private set; }

    /// <summary>A <c>ws_url</c> for chargers: the charger's identity is appended by the gateway.</summary>
    public string Url(string path = "ocpp") => $"{(Tls ? "wss" : "ws")}://127.0.0.1:{Port}/{path}";

    public Station this[string identity] => _stations.GetOrAdd(identity, _ => new Station());

    /// <param name="certificate">With a server certificate, the CSMS speaks TLS (wss://).</param>
    public static async Task<TestCsms> StartAsync(System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        var csms = new TestCsms(app);
        app.UseWebSockets();
        app.Map("/{path}/{identity}", (HttpContext context, string path, string identity) => csms.ServeAsync(context, path, identity));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        csms.Port = new Uri(address).Port;
        csms.Tls = certificate is not null;
        return csms;
    }

    /// <summary>Drops every connection still open (a graceful stop would wait for them), then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var station in _stations.Values)
        {
            station.AbortAll();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ServeAsync(HttpContext context, string path, string identity)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var chosen = context.WebSockets.WebSocketRequestedProtocols.FirstOrDefault(p => Supported.Contains(p, StringComparer.Ordinal));
        this[identity].Authorizations.Enqueue(context.Request.Headers.Authorization.ToString());
        if (this[identity].HoldHandshake is { } hold)
        {
            // A slow CSMS: the upgrade is answered only when the test says so.
            await hold.Task.WaitAsync(context.RequestAborted);
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(chosen);
        var station = this[identity];
        var connection = station.Opened(socket, path);
        var version = chosen == "ocpp1.6" ? OcppVersion.V16 : OcppVersion.V201;
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    // Counted as closed before the close is answered: the charger's stop completes after this.
                    station.Closed(connection, socket.CloseStatus);
                    if (station.IgnoreClose)
                    {
                        // A deaf CSMS: never answers the close, holds the TCP connection until the charger drops it.
                        await Task.Delay(Timeout.Infinite, context.RequestAborted);
                    }

                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                message.SetLength(0);
                station.Received.Enqueue(text);
                await OnFrameAsync(station, socket, version, text);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException)
        {
            // The charger vanished without a close handshake.
        }
        finally
        {
            station.Closed(connection, null);
        }
    }

    /// <summary>A CALL is journalled and answered as scripted: by default as the sandbox would.</summary>
    private async Task OnFrameAsync(Station station, WebSocket socket, OcppVersion version, string text)
    {
        if (JsonNode.Parse(text) is not JsonArray { Count: 4 } frame || frame[0]?.GetValue<int>() != 2)
        {
            return;
        }

        var id = frame[1]!.GetValue<string>();
        var action = frame[2]!.GetValue<string>();
        Rule? rule;
        string reply;
        lock (_script)
        {
            _journal.Add($"call:{action}:{id}");
            rule = _rules.GetValueOrDefault(action);
            if (rule?.Kind == Kind.Error)
            {
                reply = new JsonArray(4, id, rule.Code, rule.Description, new JsonObject()).ToJsonString();
            }
            else if (station.CallErrorFor.ContainsKey(action))
            {
                reply = new JsonArray(4, id, "InternalError", $"{action} refused by the test CSMS", new JsonObject()).ToJsonString();
            }
            else
            {
                var payload = _responder.Answer(version, action, frame[3] as JsonObject ?? []);
                reply = payload is null
                    ? new JsonArray(4, id, "NotImplemented", string.Empty, new JsonObject()).ToJsonString()
                    : new JsonArray(3, id, payload).ToJsonString();
            }

            if (rule?.Kind == Kind.Hold)
            {
                _held.Add(new Held(action, id, station, socket, reply));
                return;
            }
        }

        if (rule?.Kind != Kind.NoAnswer)
        {
            await AnswerAsync(station, socket, reply, id);
        }
    }

    /// <summary>Journalled before it is sent: the charger's next CALL can only follow it.</summary>
    private Task AnswerAsync(Station station, WebSocket socket, string reply, string id)
    {
        lock (_script)
        {
            _journal.Add($"answer:{id}");
        }

        return station.SendAsync(socket, reply);
    }

    private sealed record Rule(Kind Kind, string? Code, string? Description);

    private sealed record Held(string Action, string Id, Station Station, WebSocket Socket, string Reply);

    /// <summary>What the CSMS saw of one charge point identity.</summary>
    public sealed class Station
    {
        private readonly Lock _gate = new();
        private readonly SemaphoreSlim _send = new(1, 1);
        private readonly List<(WebSocket Socket, string Path)> _open = [];
        private int _maxOpen;
        private int _connections;

        /// <summary>When set, the opening handshake is answered only once this completes.</summary>
        public TaskCompletionSource? HoldHandshake { get; set; }

        /// <summary>When set, a close from the charger is never answered.</summary>
        public bool IgnoreClose { get; set; }

        /// <summary>Actions answered with a CALLERROR instead of a result.</summary>
        public ConcurrentDictionary<string, bool> CallErrorFor { get; } = new(StringComparer.Ordinal);

        /// <summary>Every frame received from the charger, as text.</summary>
        public ConcurrentQueue<string> Received { get; } = new();

        /// <summary>Every frame sent to the charger, as text.</summary>
        public ConcurrentQueue<string> Sent { get; } = new();

        /// <summary>Close handshakes the charger started: (path, close status).</summary>
        public ConcurrentQueue<(string Path, WebSocketCloseStatus? Status)> Closes { get; } = new();

        /// <summary>The Authorization header of every handshake, in order ("" when none).</summary>
        public ConcurrentQueue<string> Authorizations { get; } = new();

        /// <summary>The paths of every connection, in order.</summary>
        public ConcurrentQueue<string> Paths { get; } = new();

        public int Open
        {
            get
            {
                lock (_gate)
                {
                    return _open.Count;
                }
            }
        }

        public int MaxOpen => Volatile.Read(ref _maxOpen);

        public int Connections => Volatile.Read(ref _connections);

        /// <summary>How many BootNotification CALLs the charger sent.</summary>
        public int BootNotifications => Received.Count(f => f.StartsWith("[2,", StringComparison.Ordinal) && f.Contains("\"BootNotification\"", StringComparison.Ordinal));

        /// <summary>Sends raw text to the charger's live connection (for malformed frames and CSMS-initiated CALLs).</summary>
        public Task SendAsync(string text)
        {
            WebSocket socket;
            lock (_gate)
            {
                socket = _open.Count > 0 ? _open[^1].Socket : throw new InvalidOperationException("The charger is not connected.");
            }

            return SendAsync(socket, text);
        }

        internal async Task SendAsync(WebSocket socket, string text)
        {
            await _send.WaitAsync();
            try
            {
                Sent.Enqueue(text);
                await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
            }
            finally
            {
                _send.Release();
            }
        }

        internal void AbortAll()
        {
            lock (_gate)
            {
                foreach (var (socket, _) in _open)
                {
                    socket.Abort();
                }
            }
        }

        internal WebSocket Opened(WebSocket socket, string path)
        {
            lock (_gate)
            {
                _open.Add((socket, path));
                _maxOpen = Math.Max(_maxOpen, _open.Count);
                _connections++;
                Paths.Enqueue(path);
            }

            return socket;
        }

        internal void Closed(WebSocket socket, WebSocketCloseStatus? status)
        {
            lock (_gate)
            {
                var index = _open.FindIndex(o => o.Socket == socket);
                if (index < 0)
                {
                    return;
                }

                var path = _open[index].Path;
                _open.RemoveAt(index);
                if (status is not null)
                {
                    Closes.Enqueue((path, status));
                }
            }
        }
    }
}
