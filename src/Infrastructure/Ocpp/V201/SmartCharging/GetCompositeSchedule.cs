using OcppLab.Domain.ChargePoint.SmartCharging;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V201.Messages;

namespace OcppLab.Infrastructure.Ocpp.V201.SmartCharging;

internal sealed record GetCompositeScheduleRequest(int Duration, RateUnit? ChargingRateUnit, int EvseId);

internal sealed record GetCompositeScheduleResponse(string Status, CompositeScheduleType? Schedule = null);

/// <summary>CompositeScheduleType (2.0.1 §2.18).</summary>
internal sealed record CompositeScheduleType(int EvseId, int Duration, DateTimeOffset? ScheduleStart, RateUnit ChargingRateUnit, IReadOnlyList<ChargingSchedulePeriodType> ChargingSchedulePeriod);

/// <summary>GetCompositeSchedule (K08): the combined limit of the installed profiles over the requested duration.</summary>
internal sealed class GetCompositeSchedule : V201CallHandler<GetCompositeScheduleRequest, GetCompositeScheduleResponse>
{
    public override string Action => "GetCompositeSchedule";

    protected override CallAnswer<GetCompositeScheduleResponse> Handle(V201Protocol protocol, GetCompositeScheduleRequest request)
    {
        var unit = request.ChargingRateUnit == RateUnit.A ? RateUnit.A : RateUnit.W;
        var now = protocol.Session.Now;
        if (CompositeSchedule.Periods(protocol.Model, request.EvseId, now, request.Duration, unit) is not { } periods)
        {
            return new GetCompositeScheduleResponse("Rejected");
        }

        return new GetCompositeScheduleResponse(
            "Accepted",
            new CompositeScheduleType(request.EvseId, request.Duration, now, unit, [.. periods.Select(p => new ChargingSchedulePeriodType(p.StartPeriod, p.Limit))]));
    }
}
