using OcppLab.Domain.ChargePoint.Authorization;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Domain.ChargePoint.SmartCharging;
using OcppLab.Domain.Common;

namespace OcppLab.Domain.ChargePoint;

/// <summary>
/// The simulated charge point: connectors and their status machine, transactions, the energy
/// meter and the car on each connector, settings, local authorization, reservations and charging
/// profiles. Pure and clock-driven: nothing happens between calls, <see cref="Advance"/> moves it
/// to the clock's present. Not thread-safe: one owner (the OCPP session) drives it. Everything the
/// CSMS must hear about is queued as a <see cref="ChargePointEvent"/>.
/// </summary>
public sealed partial class ChargePoint
{
    private readonly TimeProvider _time;
    private readonly List<Connector> _connectors;
    private readonly List<ChargePointEvent> _events = [];
    private readonly Func<bool, ElectricVehicle> _vehicleFactory;
    private ConnectorStatus _stationStatus = ConnectorStatus.Available;

    public ChargePoint(
        ChargePointSpec spec,
        TimeProvider time,
        IReadOnlyDictionary<string, string>? settingOverrides = null,
        Func<bool, ElectricVehicle>? vehicleFactory = null)
    {
        Spec = spec;
        _time = time;
        _vehicleFactory = vehicleFactory ?? ElectricVehicle.Typical;
        Settings = new ChargePointSettings(spec, settingOverrides);
        _connectors = Enumerable.Range(1, Math.Max(1, spec.ConnectorCount)).Select(i => new Connector(i)).ToList();
        var now = Now;
        foreach (var connector in _connectors)
        {
            connector.LastAdvance = now;
        }
    }

    public ChargePointSpec Spec { get; }
    public ChargePointSettings Settings { get; }
    public LocalAuthList LocalList { get; } = new();
    public AuthorizationCache Cache { get; } = new();
    public ChargingProfileStore Profiles { get; } = new();
    public IReadOnlyList<Connector> Connectors => _connectors;
    public bool StationOperative { get; private set; } = true;
    public ConnectorStatus StationStatus => _stationStatus;
    public DateTimeOffset Now => Clock.TruncateToMilliseconds(_time.GetUtcNow());
    public bool IsV16 => Spec.Version == OcppVersion.V16;

    public Connector? Connector(int index) => index >= 1 && index <= _connectors.Count ? _connectors[index - 1] : null;

    /// <summary>Finds the connector of a 2.0.1 (EVSE, connector) pair; each EVSE has one connector, numbered 1.</summary>
    public Connector? ConnectorOfEvse(int evseId, int? connectorId) =>
        connectorId is null or 1 ? Connector(evseId) : null;

    public Connector? ConnectorWithTransaction(string transactionId) =>
        _connectors.FirstOrDefault(c => c.Transaction is { } tx
            && (tx.Id == transactionId || (tx.CsmsTransactionId is { } csms && csms.ToString(System.Globalization.CultureInfo.InvariantCulture) == transactionId)));

    /// <summary>The events raised since the last call, in order.</summary>
    public IReadOnlyList<ChargePointEvent> TakeEvents()
    {
        if (_events.Count == 0)
        {
            return [];
        }

        var events = _events.ToList();
        _events.Clear();
        return events;
    }

    // ---- The car side -------------------------------------------------------------------

    public ModelResult PlugIn(int index, bool automatic = false)
    {
        if (Connector(index) is not { } connector)
        {
            return UnknownConnector(index);
        }

        Advance();
        if (connector.CablePlugged)
        {
            return ModelResult.Conflict($"connector {index} already has a cable plugged in.");
        }

        if (connector.IsFaulted)
        {
            return ModelResult.Conflict($"connector {index} is Faulted ({connector.ErrorCode}); clear the fault first.");
        }

        connector.CablePlugged = true;
        connector.AutoPlugged = automatic;
        connector.EvRequestsEnergy = true;
        connector.Vehicle = _vehicleFactory(Spec.IsDc);
        connector.AwaitingUnplug = false;
        Refresh(connector);

        // Authorized before the cable came: the transaction starts now.
        if (connector.PendingAuthorization is { } pending && connector.Transaction is null)
        {
            connector.PendingAuthorization = null;
            BeginTransaction(connector, pending.IdTag, pending.IdTokenType, pending.Remote ? TxTrigger.RemoteStart : TxTrigger.CablePluggedIn, pending.RemoteStartId, pending.ReservationId);
        }

        return ModelResult.Ok;
    }

    /// <summary>
    /// The driver pulls the cable: a running transaction ends (EVDisconnected), as the EV side would end
    /// it; in 2.0.1 with triggerReason EVCommunicationLost and chargingState Idle (TC_E_17_CS, TC_E_20_CS).
    /// </summary>
    public ModelResult Unplug(int index)
    {
        if (Connector(index) is not { } connector)
        {
            return UnknownConnector(index);
        }

        Advance();
        if (!connector.CablePlugged)
        {
            return ModelResult.Conflict($"connector {index} has no cable plugged in.");
        }

        if (connector.Transaction is not null)
        {
            // No status refresh yet: with the cable still counted as plugged it would report a transient Preparing.
            EndTransaction(connector, StopReason.EVDisconnected, TxTrigger.EVCommunicationLost, refreshStatus: false);
        }

        connector.CablePlugged = false;
        connector.AutoPlugged = false;
        connector.AwaitingUnplug = false;
        connector.Vehicle = null;
        connector.Target = null;
        Refresh(connector);
        return ModelResult.Ok;
    }

    /// <summary>The car starts (true) or stops (false) drawing energy: Charging ↔ SuspendedEV.</summary>
    public ModelResult SetEvRequestsEnergy(int index, bool requests)
    {
        if (Connector(index) is not { } connector)
        {
            return UnknownConnector(index);
        }

        Advance();
        if (!connector.CablePlugged)
        {
            return ModelResult.Conflict($"connector {index} has no car plugged in.");
        }

        connector.EvRequestsEnergy = requests;
        Recompute(connector);
        return ModelResult.Ok;
    }

    /// <summary>Caps the power the charger delivers on a connector (null removes the cap).</summary>
    public ModelResult SetPowerSetpoint(int index, double? watts)
    {
        if (Connector(index) is not { } connector)
        {
            return UnknownConnector(index);
        }

        Advance();
        connector.PowerSetpointW = watts;
        Recompute(connector, TxTrigger.ChargingRateChanged);
        return ModelResult.Ok;
    }

    // ---- Faults and availability ----------------------------------------------------------

    public ModelResult InjectFault(int index, string errorCode)
    {
        if (Connector(index) is not { } connector)
        {
            return UnknownConnector(index);
        }

        if (!ErrorCodes.IsFault(errorCode))
        {
            return ModelResult.Conflict($"'{errorCode}' is not an OCPP error code; use one of {string.Join(", ", ErrorCodes.Faults)}.");
        }

        Advance();
        connector.ErrorCode = errorCode;
        if (connector.Transaction is not null)
        {
            var reason = errorCode switch
            {
                "GroundFailure" => StopReason.GroundFault,
                "OverCurrentFailure" => StopReason.OvercurrentFault,
                _ => StopReason.Other,
            };
            EndTransaction(connector, reason, TxTrigger.AbnormalCondition);
        }

        Refresh(connector);
        return ModelResult.Ok;
    }

    public ModelResult ClearFault(int index)
    {
        if (Connector(index) is not { } connector)
        {
            return UnknownConnector(index);
        }

        if (!connector.IsFaulted)
        {
            return ModelResult.Conflict($"connector {index} is not faulted.");
        }

        Advance();
        connector.ErrorCode = ErrorCodes.NoError;
        Refresh(connector);
        return ModelResult.Ok;
    }

    /// <summary>ChangeAvailability for one connector, or the whole station with <paramref name="index"/> 0.</summary>
    public AvailabilityOutcome ChangeAvailability(int index, bool operative)
    {
        Advance();
        if (index == 0)
        {
            StationOperative = operative;
            var scheduled = false;
            foreach (var connector in _connectors)
            {
                scheduled |= SetOperative(connector, operative);
            }

            RefreshStation();
            return scheduled ? AvailabilityOutcome.Scheduled : AvailabilityOutcome.Accepted;
        }

        if (Connector(index) is not { } target)
        {
            return AvailabilityOutcome.Rejected;
        }

        return SetOperative(target, operative) ? AvailabilityOutcome.Scheduled : AvailabilityOutcome.Accepted;
    }

    // ---- Authorization ------------------------------------------------------------------

    /// <summary>What the charge point knows of a tag without asking the CSMS: the local list, then the cache.</summary>
    public IdTagInfo? LocalAuthorization(string idTag)
    {
        if (Settings.GetBool(SettingsCatalog.LocalAuthListEnabled) && LocalList.Find(idTag) is { } listed)
        {
            return listed;
        }

        return Settings.GetBool(SettingsCatalog.AuthorizationCacheEnabled) ? Cache.Find(idTag) : null;
    }

    public void RememberAuthorization(string idTag, IdTagInfo info)
    {
        // Tags on the local list are not cached (the list is the authority for them).
        if (Settings.GetBool(SettingsCatalog.AuthorizationCacheEnabled) && LocalList.Find(idTag) is null)
        {
            Cache.Remember(idTag, info);
        }
    }

    /// <summary>Remembers an authorization given before the cable is plugged; the transaction starts at plug-in.</summary>
    public ModelResult AuthorizeBeforePlugIn(int index, string idTag, string idTokenType, int? remoteStartId, int? reservationId, bool remote)
    {
        if (Connector(index) is not { } connector)
        {
            return UnknownConnector(index);
        }

        var timeout = Math.Max(1, Settings.GetInt(SettingsCatalog.ConnectionTimeOut));
        connector.PendingAuthorization = new PendingAuthorization(idTag, idTokenType, Now.AddSeconds(timeout), remoteStartId, reservationId, remote);
        Refresh(connector);
        return ModelResult.Ok;
    }

    // ---- Transactions --------------------------------------------------------------------

    /// <summary>Why a transaction could not start on the connector now, or null if it can.</summary>
    public ModelProblem? CannotStart(int index, string? idTag = null)
    {
        if (Connector(index) is not { } connector)
        {
            return UnknownConnector(index).Problem;
        }

        if (connector.IsFaulted)
        {
            return new(ProblemKind.Conflict, $"connector {index} is Faulted ({connector.ErrorCode}).");
        }

        if (!connector.Operative || !StationOperative)
        {
            return new(ProblemKind.Conflict, $"connector {index} is Unavailable.");
        }

        if (connector.Transaction is not null)
        {
            return new(ProblemKind.Conflict, $"connector {index} already has a transaction running.");
        }

        if (connector.Reservation is { } reservation && idTag is not null
            && reservation.IdTag != idTag && reservation.ParentIdTag != idTag)
        {
            return new(ProblemKind.Conflict, $"connector {index} is reserved for another id tag.");
        }

        if (connector.AwaitingUnplug)
        {
            return new(ProblemKind.Conflict, $"connector {index} is Finishing; unplug the car first.");
        }

        return null;
    }

    /// <summary>Starts a transaction on a plugged connector.</summary>
    public ModelResult StartTransaction(int index, string idTag, string idTokenType, TxTrigger trigger, int? remoteStartId = null)
    {
        if (CannotStart(index, idTag) is { } problem)
        {
            return new ModelResult(problem);
        }

        var connector = Connector(index)!;
        Advance();
        if (!connector.CablePlugged)
        {
            return ModelResult.Conflict($"connector {index} has no cable plugged in; plug it first.");
        }

        var reservationId = connector.Reservation?.Id;
        connector.PendingAuthorization = null;
        BeginTransaction(connector, idTag, idTokenType, trigger, remoteStartId, reservationId);
        return ModelResult.Ok;
    }

    public ModelResult StopTransaction(int index, StopReason reason, TxTrigger trigger)
    {
        if (Connector(index) is not { } connector)
        {
            return UnknownConnector(index);
        }

        Advance();
        if (connector.Transaction is null)
        {
            return ModelResult.Conflict($"connector {index} has no transaction running.");
        }

        EndTransaction(connector, reason, trigger);
        return ModelResult.Ok;
    }

    /// <summary>The CSMS refused the tag of a running transaction.</summary>
    public void Deauthorize(Connector connector)
    {
        if (connector.Transaction is null)
        {
            return;
        }

        if (Settings.GetBool(SettingsCatalog.StopTransactionOnInvalidId))
        {
            EndTransaction(connector, StopReason.DeAuthorized, TxTrigger.Deauthorized);
        }
        else
        {
            // Energy stops flowing, the transaction stays open (1.6 §5.3 StopTransactionOnInvalidId = false).
            // The EVSE withholds it, so the status is SuspendedEVSE (1.6 §4.9), not SuspendedEV.
            connector.EnergyWithheld = true;
            Recompute(connector, TxTrigger.Deauthorized);
        }
    }

    /// <summary>Sets an automatic end for the session on a connector.</summary>
    public void SetTarget(int index, TimeSpan? duration, double? energyWh)
    {
        if (Connector(index) is { } connector)
        {
            connector.Target = duration is null && energyWh is null
                ? null
                : new SessionTarget(duration is null ? null : Now + duration.Value, energyWh);
        }
    }

    // ---- Reservations --------------------------------------------------------------------

    public ReservationOutcome Reserve(int index, int reservationId, string idTag, DateTimeOffset expiresAt, string? parentIdTag)
    {
        Advance();

        // A new reservation with an existing id replaces it (1.6 §5.13).
        var existing = _connectors.FirstOrDefault(c => c.Reservation?.Id == reservationId);
        if (existing is not null)
        {
            existing.Reservation = null;
            Refresh(existing);
        }

        if (index == 0)
        {
            if (!Settings.GetBool(SettingsCatalog.ReserveConnectorZeroSupported))
            {
                return ReservationOutcome.Rejected;
            }

            var free = _connectors.FirstOrDefault(c => Reservable(c) == ReservationOutcome.Accepted);
            if (free is null)
            {
                return _connectors.All(c => c.IsFaulted) ? ReservationOutcome.Faulted
                    : _connectors.All(c => !c.Operative) ? ReservationOutcome.Unavailable
                    : ReservationOutcome.Occupied;
            }

            free.Reservation = new Reservation(reservationId, idTag, expiresAt, parentIdTag, 0);
            Refresh(free);
            return ReservationOutcome.Accepted;
        }

        if (Connector(index) is not { } connector)
        {
            return ReservationOutcome.Rejected;
        }

        var outcome = Reservable(connector);
        if (outcome == ReservationOutcome.Accepted)
        {
            connector.Reservation = new Reservation(reservationId, idTag, expiresAt, parentIdTag, index);
            Refresh(connector);
        }

        return outcome;
    }

    public bool CancelReservation(int reservationId)
    {
        var connector = _connectors.FirstOrDefault(c => c.Reservation?.Id == reservationId);
        if (connector is null)
        {
            return false;
        }

        var reservation = connector.Reservation!;
        connector.Reservation = null;
        _events.Add(new ReservationEnded(reservation, "Removed"));
        Refresh(connector);
        return true;
    }

    // ---- Charging profiles -----------------------------------------------------------------

    /// <summary>Installs a profile after the checks the CSMS expects a charge point to make; false = Rejected.</summary>
    public bool InstallProfile(ChargingProfile profile)
    {
        var maxStack = Settings.GetInt(SettingsCatalog.ChargeProfileMaxStackLevel);
        var maxPeriods = Settings.GetInt(SettingsCatalog.ChargingScheduleMaxPeriods);
        if (profile.StackLevel < 0 || profile.StackLevel > maxStack || profile.Schedule.Periods.Count == 0
            || profile.Schedule.Periods.Count > maxPeriods)
        {
            return false;
        }

        if (profile.Purpose == ProfilePurpose.StationMax && profile.EvseId != 0)
        {
            return false;
        }

        if (profile.Purpose == ProfilePurpose.Tx)
        {
            // A transaction profile needs the transaction it is for.
            if (Connector(profile.EvseId) is not { Transaction: { } tx }
                || (profile.TransactionId is not null && profile.TransactionId != tx.Id
                    && profile.TransactionId != tx.CsmsTransactionId?.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                return false;
            }
        }
        else if (profile.EvseId != 0 && Connector(profile.EvseId) is null)
        {
            return false;
        }

        if (IsV16 && Profiles.Count >= Settings.GetInt(SettingsCatalog.MaxChargingProfilesInstalled)
            && !Profiles.Profiles.Any(p => p.Id == profile.Id || (p.StackLevel == profile.StackLevel && p.Purpose == profile.Purpose && p.EvseId == profile.EvseId)))
        {
            return false;
        }

        Advance();
        Profiles.Install(profile);
        RecomputeAll(TxTrigger.ChargingRateChanged);
        return true;
    }

    public int ClearProfiles(int? id, int? evseId, ProfilePurpose? purpose, int? stackLevel)
    {
        Advance();
        var removed = Profiles.Clear(id, evseId, purpose, stackLevel);
        if (removed > 0)
        {
            RecomputeAll(TxTrigger.ChargingRateChanged);
        }

        return removed;
    }

    // ---- Time and the meter ---------------------------------------------------------------

    /// <summary>
    /// Brings the model to the present: energy flows at the current power since the last step,
    /// state of charge rises, limits are re-evaluated, automatic sessions end at their target,
    /// reservations and pending authorizations expire, and periodic meter samples are taken.
    /// </summary>
    public void Advance()
    {
        var now = Now;
        foreach (var connector in _connectors)
        {
            AdvanceConnector(connector, now);
        }

        foreach (var connector in _connectors)
        {
            if (connector.Reservation is { } reservation && reservation.ExpiresAt <= now)
            {
                connector.Reservation = null;
                _events.Add(new ReservationEnded(reservation, "Expired"));
                Refresh(connector);
            }

            if (connector.PendingAuthorization is { } pending && pending.ExpiresAt <= now)
            {
                connector.PendingAuthorization = null;
                Refresh(connector);
            }
        }
    }

    /// <summary>The next instant at which <see cref="Advance"/> has something to do, if any.</summary>
    public DateTimeOffset? NextDeadline()
    {
        DateTimeOffset? next = null;
        void Consider(DateTimeOffset? at)
        {
            if (at is { } value && (next is null || value < next))
            {
                next = value;
            }
        }

        foreach (var connector in _connectors)
        {
            Consider(connector.Reservation?.ExpiresAt);
            Consider(connector.PendingAuthorization?.ExpiresAt);
            if (connector.Transaction is not null)
            {
                Consider(connector.NextMeterSampleAt);
                Consider(connector.Target?.StopAt);
                if (connector.Target?.EnergyWh is { } target && connector.PowerW > 0)
                {
                    var remaining = target - connector.Transaction.EnergyWh(connector.EnergyRegisterWh);
                    Consider(connector.LastAdvance.AddSeconds(Math.Max(0, remaining / connector.PowerW * 3600)));
                }

                if (connector.Vehicle is { } ev && connector.PowerW > 0)
                {
                    // Re-evaluate often enough to follow the DC taper and notice a full battery.
                    var untilFull = (100 - ev.SocPercent) / 100 * ev.CapacityWh / connector.PowerW * 3600;
                    Consider(connector.LastAdvance.AddSeconds(Math.Clamp(untilFull, 1, Spec.IsDc && ev.SocPercent > 75 ? 30 : 300)));
                }

                foreach (var profile in Profiles.Profiles.Where(p => p.EvseId == 0 || p.EvseId == connector.EvseId))
                {
                    // The next instant a profile may change the limit.
                    foreach (var breakpoint in profile.Breakpoints(connector.LastAdvance, connector.LastAdvance.AddDays(8), connector.Transaction.StartedAt))
                    {
                        if (breakpoint > connector.LastAdvance)
                        {
                            Consider(breakpoint);
                        }
                    }
                }
            }
        }

        return next;
    }

    public MeterReading Read(Connector connector, string context) =>
        new(
            Now,
            Math.Round(connector.EnergyRegisterWh, 1),
            Math.Round(connector.PowerW, 1),
            Spec.IsDc && connector.Vehicle is { } ev ? Math.Round(ev.SocPercent, 1) : null,
            Math.Round(ChargingProfile.FromWatts(connector.PowerW, RateUnit.A, Spec.IsDc), 1),
            context);

    /// <summary>A meter sample on request (TriggerMessage MeterValues).</summary>
    public void SampleNow(Connector connector)
    {
        Advance();
        _events.Add(new MeterValuesSampled(connector, connector.Transaction, Read(connector, MeterReading.Trigger)));
    }

    /// <summary>Reboot: running transactions end with the reason; volatile state (pending authorizations, reservations) is lost.</summary>
    public void PowerDown(StopReason reason)
    {
        Advance();
        foreach (var connector in _connectors)
        {
            if (connector.Transaction is not null)
            {
                EndTransaction(connector, reason, TxTrigger.ResetCommand);
            }

            connector.PendingAuthorization = null;
            connector.Reservation = null;
            connector.AwaitingUnplug = false;
            connector.Target = null;
            if (connector.PendingOperative is { } operative)
            {
                connector.Operative = operative;
                connector.PendingOperative = null;
            }

            Refresh(connector);
        }
    }

    /// <summary>After a (re)boot: announce every connector's status as it is now.</summary>
    public IReadOnlyList<ConnectorStatusChanged> CurrentStatuses() =>
        _connectors.Select(c => new ConnectorStatusChanged(c, c.Status, c.Status, c.ErrorCode)).ToList();

    // ---- Internals ----------------------------------------------------------------------

    private static ModelResult UnknownConnector(int index) => ModelResult.Unknown($"connector {index} does not exist.");

    private ReservationOutcome Reservable(Connector connector)
    {
        if (connector.IsFaulted)
        {
            return ReservationOutcome.Faulted;
        }

        if (!connector.Operative || !StationOperative)
        {
            return ReservationOutcome.Unavailable;
        }

        return connector.Transaction is not null || connector.CablePlugged || connector.Reservation is not null
            ? ReservationOutcome.Occupied
            : ReservationOutcome.Accepted;
    }

    /// <returns>True when the change waits for a running transaction to end.</returns>
    private bool SetOperative(Connector connector, bool operative)
    {
        if (connector.Operative == operative)
        {
            connector.PendingOperative = null;
            return false;
        }

        if (!operative && connector.Transaction is not null)
        {
            connector.PendingOperative = false;
            return true;
        }

        connector.Operative = operative;
        connector.PendingOperative = null;
        Refresh(connector);
        return false;
    }

    private void BeginTransaction(Connector connector, string idTag, string idTokenType, TxTrigger trigger, int? remoteStartId, int? reservationId)
    {
        var now = Now;
        connector.LastAdvance = now;
        var tx = new Transaction(Guid.NewGuid().ToString(), idTag, idTokenType, now, connector.EnergyRegisterWh)
        {
            RemoteStartId = remoteStartId,
            ReservationId = reservationId,
        };
        connector.Transaction = tx;
        connector.LastTransaction = tx;
        connector.Reservation = null;
        connector.AwaitingUnplug = false;
        connector.PowerW = TargetPower(connector, now);
        tx.ChargingState = ChargingStateOf(connector);
        ScheduleNextSample(connector, now);
        _events.Add(new TransactionStarted(connector, tx, trigger, Read(connector, MeterReading.TransactionBegin)));
        Refresh(connector);
    }

    private void EndTransaction(Connector connector, StopReason reason, TxTrigger trigger, bool refreshStatus = true)
    {
        var tx = connector.Transaction!;
        var now = Now;
        AdvanceConnector(connector, now, allowAutoStop: false);
        connector.PowerW = 0;
        tx.EndedAt = now;
        tx.MeterStopWh = connector.EnergyRegisterWh;
        tx.StopReason = reason;
        connector.Transaction = null;
        connector.EnergyWithheld = false;
        connector.NextMeterSampleAt = null;
        connector.Target = null;
        connector.AwaitingUnplug = connector.CablePlugged && reason != StopReason.EVDisconnected;
        Profiles.TransactionEnded(connector.EvseId);
        _events.Add(new TransactionEnded(connector, tx, trigger, Read(connector, MeterReading.TransactionEnd)));
        if (connector.PendingOperative is { } operative)
        {
            connector.Operative = operative;
            connector.PendingOperative = null;
        }

        if (refreshStatus)
        {
            Refresh(connector);
        }
    }

    private void AdvanceConnector(Connector connector, DateTimeOffset now, bool allowAutoStop = true)
    {
        if (connector.Transaction is not { } tx)
        {
            connector.LastAdvance = now;
            return;
        }

        // Step through pending meter samples so each one reads the register at its own time.
        while (connector.NextMeterSampleAt is { } sampleAt && sampleAt <= now)
        {
            Integrate(connector, sampleAt);
            _events.Add(new TransactionUpdated(connector, tx, TxTrigger.MeterValuePeriodic, Read(connector, MeterReading.SamplePeriodic) with { Timestamp = sampleAt }));
            ScheduleNextSample(connector, sampleAt);
            Recompute(connector);
        }

        Integrate(connector, now);
        Recompute(connector);

        if (!allowAutoStop || connector.Target is not { } target)
        {
            return;
        }

        if (target.EnergyWh is { } energy && tx.EnergyWh(connector.EnergyRegisterWh) >= energy - 0.05)
        {
            EndTransaction(connector, StopReason.EnergyLimitReached, TxTrigger.EnergyLimitReached);
        }
        else if (target.StopAt is { } stopAt && now >= stopAt)
        {
            EndTransaction(connector, StopReason.TimeLimitReached, TxTrigger.TimeLimitReached);
        }
    }

    /// <summary>Energy flows at the current power from the last step to <paramref name="until"/>.</summary>
    private static void Integrate(Connector connector, DateTimeOffset until)
    {
        var seconds = (until - connector.LastAdvance).TotalSeconds;
        if (seconds <= 0)
        {
            return;
        }

        var energy = connector.PowerW * seconds / 3600;
        if (connector.Target?.EnergyWh is { } target && connector.Transaction is { } tx)
        {
            // Stop exactly at the target instead of overshooting by a whole step.
            energy = Math.Min(energy, Math.Max(0, target - tx.EnergyWh(connector.EnergyRegisterWh)));
        }

        if (connector.Vehicle is { } ev)
        {
            energy = Math.Min(energy, (100 - ev.SocPercent) / 100 * ev.CapacityWh);
            ev.AddEnergy(energy);
        }

        connector.EnergyRegisterWh += energy;
        connector.LastAdvance = until;
    }

    private void ScheduleNextSample(Connector connector, DateTimeOffset from)
    {
        var interval = Settings.GetInt(SettingsCatalog.MeterValueSampleInterval);
        connector.NextMeterSampleAt = interval > 0 ? from.AddSeconds(interval) : null;
    }

    private double TargetPower(Connector connector, DateTimeOffset now)
    {
        if (connector.Transaction is null || !connector.CablePlugged || !connector.EvRequestsEnergy || connector.IsFaulted || connector.EnergyWithheld)
        {
            return 0;
        }

        var limit = (double)Spec.ConnectorMaxPowerW;
        if (Profiles.LimitAt(connector.EvseId, now, connector.Transaction.StartedAt, Spec.IsDc) is { } profileLimit)
        {
            limit = Math.Min(limit, profileLimit);
        }

        if (connector.PowerSetpointW is { } setpoint)
        {
            limit = Math.Min(limit, setpoint);
        }

        if (connector.Vehicle is { } ev)
        {
            limit = Math.Min(limit, ev.AcceptedPowerW(Spec.IsDc));
        }

        return Math.Max(0, limit);
    }

    private static ChargingState ChargingStateOf(Connector connector)
    {
        if (connector.PowerW > 0)
        {
            return ChargingState.Charging;
        }

        if (!connector.EvRequestsEnergy || connector.Vehicle is { IsFull: true })
        {
            return ChargingState.SuspendedEV;
        }

        return ChargingState.SuspendedEVSE;
    }

    private void RecomputeAll(TxTrigger trigger)
    {
        foreach (var connector in _connectors)
        {
            Recompute(connector, trigger);
        }
    }

    /// <summary>Re-derives power and charging state; a change of charging state is a transaction event and a status change.</summary>
    private void Recompute(Connector connector, TxTrigger trigger = TxTrigger.ChargingStateChanged)
    {
        var power = TargetPower(connector, connector.LastAdvance > Now ? connector.LastAdvance : Now);
        var powerChanged = Math.Abs(power - connector.PowerW) > 0.5;
        connector.PowerW = power;
        if (connector.Transaction is { } tx)
        {
            var state = ChargingStateOf(connector);
            if (state != tx.ChargingState)
            {
                tx.ChargingState = state;

                // A suspension because the CSMS refused the token says so (triggerReason Deauthorized), not
                // merely that the charging state changed.
                _events.Add(new TransactionUpdated(connector, tx, trigger == TxTrigger.Deauthorized ? TxTrigger.Deauthorized : TxTrigger.ChargingStateChanged, null));
            }
            else if (powerChanged && trigger == TxTrigger.ChargingRateChanged)
            {
                _events.Add(new TransactionUpdated(connector, tx, TxTrigger.ChargingRateChanged, Read(connector, MeterReading.Trigger)));
            }
        }

        Refresh(connector);
    }

    private ConnectorStatus ComputeStatus(Connector connector)
    {
        if (connector.IsFaulted)
        {
            return ConnectorStatus.Faulted;
        }

        if (connector.Transaction is { } tx)
        {
            return tx.ChargingState switch
            {
                ChargingState.Charging => ConnectorStatus.Charging,
                ChargingState.SuspendedEV => ConnectorStatus.SuspendedEV,
                _ => ConnectorStatus.SuspendedEVSE,
            };
        }

        if (!connector.Operative || !StationOperative)
        {
            return ConnectorStatus.Unavailable;
        }

        if (connector.AwaitingUnplug && connector.CablePlugged)
        {
            return ConnectorStatus.Finishing;
        }

        if (connector.CablePlugged || connector.PendingAuthorization is not null)
        {
            return ConnectorStatus.Preparing;
        }

        return connector.Reservation is not null ? ConnectorStatus.Reserved : ConnectorStatus.Available;
    }

    private void Refresh(Connector connector)
    {
        var status = ComputeStatus(connector);
        if (status != connector.Status)
        {
            var previous = connector.Status;
            connector.Status = status;
            _events.Add(new ConnectorStatusChanged(connector, status, previous, connector.ErrorCode));
        }
    }

    private void RefreshStation()
    {
        var status = StationOperative ? ConnectorStatus.Available : ConnectorStatus.Unavailable;
        if (status != _stationStatus)
        {
            _stationStatus = status;
            _events.Add(new StationStatusChanged(status));
        }
    }
}
