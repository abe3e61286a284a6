using System.Text.Json.Nodes;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V201.SmartCharging;

/// <summary>ClearChargingProfile (K10): removes the matching profiles; Unknown when none matched.</summary>
internal sealed class ClearChargingProfile : ICsmsCallHandler<V201Protocol>
{
    public string Action => "ClearChargingProfile";

    public CallReply Handle(V201Protocol protocol, JsonObject payload)
    {
        var criteria = payload["chargingProfileCriteria"] as JsonObject;
        var removed = protocol.Model.ClearProfiles(
            Int(payload, "chargingProfileId"),
            criteria is null ? null : Int(criteria, "evseId"),
            criteria is not null && Str(criteria, "chargingProfilePurpose") is { } purpose ? V201Protocol.PurposeOf(purpose) : null,
            criteria is null ? null : Int(criteria, "stackLevel"));
        return Status(removed > 0 ? "Accepted" : "Unknown");
    }
}
