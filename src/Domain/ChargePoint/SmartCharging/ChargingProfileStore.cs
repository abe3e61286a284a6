namespace OcppLab.Domain.ChargePoint.SmartCharging;

/// <summary>The installed charging profiles and the composite schedule they make.</summary>
public sealed class ChargingProfileStore
{
    private readonly List<ChargingProfile> _profiles = [];

    public int Count => _profiles.Count;
    public IReadOnlyList<ChargingProfile> Profiles => _profiles;

    /// <summary>
    /// Installs a profile, replacing one with the same id, or with the same stack level and
    /// purpose on the same EVSE (OCPP's replacement rule).
    /// </summary>
    public void Install(ChargingProfile profile)
    {
        _profiles.RemoveAll(p => p.Id == profile.Id
            || (p.StackLevel == profile.StackLevel && p.Purpose == profile.Purpose && p.EvseId == profile.EvseId));
        _profiles.Add(profile);
    }

    /// <summary>Removes the profiles matching every given criterion; returns how many.</summary>
    public int Clear(int? id = null, int? evseId = null, ProfilePurpose? purpose = null, int? stackLevel = null) =>
        _profiles.RemoveAll(p =>
            (id is null || p.Id == id)
            && (evseId is null || p.EvseId == evseId)
            && (purpose is null || p.Purpose == purpose)
            && (stackLevel is null || p.StackLevel == stackLevel));

    public IReadOnlyList<ChargingProfile> Find(int? evseId, ProfilePurpose? purpose, int? stackLevel, IReadOnlyCollection<int>? ids) =>
        _profiles.Where(p =>
                (evseId is null || p.EvseId == evseId)
                && (purpose is null || p.Purpose == purpose)
                && (stackLevel is null || p.StackLevel == stackLevel)
                && (ids is null || ids.Count == 0 || ids.Contains(p.Id)))
            .ToList();

    /// <summary>Transaction profiles die with their transaction.</summary>
    public void TransactionEnded(int evseId) => _profiles.RemoveAll(p => p.Purpose == ProfilePurpose.Tx && p.EvseId == evseId);

    /// <summary>
    /// The limit (W) the profiles set on an EVSE at an instant: the station maximum and the
    /// transaction profile (or, without one, the default profile for the EVSE or the station),
    /// each the active profile with the highest stack level; the lowest wins. Null: no limit.
    /// </summary>
    public double? LimitAt(int evseId, DateTimeOffset at, DateTimeOffset? transactionStart, bool dc)
    {
        var stationMax = Highest(ProfilePurpose.StationMax, 0, at, transactionStart, dc)
            ?? Highest(ProfilePurpose.ExternalConstraints, 0, at, transactionStart, dc);
        double? tx = null;
        if (transactionStart is not null)
        {
            tx = Highest(ProfilePurpose.Tx, evseId, at, transactionStart, dc);
        }

        tx ??= Highest(ProfilePurpose.TxDefault, evseId, at, transactionStart, dc)
            ?? Highest(ProfilePurpose.TxDefault, 0, at, transactionStart, dc);
        return (stationMax, tx) switch
        {
            (null, null) => null,
            ({ } a, null) => a,
            (null, { } b) => b,
            ({ } a, { } b) => Math.Min(a, b),
        };
    }

    /// <summary>The composite schedule for [start, start+duration): (offset seconds, limit W) steps, merged.</summary>
    public IReadOnlyList<(int OffsetSeconds, double LimitW)> Composite(
        int evseId, DateTimeOffset start, int durationSeconds, DateTimeOffset? transactionStart, bool dc, double hardwareMaxW)
    {
        var end = start.AddSeconds(durationSeconds);
        var instants = new SortedSet<DateTimeOffset> { start };
        foreach (var profile in _profiles.Where(p => p.EvseId == 0 || p.EvseId == evseId))
        {
            foreach (var instant in profile.Breakpoints(start, end, transactionStart))
            {
                if (instant > start && instant < end)
                {
                    instants.Add(instant);
                }
            }
        }

        var steps = new List<(int, double)>();
        foreach (var instant in instants)
        {
            var limit = Math.Min(LimitAt(evseId, instant, transactionStart, dc) ?? hardwareMaxW, hardwareMaxW);
            var offset = (int)Math.Floor((instant - start).TotalSeconds);
            if (steps.Count > 0 && Math.Abs(steps[^1].Item2 - limit) < 0.001)
            {
                continue;
            }

            if (steps.Count > 0 && steps[^1].Item1 == offset)
            {
                steps[^1] = (offset, limit);
            }
            else
            {
                steps.Add((offset, limit));
            }
        }

        return steps;
    }

    private double? Highest(ProfilePurpose purpose, int evseId, DateTimeOffset at, DateTimeOffset? transactionStart, bool dc)
    {
        foreach (var profile in _profiles.Where(p => p.Purpose == purpose && p.EvseId == evseId).OrderByDescending(p => p.StackLevel))
        {
            if (profile.LimitAt(at, transactionStart, dc) is { } limit)
            {
                return limit;
            }
        }

        return null;
    }
}
