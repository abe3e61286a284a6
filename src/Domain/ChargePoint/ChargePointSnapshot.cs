using OcppLab.Domain.ChargePoint.SmartCharging;

namespace OcppLab.Domain.ChargePoint;

/// <summary>
/// The charge point's live state as its non-volatile memory keeps it: every connector (status,
/// availability, the car, the energy register, reservation, open and last transaction) and the
/// installed charging profiles. Made by <see cref="ChargePoint.TakeSnapshot"/> and given back to
/// <see cref="ChargePoint.Restore"/>; plain records, so that the runtime can store them as it likes.
/// Settings and the local list are kept apart (they already are, written when they change).
/// </summary>
public sealed record ChargePointSnapshot(
    bool StationOperative,
    ConnectorStatus StationStatus,
    IReadOnlyList<ConnectorSnapshot> Connectors,
    IReadOnlyList<ChargingProfile> Profiles);

/// <summary>One connector's state; <see cref="LastAdvance"/> is the instant its register was last brought up to date.</summary>
public sealed record ConnectorSnapshot(
    int Index,
    ConnectorStatus Status,
    string ErrorCode,
    bool CablePlugged,
    bool AutoPlugged,
    bool Operative,
    bool? PendingOperative,
    Reservation? Reservation,
    TransactionSnapshot? Transaction,
    TransactionSnapshot? LastTransaction,
    VehicleSnapshot? Vehicle,
    double EnergyRegisterWh,
    double PowerW,
    double? PowerSetpointW,
    bool EvRequestsEnergy,
    bool EnergyWithheld,
    bool AwaitingUnplug,
    SessionTarget? Target,
    DateTimeOffset LastAdvance,
    DateTimeOffset? NextMeterSampleAt);

/// <summary>A transaction: its ids, start, meter start, tag, the 2.0.1 seqNo counter and, once ended, its end.</summary>
public sealed record TransactionSnapshot(
    string Id,
    int? CsmsTransactionId,
    string IdTag,
    string IdTokenType,
    DateTimeOffset StartedAt,
    double MeterStartWh,
    int? RemoteStartId,
    int? ReservationId,
    int NextSeqNo,
    ChargingState ChargingState,
    DateTimeOffset? EndedAt = null,
    double? MeterStopWh = null,
    StopReason? StopReason = null);

/// <summary>The simulated car on a connector.</summary>
public sealed record VehicleSnapshot(double CapacityWh, double SocPercent, double MaxPowerW);
