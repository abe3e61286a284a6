using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.SmartCharging;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V201.SmartCharging;

/// <summary>GetCompositeSchedule (K08): the combined limit of the installed profiles over the requested duration.</summary>
internal sealed class GetCompositeSchedule : ICsmsCallHandler<V201Protocol>
{
    public string Action => "GetCompositeSchedule";

    public CallReply Handle(V201Protocol protocol, JsonObject payload)
    {
        var evseId = Int(payload, "evseId") ?? 0;
        var duration = Int(payload, "duration") ?? 0;
        if (evseId != 0 && protocol.Model.Connector(evseId) is null)
        {
            return Status("Rejected");
        }

        var unit = Str(payload, "chargingRateUnit") == "A" ? RateUnit.A : RateUnit.W;
        var now = protocol.Session.Now;
        var steps = protocol.Model.Profiles.Composite(evseId, now, duration, protocol.Model.Connector(evseId)?.Transaction?.StartedAt, protocol.Model.Spec.IsDc, protocol.Model.Spec.MaxPowerW);
        var periods = new JsonArray();
        foreach (var (offset, watts) in steps)
        {
            periods.Add(Obj(("startPeriod", offset), ("limit", Math.Round(ChargingProfile.FromWatts(watts, unit, protocol.Model.Spec.IsDc), 1))));
        }

        return CallReply.Ok(Obj(
            ("status", "Accepted"),
            ("schedule", Obj(
                ("evseId", evseId),
                ("duration", duration),
                ("scheduleStart", Timestamp(now)),
                ("chargingRateUnit", unit.ToString()),
                ("chargingSchedulePeriod", periods)))));
    }
}
