using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.SmartCharging;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V16.SmartCharging;

/// <summary>GetCompositeSchedule (1.6 §5.7): the combined limit of the installed profiles over the requested duration.</summary>
internal sealed class GetCompositeSchedule : ICsmsCallHandler<V16Protocol>
{
    public string Action => "GetCompositeSchedule";

    public CallReply Handle(V16Protocol protocol, JsonObject payload)
    {
        var index = Int(payload, "connectorId") ?? 0;
        var duration = Int(payload, "duration") ?? 0;
        if (index != 0 && protocol.Model.Connector(index) is null)
        {
            return Status("Rejected");
        }

        var unit = Str(payload, "chargingRateUnit") == "A" ? RateUnit.A : RateUnit.W;
        var now = protocol.Session.Now;
        var txStart = protocol.Model.Connector(index)?.Transaction?.StartedAt;
        var steps = protocol.Model.Profiles.Composite(index, now, duration, txStart, protocol.Model.Spec.IsDc, protocol.Model.Spec.MaxPowerW);
        var periods = new JsonArray();
        foreach (var (offset, watts) in steps)
        {
            periods.Add(Obj(("startPeriod", offset), ("limit", Math.Round(ChargingProfile.FromWatts(watts, unit, protocol.Model.Spec.IsDc), 1))));
        }

        return CallReply.Ok(Obj(
            ("status", "Accepted"),
            ("connectorId", index),
            ("scheduleStart", Timestamp(now)),
            ("chargingSchedule", Obj(
                ("duration", duration),
                ("startSchedule", Timestamp(now)),
                ("chargingRateUnit", unit.ToString()),
                ("chargingSchedulePeriod", periods)))));
    }
}
