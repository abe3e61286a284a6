using OcppLab.Domain.ChargePoint.Settings;

namespace OcppLab.Domain.ChargePoint;

/// <summary>
/// The live state in non-volatile memory: taken as a <see cref="ChargePointSnapshot"/>, restored into a
/// fresh model of the same charger, and then either continued (a short, clean outage: the meter kept
/// counting) or ended as after a power loss (the open transactions end with the last stored register).
/// </summary>
public sealed partial class ChargePoint
{
    /// <summary>The live state as it is now (nothing is advanced: the register is the one of the last step).</summary>
    public ChargePointSnapshot TakeSnapshot() =>
        new(
            StationOperative,
            _stationStatus,
            _connectors.Select(c => new ConnectorSnapshot(
                c.Index,
                c.Status,
                c.ErrorCode,
                c.CablePlugged,
                c.AutoPlugged,
                c.Operative,
                c.PendingOperative,
                c.Reservation,
                SnapshotOf(c.Transaction),
                c.LastTransaction is { } last && !ReferenceEquals(last, c.Transaction) ? SnapshotOf(last) : null,
                c.Vehicle is { } ev ? new VehicleSnapshot(ev.CapacityWh, ev.SocPercent, ev.MaxPowerW) : null,
                c.EnergyRegisterWh,
                c.PowerW,
                c.PowerSetpointW,
                c.EvRequestsEnergy,
                c.EnergyWithheld,
                c.AwaitingUnplug,
                c.Target,
                c.LastAdvance,
                c.NextMeterSampleAt)).ToList(),
            Profiles.Profiles.ToList());

    /// <summary>
    /// Puts a snapshot of this charger back into this (fresh) model, raising no events: what the CSMS
    /// must hear about follows from <see cref="ContinueAfterOutage"/> or <see cref="EndTransactionsAfterPowerLoss"/>.
    /// A snapshot that does not fit the charger (another connector count, impossible values) is
    /// refused with an <see cref="ArgumentException"/> before anything changed.
    /// </summary>
    public void Restore(ChargePointSnapshot snapshot)
    {
        Validate(snapshot);
        StationOperative = snapshot.StationOperative;
        _stationStatus = snapshot.StationStatus;
        foreach (var saved in snapshot.Connectors)
        {
            var connector = _connectors[saved.Index - 1];
            connector.Status = saved.Status;
            connector.ErrorCode = saved.ErrorCode;
            connector.CablePlugged = saved.CablePlugged;
            connector.AutoPlugged = saved.AutoPlugged;
            connector.Operative = saved.Operative;
            connector.PendingOperative = saved.PendingOperative;
            connector.Reservation = saved.Reservation;
            connector.Transaction = TransactionOf(saved.Transaction);
            connector.LastTransaction = connector.Transaction ?? TransactionOf(saved.LastTransaction);
            connector.Vehicle = saved.Vehicle is { } ev ? new ElectricVehicle(ev.CapacityWh, ev.SocPercent, ev.MaxPowerW) : null;
            connector.EnergyRegisterWh = saved.EnergyRegisterWh;
            connector.PowerW = saved.PowerW;
            connector.PowerSetpointW = saved.PowerSetpointW;
            connector.EvRequestsEnergy = saved.EvRequestsEnergy;
            connector.EnergyWithheld = saved.EnergyWithheld;
            connector.AwaitingUnplug = saved.AwaitingUnplug;
            connector.Target = saved.Target;
            connector.LastAdvance = saved.LastAdvance;
            connector.NextMeterSampleAt = saved.NextMeterSampleAt;
        }

        Profiles.Clear();
        foreach (var profile in snapshot.Profiles)
        {
            Profiles.Install(profile);
        }
    }

    /// <summary>
    /// After a short, clean outage (a graceful handover): the transactions go on, and their meters
    /// counted on at the power they had, so the register moves by the elapsed time. Meter samples that
    /// fell into the gap are not made up; the sampling goes on at its cadence from now.
    /// </summary>
    public void ContinueAfterOutage()
    {
        var now = Now;
        var interval = Settings.GetInt(SettingsCatalog.MeterValueSampleInterval);
        foreach (var connector in _connectors)
        {
            if (connector.Transaction is not null && connector.NextMeterSampleAt is { } next && next <= now)
            {
                connector.NextMeterSampleAt = interval > 0
                    ? next.AddSeconds(interval * (Math.Floor((now - next).TotalSeconds / interval) + 1))
                    : null;
            }
        }

        Advance();
    }

    /// <summary>
    /// After a power loss (a crash, or a charger switched off and on): every transaction that was
    /// running ends with reason PowerLoss and the register as last stored (nothing was measured in
    /// between); authorizations waiting for a cable are gone, reservations stay until they expire.
    /// </summary>
    public void EndTransactionsAfterPowerLoss()
    {
        var now = Now;
        foreach (var connector in _connectors)
        {
            connector.PendingAuthorization = null;
            if (connector.Transaction is null)
            {
                connector.LastAdvance = now;
                continue;
            }

            connector.PowerW = 0;
            connector.LastAdvance = now;
            connector.NextMeterSampleAt = null;
            EndTransaction(connector, StopReason.PowerLoss, TxTrigger.AbnormalCondition);
        }

        Advance();
    }

    /// <summary>A transaction of this model by its own id (open or the last one of its connector).</summary>
    public Transaction? FindTransaction(string id) =>
        _connectors.Select(c => c.Transaction?.Id == id ? c.Transaction : c.LastTransaction?.Id == id ? c.LastTransaction : null)
            .FirstOrDefault(t => t is not null);

    private static TransactionSnapshot? SnapshotOf(Transaction? tx) =>
        tx is null
            ? null
            : new TransactionSnapshot(
                tx.Id, tx.CsmsTransactionId, tx.IdTag, tx.IdTokenType, tx.StartedAt, tx.MeterStartWh, tx.RemoteStartId,
                tx.ReservationId, tx.NextSeqNo, tx.ChargingState, tx.EndedAt, tx.MeterStopWh, tx.StopReason);

    private static Transaction? TransactionOf(TransactionSnapshot? saved) =>
        saved is null
            ? null
            : new Transaction(saved.Id, saved.IdTag, saved.IdTokenType, saved.StartedAt, saved.MeterStartWh)
            {
                CsmsTransactionId = saved.CsmsTransactionId,
                RemoteStartId = saved.RemoteStartId,
                ReservationId = saved.ReservationId,
                NextSeqNo = saved.NextSeqNo,
                ChargingState = saved.ChargingState,
                EndedAt = saved.EndedAt,
                MeterStopWh = saved.MeterStopWh,
                StopReason = saved.StopReason,
            };

    private void Validate(ChargePointSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Connectors is null || snapshot.Profiles is null)
        {
            throw new ArgumentException("The snapshot has no connectors or no profiles.", nameof(snapshot));
        }

        var indices = snapshot.Connectors.Select(c => c?.Index ?? 0).Order().ToList();
        if (!indices.SequenceEqual(Enumerable.Range(1, _connectors.Count)))
        {
            throw new ArgumentException(
                $"The snapshot has connectors [{string.Join(", ", indices)}]; this charger has 1–{_connectors.Count}.", nameof(snapshot));
        }

        foreach (var connector in snapshot.Connectors)
        {
            if (!double.IsFinite(connector.EnergyRegisterWh) || connector.EnergyRegisterWh < 0
                || !double.IsFinite(connector.PowerW) || connector.PowerW < 0 || connector.ErrorCode is null)
            {
                throw new ArgumentException($"Connector {connector.Index} of the snapshot has an impossible meter, power or error code.", nameof(snapshot));
            }

            foreach (var tx in new[] { connector.Transaction, connector.LastTransaction })
            {
                if (tx is not null && (string.IsNullOrEmpty(tx.Id) || tx.IdTag is null || tx.IdTokenType is null
                    || !double.IsFinite(tx.MeterStartWh) || tx.MeterStartWh > connector.EnergyRegisterWh + 0.5 || tx.NextSeqNo < 0))
                {
                    throw new ArgumentException($"A transaction of connector {connector.Index} in the snapshot is inconsistent.", nameof(snapshot));
                }
            }

            if (connector.Transaction is { EndedAt: not null })
            {
                throw new ArgumentException($"The open transaction of connector {connector.Index} in the snapshot has ended.", nameof(snapshot));
            }
        }

        if (snapshot.Profiles.Any(p => p is null || p.Schedule?.Periods is null))
        {
            throw new ArgumentException("A charging profile of the snapshot has no schedule.", nameof(snapshot));
        }
    }
}
