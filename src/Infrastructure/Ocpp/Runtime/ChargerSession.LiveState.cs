using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.Authorization;
using OcppLab.Infrastructure.Ocpp.Protocol;

using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.Runtime;

/// <summary>
/// The live state in non-volatile memory (ADR 10): captured on the actor when it changed, at most once
/// per <see cref="RuntimeOptions.LiveStateFlushInterval"/>, handed to the batched writer, written finally
/// at a stop; restored when the session starts. After a clean stop within
/// <see cref="RuntimeOptions.ResumeWithoutBootWithin"/> the charger reconnects without a boot and its
/// transactions go on; otherwise it boots as after a power loss, delivers its queue, then ends the
/// transactions that were running with reason PowerLoss.
/// </summary>
public sealed partial class ChargerSession
{
    /// <summary>Payloads of the calls restored from the store, by call: a 1.6 StartTransaction's answer gives their transactionId.</summary>
    private readonly Dictionary<OutgoingCall, JsonObject> _restoredPayloads = new(ReferenceEqualityComparer.Instance);
    private int _liveFingerprint;
    private bool _liveDirty;
    private DateTimeOffset _liveCaptureDue;

    /// <summary>How the stored state was taken up: "fresh", "resumed" or "power-loss" (for tests and logs).</summary>
    public string LiveStateOutcome { get; private set; } = "fresh";

    /// <summary>Where the charger is connected to: another CSMS, identity or profile is another registration.</summary>
    private string EndpointKey => $"{_connection.WsUrl}|{_connection.Identity}|{_connection.SecurityProfile}";

    /// <summary>Runs before the loops start (nothing else touches the model yet). A stored state that cannot be used is ignored with a warning.</summary>
    private void RestoreLiveState(string? json)
    {
        // The first capture after the start waits an interval: the changes of a (re)connect storm are one write per charger.
        _liveCaptureDue = Now + _options.LiveStateFlushInterval;
        if (!LiveStateDocument.TryRead(json, _options.LiveStateMaxBytes, out var document, out var problem))
        {
            if (problem is not null)
            {
                _logger.LogWarning("Charger {ChargerId}: its stored live state is not restored ({Problem}); it boots fresh", ChargerId, problem);
            }

            return;
        }

        if (document!.OcppVersion != Model.Spec.Version.ToString())
        {
            _logger.LogWarning("Charger {ChargerId}: its stored live state is of OCPP {Stored}, it now speaks {Version}; it boots fresh", ChargerId, document.OcppVersion, Model.Spec.Version);
            return;
        }

        try
        {
            // Tried on a scratch model first: a snapshot that does not fit leaves the real one untouched.
            new ChargePoint(Model.Spec, _time, Model.Settings.Overrides).Restore(document.Model);
            Model.Restore(document.Model);
        }
        catch (Exception ex) when (ex is ArgumentException or NullReferenceException or InvalidOperationException)
        {
            _logger.LogWarning("Charger {ChargerId}: its stored live state is not restored ({Problem}); it boots fresh", ChargerId, ex.Message);
            return;
        }

        foreach (var message in document.Queue)
        {
            _outbox.AddLast(Restored(message));
        }

        var now = Now;
        var resume = document is { CleanStopAt: { } clean, Registered: true }
            && document.Endpoint == EndpointKey
            && now >= clean && now - clean <= _options.ResumeWithoutBootWithin;
        var open = Model.Connectors.Count(c => c.Transaction is not null);

        // Per charger, so Information only when it carries something: a fleet of idle chargers
        // recovering is one summary line of the session manager, not a line each (a 10,000-charger
        // storm spent a tenth of its CPU writing these to the console).
        var level = open > 0 || document.Queue.Count > 0 ? LogLevel.Information : LogLevel.Debug;
        if (resume)
        {
            // 1.6 §4.2 / 2.0.1 B01: a BootNotification follows a start-up; a charger that did not power down only reconnects.
            Registration = RegistrationStatus.Accepted;
            Model.ContinueAfterOutage();
            LiveStateOutcome = "resumed";
            _logger.Log(
                level,
                "Charger {ChargerId} resumes without a boot after {Gap} (stopped cleanly): {Open} transaction(s) continue, {Queued} message(s) queued",
                ChargerId, now - document.CleanStopAt!.Value, open, document.Queue.Count);
        }
        else
        {
            Model.EndTransactionsAfterPowerLoss();
            LiveStateOutcome = "power-loss";
            _logger.Log(
                level,
                "Charger {ChargerId} boots after a power loss: {Queued} queued message(s) first, then {Open} transaction(s) end with reason PowerLoss",
                ChargerId, document.Queue.Count, open);
        }

        DrainModelEvents();
        if (!resume)
        {
            // Only the transaction messages wait for the boot; every connector's status follows the Accepted one (B01.FR.05).
            for (var node = _outbox.First; node is not null;)
            {
                var next = node.Next;
                if (node.Value.Class != CallClass.Transaction)
                {
                    _outbox.Remove(node);
                }

                node = next;
            }
        }

        _liveFingerprint = LiveFingerprint();
        _liveDirty = true;
        _snapshot = BuildSnapshot();
    }

    /// <summary>After each step: a change marks the state dirty; a dirty state is captured once its interval has passed.</summary>
    private void TrackLiveState()
    {
        var fingerprint = LiveFingerprint();
        if (fingerprint != _liveFingerprint)
        {
            _liveFingerprint = fingerprint;
            _liveDirty = true;
        }

        var now = Now;
        if (!_liveDirty || now < _liveCaptureDue)
        {
            return;
        }

        _liveDirty = false;
        _liveCaptureDue = now + _options.LiveStateFlushInterval;
        if (CaptureLiveState(cleanStopAt: null) is { } json)
        {
            _store.QueueLiveState(ChargerId, json);
        }
    }

    /// <summary>The final state, after both loops ended (so nothing else touches the model); a power-off waits until it is written.</summary>
    private async Task SaveFinalLiveStateAsync(bool handover)
    {
        try
        {
            if (CaptureLiveState(handover ? Now : null) is { } json)
            {
                _store.QueueLiveState(ChargerId, json);
            }

            if (!handover)
            {
                await _store.FlushLiveStatesAsync(CancellationToken.None);
            }
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Charger {ChargerId}: storing its final live state failed", ChargerId);
        }
    }

    /// <summary>The live state as a document within Ocpp:LiveStateMaxBytes; null (with an error logged) when it cannot fit.</summary>
    internal string? CaptureLiveState(DateTimeOffset? cleanStopAt)
    {
        var queue = _outbox
            .Where(c => c.Class == CallClass.Transaction)
            .Select(c => new QueuedMessage(c.Action, c.PayloadCopy(), c.Attempts, c.TransactionId, c.PeriodicSample))
            .ToList();
        var document = new LiveStateDocument(
            LiveStateDocument.CurrentVersion,
            Now,
            cleanStopAt,
            EndpointKey,
            Model.Spec.Version.ToString(),
            Registration == RegistrationStatus.Accepted,
            Model.TakeSnapshot(),
            queue);
        var (json, omitted) = document.Write(_options.LiveStateMaxBytes);
        if (omitted > 0)
        {
            _logger.LogWarning(
                "Charger {ChargerId}: its live state is over Ocpp:LiveStateMaxBytes ({Max}); {Omitted} queued periodic meter sample(s) are not stored (they are still delivered unless the charger restarts)",
                ChargerId, _options.LiveStateMaxBytes, omitted);
        }

        if (json is null)
        {
            _logger.LogError(
                "Charger {ChargerId}: its live state ({Queued} queued transaction messages) does not fit Ocpp:LiveStateMaxBytes ({Max}); the last stored one is kept",
                ChargerId, queue.Count, _options.LiveStateMaxBytes);
        }

        return json;
    }

    /// <summary>What the stored state depends on, but the meter register (that moves with every step; it is stored with each change and sample).</summary>
    private int LiveFingerprint()
    {
        var hash = new HashCode();
        hash.Add(Registration);
        hash.Add(Model.StationOperative);
        foreach (var c in Model.Connectors)
        {
            hash.Add(c.Status);
            hash.Add(c.ErrorCode);
            hash.Add(c.CablePlugged);
            hash.Add(c.Operative);
            hash.Add(c.PendingOperative);
            hash.Add(c.Reservation);
            hash.Add(c.Transaction?.Id);
            hash.Add(c.Transaction?.CsmsTransactionId);
            hash.Add(c.Transaction?.NextSeqNo);
            hash.Add(c.Transaction?.ChargingState);
            hash.Add(c.LastTransaction?.Id);
            hash.Add(c.LastTransaction?.CsmsTransactionId);
            hash.Add(c.PowerSetpointW);
            hash.Add(c.AwaitingUnplug);
            hash.Add(c.Target);
            hash.Add(c.EvRequestsEnergy);
            hash.Add(c.EnergyWithheld);
        }

        foreach (var profile in Model.Profiles.Profiles)
        {
            hash.Add(RuntimeHelpers.GetHashCode(profile));
        }

        foreach (var call in _outbox)
        {
            if (call.Class == CallClass.Transaction)
            {
                hash.Add(RuntimeHelpers.GetHashCode(call));
                hash.Add(call.Attempts);
            }
        }

        return hash.ToHashCode();
    }

    /// <summary>A stored message, sent as it was stored; its answer does what the original's would have.</summary>
    private OutgoingCall Restored(QueuedMessage message)
    {
        var payload = message.Payload;
        var call = new OutgoingCall(message.Action, () => payload, CallClass.Transaction)
        {
            TransactionId = message.TransactionId,
            Attempts = message.Attempts,
            PeriodicSample = message.PeriodicSample,
            OnResult = result => RestoredAnswered(message.Action, payload, message.TransactionId, result),
            OnFailure = _ => RestoredFailed(message.Action, payload, message.TransactionId),
        };
        _restoredPayloads[call] = payload;
        return call;
    }

    /// <summary>What the answer means is the version's to say (the session names no message of either).</summary>
    private void RestoredAnswered(string action, JsonObject payload, string? transactionId, JsonObject result)
    {
        var (connector, tx) = Find(transactionId);
        var related = _restoredPayloads.Where(p => p.Key.TransactionId == transactionId).Select(p => p.Value).ToList();
        Protocol.RestoredAnswered(action, payload, connector, tx, result, related);
        ForgetOrUnplug(action, payload, connector);
    }

    private void RestoredFailed(string action, JsonObject payload, string? transactionId)
    {
        var (connector, tx) = Find(transactionId);
        Protocol.RestoredFailed(action, tx);
        ForgetOrUnplug(action, payload, connector);
    }

    /// <summary>After the message that ends a transaction, the simulated driver of an automatic session unplugs.</summary>
    private void ForgetOrUnplug(string action, JsonObject payload, Connector? connector)
    {
        foreach (var call in _restoredPayloads.Where(p => ReferenceEquals(p.Value, payload)).Select(p => p.Key).ToList())
        {
            _restoredPayloads.Remove(call);
        }

        if (connector is not null && Protocol.EndsTransaction(action, payload))
        {
            Protocol.UnplugIfAutomatic(connector);
        }
    }

    private (Connector? Connector, Transaction? Transaction) Find(string? transactionId)
    {
        if (transactionId is null || Model.FindTransaction(transactionId) is not { } tx)
        {
            return (null, null);
        }

        return (Model.Connectors.FirstOrDefault(c => ReferenceEquals(c.Transaction, tx) || ReferenceEquals(c.LastTransaction, tx)), tx);
    }
}
