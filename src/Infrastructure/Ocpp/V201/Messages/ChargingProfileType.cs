using OcppLab.Domain.ChargePoint.SmartCharging;

namespace OcppLab.Infrastructure.Ocpp.V201.Messages;

/// <summary>ChargingProfilePurposeEnumType (2.0.1 §3.17).</summary>
internal enum ChargingProfilePurposeEnumType
{
    ChargingStationExternalConstraints,
    ChargingStationMaxProfile,
    TxDefaultProfile,
    TxProfile,
}

/// <summary>ChargingProfileType (2.0.1 §2.10), both ways: SetChargingProfile and RequestStartTransaction (K01, F01), ReportChargingProfiles (K09).</summary>
internal sealed record ChargingProfileType(
    int? Id,
    int? StackLevel,
    ChargingProfilePurposeEnumType? ChargingProfilePurpose,
    ProfileKind? ChargingProfileKind,
    RecurrencyKind? RecurrencyKind,
    DateTimeOffset? ValidFrom,
    DateTimeOffset? ValidTo,
    string? TransactionId,
    IReadOnlyList<ChargingScheduleType>? ChargingSchedule)
{
    public static ProfilePurpose PurposeOf(ChargingProfilePurposeEnumType purpose) => purpose switch
    {
        ChargingProfilePurposeEnumType.ChargingStationMaxProfile => ProfilePurpose.StationMax,
        ChargingProfilePurposeEnumType.TxDefaultProfile => ProfilePurpose.TxDefault,
        ChargingProfilePurposeEnumType.TxProfile => ProfilePurpose.Tx,
        _ => ProfilePurpose.ExternalConstraints,
    };

    public static ChargingProfilePurposeEnumType PurposeName(ProfilePurpose purpose) => purpose switch
    {
        ProfilePurpose.StationMax => ChargingProfilePurposeEnumType.ChargingStationMaxProfile,
        ProfilePurpose.TxDefault => ChargingProfilePurposeEnumType.TxDefaultProfile,
        ProfilePurpose.Tx => ChargingProfilePurposeEnumType.TxProfile,
        _ => ChargingProfilePurposeEnumType.ChargingStationExternalConstraints,
    };

    /// <summary>The Domain profile for the EVSE (its first schedule), or null when the purpose or a schedule is missing.</summary>
    public ChargingProfile? ToProfile(int evseId) =>
        ChargingProfilePurpose is not { } purpose || ChargingSchedule is not [{ } schedule, ..]
            ? null
            : new ChargingProfile(
                Id ?? 0,
                StackLevel ?? 0,
                PurposeOf(purpose),
                ChargingProfileKind ?? ProfileKind.Absolute,
                new ChargingSchedule(
                    schedule.ChargingRateUnit ?? RateUnit.W,
                    [.. (schedule.ChargingSchedulePeriod ?? []).Select(p => new SchedulePeriod(p.StartPeriod, p.Limit, p.NumberPhases))],
                    schedule.Duration,
                    schedule.StartSchedule,
                    schedule.MinChargingRate,
                    schedule.Id),
                evseId,
                RecurrencyKind,
                ValidFrom,
                ValidTo,
                TransactionId);

    /// <summary>An installed profile as ReportChargingProfiles reports it.</summary>
    public static ChargingProfileType Of(ChargingProfile profile) => new(
        profile.Id,
        profile.StackLevel,
        PurposeName(profile.Purpose),
        profile.Kind,
        profile.Recurrency,
        profile.ValidFrom,
        profile.ValidTo,
        profile.TransactionId,
        [new ChargingScheduleType(
            profile.Schedule.Id ?? profile.Id,
            profile.Schedule.StartSchedule,
            profile.Schedule.DurationSeconds,
            profile.Schedule.Unit,
            [.. profile.Schedule.Periods.Select(p => new ChargingSchedulePeriodType(p.StartPeriodSeconds, p.Limit, p.NumberPhases))],
            profile.Schedule.MinChargingRate)]);
}

/// <summary>ChargingScheduleType (2.0.1 §2.12); salesTariff is not read.</summary>
internal sealed record ChargingScheduleType(
    int? Id,
    DateTimeOffset? StartSchedule,
    int? Duration,
    RateUnit? ChargingRateUnit,
    IReadOnlyList<ChargingSchedulePeriodType>? ChargingSchedulePeriod,
    double? MinChargingRate = null);

/// <summary>ChargingSchedulePeriodType (2.0.1 §2.13).</summary>
internal sealed record ChargingSchedulePeriodType(int StartPeriod, double Limit, int? NumberPhases = null);
