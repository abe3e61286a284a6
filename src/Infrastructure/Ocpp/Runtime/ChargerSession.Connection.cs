using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging;
using OcppLab.Domain.Logs;
using OcppLab.Infrastructure.Ocpp.Framing;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Domain.Chargers;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Network;

namespace OcppLab.Infrastructure.Ocpp.Runtime;

/// <summary>How a session reaches its CSMS.</summary>
public sealed record SessionConnection(
    string ChargerId,
    string Identity,
    string WsUrl,
    OcppVersion Version,
    int SecurityProfile,
    string? AuthorizationKey,
    HttpMessageInvoker Invoker)
{
    /// <summary><c>ws_url/{identity}</c>, the identity percent-encoded as the last path segment.</summary>
    public Uri Endpoint()
    {
        var builder = new UriBuilder(WsUrl);
        builder.Path = builder.Path.TrimEnd('/') + "/" + Uri.EscapeDataString(Identity);
        return builder.Uri;
    }
}

public sealed partial class ChargerSession
{
    /// <summary>
    /// Keeps the charge point connected: connect, run the receive loop until the connection ends,
    /// wait (exponential back-off with jitter, 2.0.1 §5.3 rules for both versions), connect again.
    /// </summary>
    private async Task SuperviseAsync()
    {
        var failures = 0;
        var number = 0;
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            if (_rebootRequested)
            {
                _rebootRequested = false;
                if (!await DelayAsync(_options.RebootDelay, token))
                {
                    break;
                }
            }

            _inbox.Writer.TryWrite(Work.Connecting.Instance);
            ClientWebSocket socket;
            try
            {
                socket = await ConnectAsync(token);
            }
            catch (Exception) when (token.IsCancellationRequested)
            {
                // Stopped while connecting: the handshake did not finish within its grace.
                break;
            }
            catch (Exception ex)
            {
                failures++;
                var (reason, permanent) = Describe(ex);
                if (failures == 1 && Denial(ex) is { } denied)
                {
                    // Once per run of failures: the operator learns which address and rule; the API only says "denied".
                    _logger.LogWarning("Charger {ChargerId}: {Denial}", ChargerId, denied.Message);
                }

                _logger.LogDebug("Charger {ChargerId}: connection attempt {Attempt} failed: {Reason}", ChargerId, failures, reason);
                _inbox.Writer.TryWrite(new Work.ConnectFailed(reason, permanent));
                if (!await DelayAsync(Backoff(failures), token))
                {
                    break;
                }

                continue;
            }

            failures = 0;
            number++;
            if (!_inbox.Writer.TryWrite(new Work.Connected(socket, number)))
            {
                // The session stopped while this connection was opening: nobody else will close it.
                await CloseUnusedAsync(socket);
                socket.Dispose();
                break;
            }

            var reasonLost = await ReceiveLoopAsync(socket, number, token);
            _inbox.Writer.TryWrite(new Work.Disconnected(number, reasonLost));
            socket.Dispose();
            if (token.IsCancellationRequested)
            {
                break;
            }

            if (!_rebootRequested && !await DelayAsync(Backoff(1), token))
            {
                break;
            }
        }
    }

    private async Task<ClientWebSocket> ConnectAsync(CancellationToken token)
    {
        var socket = new ClientWebSocket();
        try
        {
            var options = socket.Options;
            options.AddSubProtocol(_connection.Version.ToSubprotocol());
            options.SetBuffer(_options.ReceiveBufferSize, _options.ReceiveBufferSize);
            options.CollectHttpResponseDetails = true;
            var ping = Model.Settings.GetInt(SettingsCatalog.WebSocketPingInterval);
            options.KeepAliveInterval = ping > 0 ? TimeSpan.FromSeconds(ping) : TimeSpan.Zero;
            var password = Password();
            if (SecurityProfile.NeedsAuthorizationKey(_connection.SecurityProfile) && !string.IsNullOrEmpty(password))
            {
                // 2.0.1 A00.FR.205: the password goes as UTF-8 text; we send the 1.6 key the same way.
                var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_connection.Identity}:{password}"));
                options.SetRequestHeader("Authorization", "Basic " + credentials);
            }

            using var timeout = new CancellationTokenSource(_options.ConnectTimeout);

            // A stop does not abort an opening handshake at once: a CSMS that has already accepted the
            // upgrade would be left with a half-open connection it notices only later, possibly after a
            // restart has opened the next one (two live connections for one identity). The handshake
            // gets CloseTimeout to finish; the session then closes the connection properly.
            var grace = _options.CloseTimeout;
            await using var onStop = token.Register(() => timeout.CancelAfter(grace));
            await socket.ConnectAsync(_connection.Endpoint(), _connection.Invoker, timeout.Token);
            if (!string.Equals(socket.SubProtocol, _connection.Version.ToSubprotocol(), StringComparison.Ordinal))
            {
                // 1.6-J §3.2 / 2.0.1 Part 4 §3.2: no agreed subprotocol is a failed connection.
                await CloseQuietlyAsync(socket);
                throw new SubprotocolException(socket.SubProtocol);
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Closes a connection no receive loop reads, waiting briefly for the CSMS's close frame.</summary>
    private async Task CloseUnusedAsync(ClientWebSocket socket)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.CloseTimeout);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "Charger stopped", timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            socket.Abort();
        }
    }

    private string? Password()
    {
        // A key the CSMS set over OCPP (AuthorizationKey / BasicAuthPassword) replaces the configured one.
        var fromCsms = Model.Settings.Get(SettingsCatalog.AuthorizationKey);
        return string.IsNullOrEmpty(fromCsms) ? _connection.AuthorizationKey : fromCsms;
    }

    /// <summary>Certificate validation stays on: a chain to the lab CA is accepted in addition to the system's roots.</summary>
    internal static bool TrustsLabCa(X509Certificate2 ca, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(ca);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = new X509Certificate2(certificate);
        return custom.Build(leaf);
    }

    /// <summary>Reads frames until the connection ends; returns why it ended (null for a normal close).</summary>
    private async Task<string?> ReceiveLoopAsync(ClientWebSocket socket, int number, CancellationToken token)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(_options.ReceiveBufferSize);
        var message = new ArrayBufferWriter<byte>(256);
        try
        {
            while (socket.State == WebSocketState.Open || socket.State == WebSocketState.CloseSent)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        await CloseQuietlyAsync(socket);
                    }

                    return socket.CloseStatus == WebSocketCloseStatus.NormalClosure || token.IsCancellationRequested || _rebootRequested
                        ? null
                        : $"The CSMS closed the connection ({socket.CloseStatus} {socket.CloseStatusDescription}).";
                }

                if (message.WrittenCount + result.Count > _options.MaxFrameBytes)
                {
                    return await RefuseOversizedAsync(socket, message, buffer.AsSpan(0, result.Count).ToArray(), token);
                }

                message.Write(buffer.AsSpan(0, result.Count));
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var text = result.MessageType == WebSocketMessageType.Text
                    ? Encoding.UTF8.GetString(message.WrittenSpan)
                    : Convert.ToBase64String(message.WrittenSpan);
                message.Clear();
                if (message.Capacity > _options.ReceiveBufferSize * 4)
                {
                    message = new ArrayBufferWriter<byte>(256);
                }

                _inbox.Writer.TryWrite(new Work.Received(text, Now, number, System.Diagnostics.Stopwatch.GetTimestamp()));
            }

            return null;
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            return token.IsCancellationRequested || _rebootRequested ? null : $"The connection was lost: {ex.Message}";
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// A frame from the CSMS over <see cref="RuntimeOptions.MaxFrameBytes"/>: it is not read further.
    /// The connection is closed with 1009 (message too big, RFC 6455 §7.4.1), a warning names the
    /// size, and the frame log gets an entry without the body (direction, action and message id when
    /// the start of the frame names them, the size in the message text). Returns the reason for the
    /// runtime's <c>last_error</c>; the charger reconnects as after any lost connection.
    /// </summary>
    private async Task<string> RefuseOversizedAsync(ClientWebSocket socket, ArrayBufferWriter<byte> message, byte[] last, CancellationToken token)
    {
        var size = message.WrittenCount + last.Length;
        var head = new byte[Math.Min(256, size)];
        var fromMessage = Math.Min(head.Length, message.WrittenCount);
        message.WrittenSpan[..fromMessage].CopyTo(head);
        last.AsSpan(0, head.Length - fromMessage).CopyTo(head.AsSpan(fromMessage));
        message.Clear();
        var (action, messageId) = OversizedFrame.Describe(head);
        var max = _options.MaxFrameBytes;
        _logger.LogWarning(
            "Charger {ChargerId}: a frame of at least {Bytes} bytes from the CSMS ({Action}) is over Ocpp:MaxFrameBytes ({Max}); closing with 1009",
            ChargerId, size, action ?? "action unknown", max);
        _frames.Record(new ChargerLog
        {
            ChargerId = ChargerId,
            Direction = LogDirection.CsmsToCp,
            Action = action,
            Message = OversizedFrame.LogText(size, max),
            Timestamp = Now,
            MessageType = LogMessageType.Malformed,
            MessageId = messageId,
        });

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            timeout.CancelAfter(_options.CloseTimeout);
            await socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, $"frame over {max} bytes", timeout.Token);

            // Read (and drop) the rest until the CSMS answers the close, within the close timeout and
            // a few frames' worth: closing with the rest unread would reset the connection, and the
            // CSMS would lose the 1009 with it.
            var drain = new byte[16 * 1024];
            long drained = 0;
            while (drained < 4L * max && socket.State == WebSocketState.CloseSent)
            {
                var result = await socket.ReceiveAsync(drain, timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                drained += result.Count;
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            _logger.LogDebug(ex, "Charger {ChargerId}: closing with 1009 failed", ChargerId);
        }

        socket.Abort();
        return $"A frame of at least {size} bytes was received, over the {max}-byte limit (Ocpp:MaxFrameBytes); the connection was closed with 1009.";
    }

    /// <summary>
    /// RetryBackOffWaitMinimum, doubled after each failure up to RetryBackOffRepeatTimes
    /// doublings, plus a random share of RetryBackOffRandomRange (2.0.1 §5.3).
    /// </summary>
    private TimeSpan Backoff(int failures)
    {
        var minimum = Math.Max(0, Model.Settings.GetInt(SettingsCatalog.RetryBackOffWaitMinimum));
        var range = Math.Max(0, Model.Settings.GetInt(SettingsCatalog.RetryBackOffRandomRange));
        var repeat = Math.Max(0, Model.Settings.GetInt(SettingsCatalog.RetryBackOffRepeatTimes));
        var doublings = Math.Min(Math.Max(0, failures - 1), repeat);
        var seconds = (minimum * Math.Pow(2, doublings)) + (Random.Shared.NextDouble() * range);
        return TimeSpan.FromSeconds(Math.Max(0.05, seconds));
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken token)
    {
        try
        {
            await Task.Delay(delay, _time, token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>A human-readable reason, and whether retrying is unlikely to help without a change.</summary>
    private static (string Reason, bool Permanent) Describe(Exception ex)
    {
        if (Denial(ex) is not null)
        {
            // Retrying does not help until the ws_url or the policy changes; the back-off still applies.
            return (OutboundPolicyDeniedException.Reason, true);
        }

        switch (ex)
        {
            case SubprotocolException sub:
                return (sub.Message, true);
            case WebSocketException { InnerException: HttpRequestException { StatusCode: { } status } }:
                return ($"The CSMS answered HTTP {(int)status} to the WebSocket upgrade.", status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound);
            case WebSocketException { InnerException: HttpRequestException { InnerException: System.Security.Authentication.AuthenticationException auth } }:
                return ($"TLS failed: {auth.Message}", true);
            case WebSocketException web when web.Message.Contains("status code '", StringComparison.Ordinal):
                return (web.Message, web.Message.Contains("'401'", StringComparison.Ordinal) || web.Message.Contains("'403'", StringComparison.Ordinal) || web.Message.Contains("'404'", StringComparison.Ordinal));
            case OperationCanceledException:
                return ("Connecting to the CSMS timed out.", false);
            default:
                return ($"Connecting to the CSMS failed: {ex.GetBaseException().Message}", false);
        }
    }

    /// <summary>The policy's refusal somewhere in the chain (the handler and the WebSocket each wrap it once).</summary>
    private static OutboundPolicyDeniedException? Denial(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is OutboundPolicyDeniedException denied)
            {
                return denied;
            }
        }

        return null;
    }

    private sealed class SubprotocolException(string? chosen) : Exception(
        chosen is null or ""
            ? "The CSMS agreed to no OCPP subprotocol."
            : $"The CSMS chose subprotocol '{chosen}', not the one offered.");
}
