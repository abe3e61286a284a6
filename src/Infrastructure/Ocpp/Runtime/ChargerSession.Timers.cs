using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using OcppLab.Application.Abstractions;
using OcppLab.Application.Common.Contracts;
using OcppLab.Domain.ChargePoint;
using OcppLab.Infrastructure.Ocpp.Protocol;

namespace OcppLab.Infrastructure.Ocpp.Runtime;

/// <summary>The one timer of the session, re-armed to the earliest deadline, and the runtime snapshot.</summary>
public sealed partial class ChargerSession
{
    private void ArmTimer()
    {
        if (_stopRequested && _socket is null)
        {
            return;
        }

        var now = Now;
        DateTimeOffset? next = Model.NextDeadline();
        void Consider(DateTimeOffset? at)
        {
            if (at is { } value && (next is null || value < next))
            {
                next = value;
            }
        }

        Consider(_inFlight?.Deadline);
        Consider(_liveDirty ? _liveCaptureDue : null);
        foreach (var (at, _) in _scheduled)
        {
            Consider(at);
        }

        if (_socket is not null)
        {
            if (Registration == RegistrationStatus.Accepted)
            {
                Consider(_lastSentAt + HeartbeatInterval);
            }
            else
            {
                Consider(_bootRetryAt);
            }

            foreach (var call in _outbox)
            {
                if (call.NotBefore > now)
                {
                    Consider(call.NotBefore);
                }
            }
        }

        // An overdue deadline fires at once. (Compared before the clamp: a deadline exactly 1 ms in the
        // past gives -1 ms, which is Timeout.InfiniteTimeSpan and would disarm the timer for good.)
        var due = next is { } at2
            ? (at2 - now < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : at2 - now)
            : Timeout.InfiniteTimeSpan;

        _timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    private RuntimeState BuildSnapshot()
    {
        var connectors = Model.Connectors
            .Select(c => new ConnectorState(
                Protocol.ReportedConnectorId(c),
                c.EvseId,
                Protocol.StatusName(c.Status),
                c.Transaction is { } tx ? Protocol.ReportedTransactionId(tx) : null))
            .ToList();
        return new RuntimeState(
            _phase switch
            {
                Phase.Starting => RuntimeStateName.Starting,
                Phase.Connecting => RuntimeStateName.Connecting,
                Phase.Connected => RuntimeStateName.Connected,
                Phase.Reconnecting => RuntimeStateName.Reconnecting,
                Phase.Failed => RuntimeStateName.Failed,
                _ => RuntimeStateName.Stopped,
            },
            Registration switch
            {
                RegistrationStatus.Accepted => BootStatusName.Accepted,
                RegistrationStatus.Pending => BootStatusName.Pending,
                RegistrationStatus.Rejected => BootStatusName.Rejected,
                _ => null,
            },
            _connectedAt,
            _lastHeartbeatAt,
            connectors)
        {
            LastError = _lastError,
        };
    }
}
