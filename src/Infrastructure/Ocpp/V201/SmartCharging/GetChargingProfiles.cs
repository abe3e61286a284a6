using System.Text.Json.Nodes;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V201.SmartCharging;

/// <summary>GetChargingProfiles (K09): the matching profiles, sent afterwards in ReportChargingProfiles.</summary>
internal sealed class GetChargingProfiles : ICsmsCallHandler<V201Protocol>
{
    public string Action => "GetChargingProfiles";

    public CallReply Handle(V201Protocol protocol, JsonObject payload)
    {
        var requestId = Int(payload, "requestId") ?? 0;
        var criteria = payload["chargingProfile"] as JsonObject ?? [];
        var ids = (criteria["chargingProfileId"] as JsonArray ?? []).Select(i => i!.GetValue<int>()).ToList();
        var sources = (criteria["chargingLimitSource"] as JsonArray ?? []).Select(s => s?.GetValue<string>()).ToList();
        if (sources.Count > 0 && !sources.Contains("CSO"))
        {
            return Status("NoProfiles");
        }

        var found = protocol.Model.Profiles.Find(
            Int(payload, "evseId"),
            Str(criteria, "chargingProfilePurpose") is { } purpose ? V201Protocol.PurposeOf(purpose) : null,
            Int(criteria, "stackLevel"),
            ids);
        if (found.Count == 0)
        {
            return Status("NoProfiles");
        }

        var byEvse = found.GroupBy(p => p.EvseId).ToList();
        protocol.Session.AfterReply(() =>
        {
            for (var i = 0; i < byEvse.Count; i++)
            {
                var group = byEvse[i];
                var tbc = i < byEvse.Count - 1;
                protocol.Session.Enqueue(new OutgoingCall("ReportChargingProfiles", () => Obj(
                    ("requestId", requestId),
                    ("chargingLimitSource", "CSO"),
                    ("tbc", tbc),
                    ("evseId", group.Key),
                    ("chargingProfile", new JsonArray(group.Select(p => (JsonNode)V201Protocol.ProfileJson(p)).ToArray()))), CallClass.Requested));
            }
        });
        return Status("Accepted");
    }
}
