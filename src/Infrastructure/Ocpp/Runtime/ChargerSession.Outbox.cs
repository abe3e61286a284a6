using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Domain.Logs;
using OcppLab.Infrastructure.Ocpp.Framing;
using OcppLab.Infrastructure.Ocpp.Protocol;

namespace OcppLab.Infrastructure.Ocpp.Runtime;

/// <summary>Sending: the outbox, one CALL in flight at a time, retries and the frame log of what goes out.</summary>
public sealed partial class ChargerSession
{
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
        byte[] frame;
        try
        {
            // A typed payload is written once, at its first send, and kept as UTF-8: the frame is assembled around those bytes.
            frame = next.Frame(messageId);
        }
        catch (Exception ex)
        {
            _outbox.Remove(next);
            _logger.LogError(ex, "Charger {ChargerId}: building {Action} failed", ChargerId, next.Action);
            next.OnFailure?.Invoke(new CallFailure(CallFailure.Dropped, Description: ex.Message));
            return;
        }

        if (frame.Length > _options.MaxFrameBytes)
        {
            // Never sent: a CSMS is entitled to drop a frame over the limit, and the log would store it whole.
            var size = frame.Length;
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
        if (!await SendFrameAsync(frame, null, LogMessageType.Call, next.Action, messageId))
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

    /// <summary>
    /// The frame's size in UTF-8 bytes when it is over <see cref="RuntimeOptions.MaxFrameBytes"/>, else
    /// null. A UTF-16 character is at most three UTF-8 bytes, so nearly every frame is decided by its
    /// length, without a pass over its text on the send path.
    /// </summary>
    private int? OversizeOf(string text)
    {
        var max = _options.MaxFrameBytes;
        if (text.Length <= max / 3)
        {
            return null;
        }

        var bytes = Encoding.UTF8.GetByteCount(text);
        return bytes > max ? bytes : null;
    }

    private Task<bool> SendTextAsync(string text, LogMessageType type, string? action, string? messageId) =>
        SendFrameAsync(Encoding.UTF8.GetBytes(text), text, type, action, messageId);

    /// <summary>Sends one frame; the frame log keeps its text (<paramref name="text"/>, or decoded from the bytes once they are on the wire).</summary>
    private async Task<bool> SendFrameAsync(byte[] frame, string? text, LogMessageType type, string? action, string? messageId)
    {
        var socket = _socket;
        if (socket is null)
        {
            return false;
        }

        var sentAt = Now;
        try
        {
            await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, _stopping.Token);
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
            Message = text ?? Encoding.UTF8.GetString(frame),
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
}
