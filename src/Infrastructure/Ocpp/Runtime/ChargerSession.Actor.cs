using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Domain.Logs;
using OcppLab.Infrastructure.Ocpp.Protocol;

namespace OcppLab.Infrastructure.Ocpp.Runtime;

/// <summary>The actor: one loop over the inbox, the steps it takes and what follows each (model events, the next CALL).</summary>
public sealed partial class ChargerSession
{
    private async Task RunActorAsync()
    {
        try
        {
            await foreach (var work in _inbox.Reader.ReadAllAsync())
            {
                try
                {
                    await HandleAsync(work);
                }
                catch (Exception ex)
                {
                    // Nothing a CSMS or a user sends may crash the session.
                    _logger.LogError(ex, "Charger {ChargerId}: failed to handle {Work}", ChargerId, work.GetType().Name);
                }

                if (_stopped is not null && _inFlight is null && _socket is null && _stopRequested)
                {
                    break;
                }

                AfterStep();
            }
        }
        finally
        {
            _phase = Phase.Stopped;
            _snapshot = BuildSnapshot();
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _stopped?.TrySetResult();
            _inbox.Writer.TryComplete();

            // A connection that opened just as the session stopped was never handed over: close it,
            // or its receive loop (and so StopAsync) would wait for ever.
            while (_inbox.Reader.TryRead(out var left))
            {
                if (left is Work.Connected connected)
                {
                    await CloseQuietlyAsync(connected.Socket);
                }
            }
        }
    }

    private async Task HandleAsync(Work work)
    {
        switch (work)
        {
            case Work.Connected connected:
                OnConnected(connected.Socket, connected.Number);
                break;
            case Work.Received received:
                await OnReceivedAsync(received);
                break;
            case Work.Disconnected disconnected:
                OnDisconnected(disconnected);
                break;
            case Work.ConnectFailed failed:
                _lastError = failed.Reason;
                _phase = failed.Permanent ? Phase.Failed : _phase == Phase.Starting ? Phase.Connecting : _phase;
                break;
            case Work.Connecting:
                if (_phase is Phase.Starting)
                {
                    _phase = Phase.Connecting;
                }

                break;
            case Work.Tick:
                OnTick();
                break;
            case Work.Invoke invoke:
                try
                {
                    invoke.Done.TrySetResult(invoke.Function(this));
                }
                catch (Exception ex)
                {
                    invoke.Done.TrySetException(ex);
                }

                break;
            case Work.Stop stop:
                _stopRequested = true;
                _stopped = stop.Done;
                if (_inFlight is null)
                {
                    await CloseForStopAsync();
                }

                break;
        }

        DrainModelEvents();
        await SendPendingAsync();
        await PersistIfChangedAsync();
        if (_stopRequested && _inFlight is null && _socket is not null)
        {
            await CloseForStopAsync();
        }
    }

    private void AfterStep()
    {
        Protocol.CheckScheduledReset();
        DrainModelEvents();
        _snapshot = BuildSnapshot();
        TrackLiveState();
        ArmTimer();
    }

    private void OnConnected(WebSocket socket, int number)
    {
        if (_stopRequested)
        {
            _ = CloseQuietlyAsync(socket);
            return;
        }

        _socket = socket;
        _socketNumber = number;
        _phase = Phase.Connected;
        _connectedAt = Now;
        _stats.Connected(Now);
        _lastError = null;
        _logger.LogDebug("Charger {ChargerId} connected (connection {Number})", ChargerId, number);

        if (Registration == RegistrationStatus.Accepted)
        {
            // A reconnect, not a reboot: no new BootNotification, but every connector's status.
            foreach (var call in Protocol.AllStatuses())
            {
                Enqueue(call);
            }
        }
        else
        {
            _bootRetryAt = Now;
        }
    }

    private void OnDisconnected(Work.Disconnected disconnected)
    {
        if (disconnected.Number != _socketNumber || _socket is null)
        {
            return;
        }

        _socket = null;
        _connectedAt = null;
        _stats.Disconnected(Now);
        _phase = _stopRequested ? Phase.Stopped : Phase.Reconnecting;
        if (disconnected.Reason is { } reason)
        {
            _lastError = reason;
        }

        if (_inFlight is { } inFlight)
        {
            _inFlight = null;
            Failed(inFlight.Call, new CallFailure(CallFailure.Disconnected, Description: "The connection was lost."));
        }

        // Only transaction messages survive a lost connection; statuses are sent afresh on reconnect.
        for (var node = _outbox.First; node is not null;)
        {
            var next = node.Next;
            if (node.Value.Class is not CallClass.Transaction)
            {
                _outbox.Remove(node);
                node.Value.OnFailure?.Invoke(new CallFailure(CallFailure.Dropped, Description: "The connection was lost before it was sent."));
            }

            node = next;
        }
    }

    private void OnTick()
    {
        var now = Now;
        if (_inFlight is { } inFlight && now >= inFlight.Deadline)
        {
            _inFlight = null;
            Remember(inFlight.MessageId, inFlight.Call.Action);
            _stats.Timeout(inFlight.Call.Action, LogDirection.CpToCsms);
            _metrics.Call(Model.Spec.Version, inFlight.Call.Action, LogDirection.CpToCsms, "timeout", Elapsed(inFlight.SentTicks));
            _logger.LogDebug("Charger {ChargerId}: {Action} {MessageId} timed out", ChargerId, inFlight.Call.Action, inFlight.MessageId);
            Failed(inFlight.Call, new CallFailure(CallFailure.Timeout, Description: "The CSMS did not answer in time."));
        }

        for (var i = 0; i < _scheduled.Count;)
        {
            if (_scheduled[i].At <= now)
            {
                var action = _scheduled[i].Action;
                _scheduled.RemoveAt(i);
                action();
            }
            else
            {
                i++;
            }
        }

        Model.Advance();
        if (_socket is not null && Registration == RegistrationStatus.Accepted
            && now >= _lastSentAt + HeartbeatInterval
            && !_outbox.Any(c => c.Action == "Heartbeat") && _inFlight?.Call.Action != "Heartbeat")
        {
            Enqueue(HeartbeatCall());
        }
    }

    private TimeSpan HeartbeatInterval => TimeSpan.FromSeconds(Math.Max(1, Model.Settings.GetInt(SettingsCatalog.HeartbeatInterval)));

    private OutgoingCall HeartbeatCall() => Protocol.Heartbeat().As(onResult: _ => _lastHeartbeatAt = Now);

    private void DrainModelEvents()
    {
        foreach (var chargePointEvent in Model.TakeEvents())
        {
            foreach (var call in Protocol.Translate(chargePointEvent))
            {
                call.PeriodicSample = chargePointEvent is TransactionUpdated { Trigger: TxTrigger.MeterValuePeriodic };
                Add(call);
            }
        }
    }
}
