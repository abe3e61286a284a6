namespace OcppLab.Domain.ChargePoint.SmartCharging;

/// <summary>Version-neutral purposes: 1.6 ChargePointMaxProfile is 2.0.1 ChargingStationMaxProfile.</summary>
public enum ProfilePurpose
{
    StationMax,
    TxDefault,
    Tx,
    ExternalConstraints,
}

public enum ProfileKind
{
    Absolute,
    Recurring,
    Relative,
}

public enum RecurrencyKind
{
    Daily,
    Weekly,
}

public enum RateUnit
{
    A,
    W,
}

public sealed record SchedulePeriod(int StartPeriodSeconds, double Limit, int? NumberPhases = null);

public sealed record ChargingSchedule(
    RateUnit Unit,
    IReadOnlyList<SchedulePeriod> Periods,
    int? DurationSeconds = null,
    DateTimeOffset? StartSchedule = null,
    double? MinChargingRate = null,
    int? Id = null);

/// <summary>A charging profile installed by SetChargingProfile (or a remote start). EVSE 0 means the whole station.</summary>
public sealed record ChargingProfile(
    int Id,
    int StackLevel,
    ProfilePurpose Purpose,
    ProfileKind Kind,
    ChargingSchedule Schedule,
    int EvseId,
    RecurrencyKind? Recurrency = null,
    DateTimeOffset? ValidFrom = null,
    DateTimeOffset? ValidTo = null,
    string? TransactionId = null)
{
    /// <summary>AC: 230 V per phase; DC: a nominal 400 V battery, to turn amperes into watts.</summary>
    public static double ToWatts(double limit, RateUnit unit, int? phases, bool dc) =>
        unit == RateUnit.W ? limit : limit * (dc ? 400 : 230 * (phases ?? 3));

    public static double FromWatts(double watts, RateUnit unit, bool dc) =>
        unit == RateUnit.W ? watts : watts / (dc ? 400 : 230 * 3);

    /// <summary>When the schedule's second 0 is, for an instant <paramref name="at"/>; null if the profile is not running then.</summary>
    public DateTimeOffset? ScheduleStart(DateTimeOffset at, DateTimeOffset? transactionStart)
    {
        if ((ValidFrom is { } from && at < from) || (ValidTo is { } to && at >= to))
        {
            return null;
        }

        switch (Kind)
        {
            case ProfileKind.Absolute:
                return Schedule.StartSchedule ?? ValidFrom ?? transactionStart ?? at;
            case ProfileKind.Relative:
                return transactionStart;
            default:
                var anchor = Schedule.StartSchedule ?? ValidFrom ?? DateTimeOffset.UnixEpoch;
                var period = Recurrency == RecurrencyKind.Weekly ? TimeSpan.FromDays(7) : TimeSpan.FromDays(1);
                if (at < anchor)
                {
                    return null;
                }

                var cycles = (at - anchor).Ticks / period.Ticks;
                return anchor + TimeSpan.FromTicks(cycles * period.Ticks);
        }
    }

    /// <summary>The limit in W at an instant, or null when this profile sets none then.</summary>
    public double? LimitAt(DateTimeOffset at, DateTimeOffset? transactionStart, bool dc)
    {
        if (ScheduleStart(at, transactionStart) is not { } start)
        {
            return null;
        }

        var elapsed = (at - start).TotalSeconds;
        if (elapsed < 0 || (Schedule.DurationSeconds is { } duration && elapsed >= duration))
        {
            return null;
        }

        SchedulePeriod? current = null;
        foreach (var period in Schedule.Periods)
        {
            if (period.StartPeriodSeconds <= elapsed && (current is null || period.StartPeriodSeconds >= current.StartPeriodSeconds))
            {
                current = period;
            }
        }

        return current is null ? null : ToWatts(current.Limit, Schedule.Unit, current.NumberPhases, dc);
    }

    /// <summary>Instants in [from, to) at which this profile's limit may change.</summary>
    public IEnumerable<DateTimeOffset> Breakpoints(DateTimeOffset from, DateTimeOffset to, DateTimeOffset? transactionStart)
    {
        if (ValidFrom is { } validFrom)
        {
            yield return validFrom;
        }

        if (ValidTo is { } validTo)
        {
            yield return validTo;
        }

        var starts = new List<DateTimeOffset>();
        if (Kind == ProfileKind.Recurring)
        {
            var period = Recurrency == RecurrencyKind.Weekly ? TimeSpan.FromDays(7) : TimeSpan.FromDays(1);
            if (ScheduleStart(from, transactionStart) is { } first)
            {
                for (var s = first; s < to; s += period)
                {
                    starts.Add(s);
                }
            }
        }
        else if (ScheduleStart(from, transactionStart) is { } start)
        {
            starts.Add(start);
        }
        else if (Kind == ProfileKind.Absolute && (Schedule.StartSchedule ?? ValidFrom) is { } absolute)
        {
            starts.Add(absolute);
        }

        foreach (var start in starts)
        {
            yield return start;
            foreach (var period in Schedule.Periods)
            {
                yield return start.AddSeconds(period.StartPeriodSeconds);
            }

            if (Schedule.DurationSeconds is { } duration)
            {
                yield return start.AddSeconds(duration);
            }
        }
    }
}
