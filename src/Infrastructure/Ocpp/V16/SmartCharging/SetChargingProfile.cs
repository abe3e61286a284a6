using System.Text.Json.Nodes;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V16.SmartCharging;

/// <summary>SetChargingProfile (1.6 §5.16): installs a valid profile on the connector.</summary>
internal sealed class SetChargingProfile : ICsmsCallHandler<V16Protocol>
{
    public string Action => "SetChargingProfile";

    public CallReply Handle(V16Protocol protocol, JsonObject payload)
    {
        var index = Int(payload, "connectorId") ?? 0;
        if (payload["csChargingProfiles"] is not JsonObject json || V16Protocol.ParseProfile(json, index) is not { } profile)
        {
            return Status("Rejected");
        }

        return Status(protocol.Model.InstallProfile(profile) ? "Accepted" : "Rejected");
    }
}
