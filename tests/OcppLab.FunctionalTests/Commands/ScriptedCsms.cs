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

namespace OcppLab.FunctionalTests.Commands;

/// <summary>
/// A CSMS on a loopback port whose answers a test scripts per action: the sandbox's valid answer
/// (default), a CALLERROR, no answer at all, or an answer held until the test releases it. It keeps
/// one ordered journal of what it received and answered, to check the one-outstanding-CALL rule.
/// </summary>
public sealed class ScriptedCsms : IAsyncDisposable
{
    private static readonly string[] Supported = ["ocpp1.6", "ocpp2.0.1"];
    private readonly WebApplication _app;
    private readonly SandboxResponder _responder = new(TimeProvider.System, heartbeatInterval: 3600);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Rule> _rules = new(StringComparer.Ordinal);
    private readonly List<Held> _held = [];
    private readonly List<string> _journal = [];
    private readonly List<WebSocket> _sockets = [];
    private readonly SemaphoreSlim _send = new(1, 1);

    private ScriptedCsms(WebApplication app) => _app = app;

    private enum Kind
    {
        Error,
        NoAnswer,
        Hold,
    }

    /// <summary>ws://127.0.0.1:N/ocpp — the charger appends its identity.</summary>
    public string Url { get; private set; } = string.Empty;

    public static async Task<ScriptedCsms> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var csms = new ScriptedCsms(app);
        app.UseWebSockets();
        app.Map("/ocpp/{identity}", (HttpContext context) => csms.ServeAsync(context));
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        csms.Url = $"ws://127.0.0.1:{address.Port}/ocpp";
        return csms;
    }

    /// <summary>Answers <paramref name="action"/> with a CALLERROR.</summary>
    public void AnswerWithError(string action, string code, string description) => SetRule(action, new Rule(Kind.Error, code, description));

    /// <summary>Never answers <paramref name="action"/>.</summary>
    public void NeverAnswer(string action) => SetRule(action, new Rule(Kind.NoAnswer, null, null));

    /// <summary>Holds the (valid) answers to <paramref name="action"/> until <see cref="ReleaseAsync"/>.</summary>
    public void Hold(string action) => SetRule(action, new Rule(Kind.Hold, null, null));

    /// <summary>Sends the held answers of <paramref name="action"/> and answers it normally from now on.</summary>
    public async Task ReleaseAsync(string action)
    {
        List<Held> held;
        lock (_gate)
        {
            _rules.Remove(action);
            held = _held.Where(h => h.Action == action).ToList();
            _held.RemoveAll(h => h.Action == action);
        }

        foreach (var h in held)
        {
            await SendAsync(h.Socket, h.Reply, h.Id);
        }
    }

    /// <summary>In order: "call:{action}:{id}" for each CALL received, "answer:{id}" for each answer sent.</summary>
    public IReadOnlyList<string> Journal
    {
        get
        {
            lock (_gate)
            {
                return [.. _journal];
            }
        }
    }

    public bool Received(string action) => Journal.Any(j => j.StartsWith($"call:{action}:", StringComparison.Ordinal));

    /// <summary>Drops every connection still open (a graceful stop would wait for them), then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            foreach (var socket in _sockets)
            {
                socket.Abort();
            }
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void SetRule(string action, Rule rule)
    {
        lock (_gate)
        {
            _rules[action] = rule;
        }
    }

    private async Task ServeAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var chosen = context.WebSockets.WebSocketRequestedProtocols.FirstOrDefault(p => Supported.Contains(p, StringComparer.Ordinal));
        using var socket = await context.WebSockets.AcceptWebSocketAsync(chosen);
        lock (_gate)
        {
            _sockets.Add(socket);
        }

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
                if (JsonNode.Parse(text) is JsonArray { Count: 4 } frame && frame[0]?.GetValue<int>() == 2)
                {
                    await OnCallAsync(socket, version, frame);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException)
        {
            // The charger went away.
        }
    }

    private async Task OnCallAsync(WebSocket socket, OcppVersion version, JsonArray frame)
    {
        var id = frame[1]!.GetValue<string>();
        var action = frame[2]!.GetValue<string>();
        Rule? rule;
        string reply;
        lock (_gate)
        {
            _journal.Add($"call:{action}:{id}");
            rule = _rules.GetValueOrDefault(action);
            if (rule?.Kind == Kind.Error)
            {
                reply = new JsonArray(4, id, rule.Code, rule.Description, new JsonObject()).ToJsonString();
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
                _held.Add(new Held(action, id, socket, reply));
                return;
            }
        }

        if (rule?.Kind != Kind.NoAnswer)
        {
            await SendAsync(socket, reply, id);
        }
    }

    private async Task SendAsync(WebSocket socket, string text, string id)
    {
        await _send.WaitAsync();
        try
        {
            lock (_gate)
            {
                _journal.Add($"answer:{id}");
            }

            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _send.Release();
        }
    }

    private sealed record Rule(Kind Kind, string? Code, string? Description);

    private sealed record Held(string Action, string Id, WebSocket Socket, string Reply);
}
