using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint.SmartCharging;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V201.SmartCharging;

/// <summary>SetChargingProfile (K01): installs a valid profile on the EVSE.</summary>
internal sealed class SetChargingProfile : ICsmsCallHandler<V201Protocol>
{
    public string Action => "SetChargingProfile";

    public CallReply Handle(V201Protocol protocol, JsonObject payload)
    {
        var evseId = Int(payload, "evseId") ?? 0;
        if (payload["chargingProfile"] is not JsonObject json || V201Protocol.ParseProfile(json, evseId) is not { } profile)
        {
            return Status("Rejected");
        }

        // K01.FR.22: external constraints come from outside the CSMS; the CSMS may not set them.
        if (profile.Purpose == ProfilePurpose.ExternalConstraints)
        {
            return Status("Rejected");
        }

        return Status(protocol.Model.InstallProfile(profile) ? "Accepted" : "Rejected");
    }
}
