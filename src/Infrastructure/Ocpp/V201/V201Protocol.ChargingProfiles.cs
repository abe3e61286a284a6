using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint.SmartCharging;

using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V201;

/// <summary>Charging profiles in 2.0.1 JSON, both ways (K01, K09).</summary>
public sealed partial class V201Protocol
{
    internal static ProfilePurpose? PurposeOf(string purpose) => purpose switch
    {
        "ChargingStationMaxProfile" => ProfilePurpose.StationMax,
        "TxDefaultProfile" => ProfilePurpose.TxDefault,
        "TxProfile" => ProfilePurpose.Tx,
        "ChargingStationExternalConstraints" => ProfilePurpose.ExternalConstraints,
        _ => null,
    };

    internal static string PurposeName(ProfilePurpose purpose) => purpose switch
    {
        ProfilePurpose.StationMax => "ChargingStationMaxProfile",
        ProfilePurpose.TxDefault => "TxDefaultProfile",
        ProfilePurpose.Tx => "TxProfile",
        _ => "ChargingStationExternalConstraints",
    };

    internal static ChargingProfile? ParseProfile(JsonObject json, int evseId)
    {
        if (PurposeOf(Str(json, "chargingProfilePurpose") ?? string.Empty) is not { } purpose
            || (json["chargingSchedule"] as JsonArray)?.FirstOrDefault() is not JsonObject schedule)
        {
            return null;
        }

        var periods = (schedule["chargingSchedulePeriod"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(p => new SchedulePeriod(Int(p, "startPeriod") ?? 0, Dbl(p, "limit") ?? 0, Int(p, "numberPhases")))
            .ToList();
        return new ChargingProfile(
            Int(json, "id") ?? 0,
            Int(json, "stackLevel") ?? 0,
            purpose,
            Str(json, "chargingProfileKind") switch
            {
                "Recurring" => ProfileKind.Recurring,
                "Relative" => ProfileKind.Relative,
                _ => ProfileKind.Absolute,
            },
            new ChargingSchedule(
                Str(schedule, "chargingRateUnit") == "A" ? RateUnit.A : RateUnit.W,
                periods,
                Int(schedule, "duration"),
                Time(schedule, "startSchedule"),
                Dbl(schedule, "minChargingRate"),
                Int(schedule, "id")),
            evseId,
            Str(json, "recurrencyKind") == "Weekly" ? RecurrencyKind.Weekly : Str(json, "recurrencyKind") == "Daily" ? RecurrencyKind.Daily : null,
            Time(json, "validFrom"),
            Time(json, "validTo"),
            Str(json, "transactionId"));
    }

    internal static JsonObject ProfileJson(ChargingProfile profile)
    {
        var periods = new JsonArray();
        foreach (var period in profile.Schedule.Periods)
        {
            periods.Add(Obj(("startPeriod", period.StartPeriodSeconds), ("limit", period.Limit), ("numberPhases", period.NumberPhases)));
        }

        var schedule = Obj(
            ("id", profile.Schedule.Id ?? profile.Id),
            ("startSchedule", profile.Schedule.StartSchedule is { } start ? Timestamp(start) : null),
            ("duration", profile.Schedule.DurationSeconds),
            ("chargingRateUnit", profile.Schedule.Unit.ToString()),
            ("chargingSchedulePeriod", periods),
            ("minChargingRate", profile.Schedule.MinChargingRate));
        return Obj(
            ("id", profile.Id),
            ("stackLevel", profile.StackLevel),
            ("chargingProfilePurpose", PurposeName(profile.Purpose)),
            ("chargingProfileKind", profile.Kind.ToString()),
            ("recurrencyKind", profile.Recurrency?.ToString()),
            ("validFrom", profile.ValidFrom is { } from ? Timestamp(from) : null),
            ("validTo", profile.ValidTo is { } to ? Timestamp(to) : null),
            ("transactionId", profile.TransactionId),
            ("chargingSchedule", new JsonArray(schedule)));
    }
}
