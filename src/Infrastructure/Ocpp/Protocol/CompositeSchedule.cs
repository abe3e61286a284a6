using OcppLab.Domain.ChargePoint.SmartCharging;

namespace OcppLab.Infrastructure.Ocpp.Protocol;

/// <summary>
/// GetCompositeSchedule as both versions compute it (1.6 §5.7, 2.0.1 K08): the combined limit of the
/// installed profiles over the requested duration, per period, in the requested unit. Only the answer's
/// shape differs between the versions.
/// </summary>
internal static class CompositeSchedule
{
    /// <summary>The periods from now on, or null when the connector (1.6) or EVSE (2.0.1) does not exist; 0 is the station.</summary>
    public static IReadOnlyList<(int StartPeriod, double Limit)>? Periods(Domain.ChargePoint.ChargePoint model, int index, DateTimeOffset now, int duration, RateUnit unit)
    {
        if (index != 0 && model.Connector(index) is null)
        {
            return null;
        }

        var txStart = model.Connector(index)?.Transaction?.StartedAt;
        var steps = model.Profiles.Composite(index, now, duration, txStart, model.Spec.IsDc, model.Spec.MaxPowerW);
        return [.. steps.Select(s => (s.OffsetSeconds, Math.Round(ChargingProfile.FromWatts(s.LimitW, unit, model.Spec.IsDc), 1)))];
    }
}
