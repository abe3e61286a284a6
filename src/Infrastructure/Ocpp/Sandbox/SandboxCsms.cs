using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Ocpp.Framing;

namespace OcppLab.Infrastructure.Ocpp.Sandbox;

/// <summary>
/// A built-in CSMS that accepts every charger and answers every CALL validly, so the quickstart
/// and the tests need no CSMS of their own. Speaks both subprotocols; a client offering neither
/// gets the handshake without a subprotocol and an immediate close, as OCPP-J §3.2 prescribes.
/// </summary>
public sealed class SandboxCsms(IOptions<SandboxOptions> options, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<SandboxCsms> logger)
{
    public const string RoutePattern = "/sandbox/csms/{identity}";
    private static readonly string[] Supported = ["ocpp2.0.1", "ocpp1.6"];
    private readonly SandboxResponder _responder = new(time, options.Value.HeartbeatInterval);

    public async Task HandleAsync(HttpContext context, string identity)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("The sandbox CSMS speaks OCPP-J: open a WebSocket with subprotocol ocpp1.6 or ocpp2.0.1.");
            return;
        }

        var requested = context.WebSockets.WebSocketRequestedProtocols;
        var chosen = requested.FirstOrDefault(p => Supported.Contains(p, StringComparer.Ordinal));
        using var socket = await context.WebSockets.AcceptWebSocketAsync(chosen);
        if (chosen is null)
        {
            await socket.CloseAsync(WebSocketCloseStatus.ProtocolError, "No supported OCPP subprotocol", context.RequestAborted);
            return;
        }

        var version = chosen == "ocpp1.6" ? OcppVersion.V16 : OcppVersion.V201;
        logger.LogDebug("Sandbox CSMS: {Identity} connected with {Protocol}", identity, chosen);
        await ServeAsync(socket, version, context.RequestAborted);
    }

    private async Task ServeAsync(WebSocket socket, OcppVersion version, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        var message = new ArrayBufferWriter<byte>(256);
        using var sending = new SemaphoreSlim(1, 1);

        // A gateway shutting down says goodbye (1001) to chargers still connected (another gateway's;
        // its own are being stopped by the session manager meanwhile): the web server's shutdown would
        // otherwise wait for these requests to end.
        await using var goingAway = lifetime.ApplicationStopping.Register(() => _ = GoAwayAsync(socket, sending));
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        await sending.WaitAsync(CancellationToken.None);
                        try
                        {
                            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                        }
                        finally
                        {
                            sending.Release();
                        }
                    }

                    return;
                }

                message.Write(buffer.AsSpan(0, result.Count));
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var frame = OcppFrame.Parse(Encoding.UTF8.GetString(message.WrittenSpan));
                message.Clear();
                if (frame.Kind != FrameKind.Call)
                {
                    continue;
                }

                var answer = _responder.Answer(version, frame.Action!, frame.Payload!);
                var reply = answer is null
                    ? OcppFrame.CallError(frame.MessageId!, OcppErrorCodes.NotImplemented, $"The sandbox does not know '{frame.Action}'.")
                    : OcppFrame.CallResult(frame.MessageId!, answer);
                await sending.WaitAsync(cancellationToken);
                try
                {
                    if (socket.State == WebSocketState.Open)
                    {
                        await socket.SendAsync(Encoding.UTF8.GetBytes(reply), WebSocketMessageType.Text, true, cancellationToken);
                    }
                }
                finally
                {
                    sending.Release();
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The charger went away; nothing to clean up beyond the socket.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Closes with 1001 (going away); a charger that does not answer within 2 s is dropped.</summary>
    private static async Task GoAwayAsync(WebSocket socket, SemaphoreSlim sending)
    {
        try
        {
            await sending.WaitAsync();
            try
            {
                if (socket.State != WebSocketState.Open)
                {
                    return;
                }

                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "The gateway is shutting down", timeout.Token);
                WebSocketClosing.AbortUnlessClosedWithin(socket, TimeSpan.FromSeconds(2));
            }
            finally
            {
                sending.Release();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Gone already.
        }
    }
}

public static class SandboxEndpoints
{
    /// <summary>Maps the sandbox CSMS when <c>Sandbox:Enabled</c> is true (anonymous: chargers, not users, connect to it).</summary>
    public static IEndpointRouteBuilder MapSandboxCsms(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<SandboxOptions>>().Value;
        if (options.Enabled)
        {
            endpoints.Map(SandboxCsms.RoutePattern, (HttpContext context, string identity, SandboxCsms sandbox) => sandbox.HandleAsync(context, identity))
                .AllowAnonymous()
                .ExcludeFromDescription();
        }

        return endpoints;
    }
}
