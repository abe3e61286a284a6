using System.Globalization;
using OcppLab.Domain.ChargePoint.SmartCharging;

namespace OcppLab.Infrastructure.Ocpp.V16.Messages;

/// <summary>ChargingProfilePurposeType (1.6 §7.15), the names the CSMS sends.</summary>
internal enum ChargingProfilePurposeType
{
    ChargePointMaxProfile,
    TxDefaultProfile,
    TxProfile,
}

/// <summary>ChargingProfile (1.6 §7.13), as SetChargingProfile (csChargingProfiles) and RemoteStartTransaction carry it.</summary>
internal sealed record ChargingProfileType(
    int? ChargingProfileId,
    int? TransactionId,
    int? StackLevel,
    ChargingProfilePurposeType? ChargingProfilePurpose,
    ProfileKind? ChargingProfileKind,
    RecurrencyKind? RecurrencyKind,
    DateTimeOffset? ValidFrom,
    DateTimeOffset? ValidTo,
    ChargingScheduleType? ChargingSchedule)
{
    public static ProfilePurpose PurposeOf(ChargingProfilePurposeType purpose) => purpose switch
    {
        ChargingProfilePurposeType.ChargePointMaxProfile => ProfilePurpose.StationMax,
        ChargingProfilePurposeType.TxDefaultProfile => ProfilePurpose.TxDefault,
        _ => ProfilePurpose.Tx,
    };

    /// <summary>The Domain profile for the connector, or null when the purpose or the schedule is missing.</summary>
    public ChargingProfile? ToProfile(int evseId) =>
        ChargingProfilePurpose is not { } purpose || ChargingSchedule is not { } schedule
            ? null
            : new ChargingProfile(
                ChargingProfileId ?? 0,
                StackLevel ?? 0,
                PurposeOf(purpose),
                ChargingProfileKind ?? ProfileKind.Absolute,
                schedule.ToSchedule(),
                evseId,
                RecurrencyKind,
                ValidFrom,
                ValidTo,
                TransactionId?.ToString(CultureInfo.InvariantCulture));
}

/// <summary>ChargingSchedule (1.6 §7.21): the request's schedule and GetCompositeSchedule's answer.</summary>
internal sealed record ChargingScheduleType(
    int? Duration,
    DateTimeOffset? StartSchedule,
    RateUnit? ChargingRateUnit,
    IReadOnlyList<ChargingSchedulePeriodType>? ChargingSchedulePeriod,
    double? MinChargingRate = null)
{
    public ChargingSchedule ToSchedule() => new(
        ChargingRateUnit ?? RateUnit.W,
        [.. (ChargingSchedulePeriod ?? []).Select(p => new SchedulePeriod(p.StartPeriod, p.Limit, p.NumberPhases))],
        Duration,
        StartSchedule,
        MinChargingRate);
}

/// <summary>ChargingSchedulePeriod (1.6 §7.22).</summary>
internal sealed record ChargingSchedulePeriodType(int StartPeriod, double Limit, int? NumberPhases = null);
