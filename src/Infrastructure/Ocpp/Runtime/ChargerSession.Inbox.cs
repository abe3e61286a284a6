using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using OcppLab.Domain.Logs;
using OcppLab.Infrastructure.Logging;
using OcppLab.Infrastructure.Ocpp.Framing;
using OcppLab.Infrastructure.Ocpp.Protocol;

namespace OcppLab.Infrastructure.Ocpp.Runtime;

/// <summary>Receiving: answers to our CALLs, CSMS CALLs answered through the protocol, malformed frames.</summary>
public sealed partial class ChargerSession
{
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
        if (OversizeOf(text) is not null)
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
}
