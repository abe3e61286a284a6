using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Ocpp.Framing;
using OcppLab.Infrastructure.Persistence;

namespace OcppLab.Infrastructure.Ocpp.Sandbox;

/// <summary>
/// A built-in CSMS that accepts every charger and answers every CALL validly, so the quickstart
/// and the tests need no CSMS of their own. Speaks both subprotocols; a client offering neither
/// gets the handshake without a subprotocol and an immediate close, as OCPP-J §3.2 prescribes.
/// Anyone who can reach it may connect, so what a client can cost is bounded: a message is read up to
/// <see cref="SandboxOptions.MaxMessageBytes"/> (beyond it: close 1009), an address holds at most
/// <see cref="SandboxOptions.MaxConnectionsPerAddress"/> connections, and <see cref="SandboxOptions.RequireToken"/>
/// admits only authenticated clients.
/// </summary>
public sealed class SandboxCsms(
    IOptions<SandboxOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    IServiceScopeFactory scopes,
    ILogger<SandboxCsms> logger)
{
    public const string RoutePattern = "/sandbox/csms/{identity}";
    private const int SmallBuffer = 4096;
    private static readonly string[] Supported = ["ocpp2.0.1", "ocpp1.6"];
    private readonly SandboxResponder _responder = new(time, options.Value.HeartbeatInterval);
    private readonly SandboxOptions _options = options.Value;
    private readonly Dictionary<IPAddress, int> _connections = [];

    public async Task HandleAsync(HttpContext context, string identity)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("The sandbox CSMS speaks OCPP-J: open a WebSocket with subprotocol ocpp1.6 or ocpp2.0.1.");
            return;
        }

        var address = context.Connection.RemoteIpAddress is { } remote
            ? (remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote)
            : IPAddress.None;
        if (!TryAdmit(address))
        {
            logger.LogInformation("Sandbox CSMS: refused {Identity} from {Address}, which has {Limit} connections open", identity, address, _options.MaxConnectionsPerAddress);
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = "10";
            await context.Response.WriteAsync($"The sandbox CSMS allows {_options.MaxConnectionsPerAddress} connections per address.");
            return;
        }

        try
        {
            if (_options.RequireToken && !await IsAuthenticatedAsync(context, identity))
            {
                logger.LogInformation("Sandbox CSMS: refused {Identity} from {Address} without valid credentials", identity, address);
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer, Basic realm=\"OcppLab sandbox\"";
                await context.Response.WriteAsync("The sandbox CSMS needs a gateway token (Authorization: Bearer) or a registered charger's Basic auth.");
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
            await ServeAsync(socket, version, identity, context.RequestAborted);
        }
        finally
        {
            Leave(address);
        }
    }

    private bool TryAdmit(IPAddress address)
    {
        lock (_connections)
        {
            var open = _connections.GetValueOrDefault(address);
            if (open >= _options.MaxConnectionsPerAddress)
            {
                return false;
            }

            _connections[address] = open + 1;
            return true;
        }
    }

    private void Leave(IPAddress address)
    {
        lock (_connections)
        {
            var open = _connections[address] - 1;
            if (open == 0)
            {
                _connections.Remove(address);
            }
            else
            {
                _connections[address] = open;
            }
        }
    }

    /// <summary>
    /// A token this gateway accepts (any tenant, any role), or Basic auth as a charger registered in this gateway
    /// (any tenant) with security profile 1 or 2: user name its identity, password its authorization key. The
    /// latter lets the gateway's own chargers use a locked sandbox without handing them a token.
    /// </summary>
    private async Task<bool> IsAuthenticatedAsync(HttpContext context, string identity)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return (await context.AuthenticateAsync("Bearer")).Succeeded;
        }

        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) || !TryParseBasic(header["Basic ".Length..].Trim(), out var user, out var password)
            || !string.Equals(user, identity, StringComparison.Ordinal))
        {
            return false;
        }

        await using var scope = scopes.CreateAsyncScope();
        var keys = await scope.ServiceProvider.GetRequiredService<OcppLabDbContext>().Chargers
            .AsNoTracking()
            .Where(c => c.Identity == identity && c.SecurityProfile >= 1 && c.AuthorizationKey != null)
            .Select(c => c.AuthorizationKey!)
            .ToListAsync(context.RequestAborted);
        var offered = Encoding.UTF8.GetBytes(password);
        return keys.Any(k => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(k), offered));
    }

    private static bool TryParseBasic(string encoded, out string user, out string password)
    {
        user = password = string.Empty;
        var buffer = new byte[(encoded.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(encoded, buffer, out var written))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(buffer, 0, written);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        user = text[..colon];
        password = text[(colon + 1)..];
        return true;
    }

    private async Task ServeAsync(WebSocket socket, OcppVersion version, string identity, CancellationToken cancellationToken)
    {
        var cap = _options.MaxMessageBytes;

        // The message is read into a pooled buffer that grows with it, never past the cap; what arrives once the
        // cap is reached lands in the probe and only tells that the message is too big.
        var message = ArrayPool<byte>.Shared.Rent(Math.Min(SmallBuffer, cap));
        var probe = ArrayPool<byte>.Shared.Rent(SmallBuffer);
        var length = 0;
        var discarding = false;
        using var sending = new SemaphoreSlim(1, 1);

        // A gateway shutting down says goodbye (1001) to chargers still connected (another gateway's;
        // its own are being stopped by the session manager meanwhile): the web server's shutdown would
        // otherwise wait for these requests to end.
        await using var goingAway = lifetime.ApplicationStopping.Register(() => _ = GoAwayAsync(socket, sending));
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var probing = discarding || length == cap;
                if (!probing && length == message.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(cap, message.Length * 2));
                    message.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(message);
                    message = bigger;
                }

                var target = probing ? probe.AsMemory() : message.AsMemory(length, Math.Min(message.Length, cap) - length);
                var result = await socket.ReceiveAsync(target, cancellationToken);
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

                if (discarding)
                {
                    continue;
                }

                if (probing)
                {
                    if (result.Count > 0)
                    {
                        // Until the client answers the close, whatever it still sends is read and dropped.
                        discarding = true;
                        logger.LogInformation("Sandbox CSMS: {Identity} sent a message over {MaxMessageBytes} bytes; closing with 1009", identity, cap);
                        await CloseTooBigAsync(socket, sending, cap);
                        continue;
                    }
                }
                else
                {
                    length += result.Count;
                }

                if (!result.EndOfMessage)
                {
                    continue;
                }

                var frame = OcppFrame.Parse(Encoding.UTF8.GetString(message, 0, length));
                length = 0;
                if (message.Length > SmallBuffer)
                {
                    // One large message does not pin a large buffer to an idle connection.
                    ArrayPool<byte>.Shared.Return(message);
                    message = ArrayPool<byte>.Shared.Rent(Math.Min(SmallBuffer, cap));
                }

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
            ArrayPool<byte>.Shared.Return(message);
            ArrayPool<byte>.Shared.Return(probe);
        }
    }

    /// <summary>Closes with 1009 (RFC 6455 §7.4.1); a client that does not answer within 10 s is dropped.</summary>
    private static async Task CloseTooBigAsync(WebSocket socket, SemaphoreSlim sending, int cap)
    {
        await sending.WaitAsync(CancellationToken.None);
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, $"A message may have at most {cap} bytes", timeout.Token);
                WebSocketClosing.AbortUnlessClosedWithin(socket, TimeSpan.FromSeconds(10));
            }
        }
        finally
        {
            sending.Release();
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
    /// <summary>
    /// Maps the sandbox CSMS when <c>Sandbox:Enabled</c> is true. Anonymous to the authorization policies (chargers, not
    /// users, connect to it); <c>Sandbox:RequireToken</c> is checked by the sandbox itself, before the upgrade.
    /// </summary>
    public static IEndpointRouteBuilder MapSandboxCsms(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<SandboxOptions>>().Value;
        if (options.Enabled)
        {
            if (options.MaxMessageBytes < 1024)
            {
                throw new InvalidOperationException("Sandbox:MaxMessageBytes must be at least 1024.");
            }

            if (options.MaxConnectionsPerAddress < 1)
            {
                throw new InvalidOperationException("Sandbox:MaxConnectionsPerAddress must be at least 1.");
            }

            endpoints.Map(SandboxCsms.RoutePattern, (HttpContext context, string identity, SandboxCsms sandbox) => sandbox.HandleAsync(context, identity))
                .AllowAnonymous()
                .ExcludeFromDescription();
        }

        return endpoints;
    }
}
