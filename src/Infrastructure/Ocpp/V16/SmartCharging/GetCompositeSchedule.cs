using OcppLab.Domain.ChargePoint.SmartCharging;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V16.Messages;

namespace OcppLab.Infrastructure.Ocpp.V16.SmartCharging;

internal sealed record GetCompositeScheduleRequest(int ConnectorId, int Duration, RateUnit? ChargingRateUnit);

internal sealed record GetCompositeScheduleResponse(
    string Status,
    int? ConnectorId = null,
    DateTimeOffset? ScheduleStart = null,
    ChargingScheduleType? ChargingSchedule = null);

/// <summary>GetCompositeSchedule (1.6 §5.7): the combined limit of the installed profiles over the requested duration.</summary>
internal sealed class GetCompositeSchedule : V16CallHandler<GetCompositeScheduleRequest, GetCompositeScheduleResponse>
{
    public override string Action => "GetCompositeSchedule";

    protected override CallAnswer<GetCompositeScheduleResponse> Handle(V16Protocol protocol, GetCompositeScheduleRequest request)
    {
        var unit = request.ChargingRateUnit == RateUnit.A ? RateUnit.A : RateUnit.W;
        var now = protocol.Session.Now;
        if (CompositeSchedule.Periods(protocol.Model, request.ConnectorId, now, request.Duration, unit) is not { } periods)
        {
            return new GetCompositeScheduleResponse("Rejected");
        }

        return new GetCompositeScheduleResponse(
            "Accepted",
            request.ConnectorId,
            now,
            new ChargingScheduleType(request.Duration, now, unit, [.. periods.Select(p => new ChargingSchedulePeriodType(p.StartPeriod, p.Limit))]));
    }
}
