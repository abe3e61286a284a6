using System.Text.Json.Nodes;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V16.SmartCharging;

/// <summary>ClearChargingProfile (1.6 §5.5): removes the profiles matching every given criterion; Unknown when none did.</summary>
internal sealed class ClearChargingProfile : ICsmsCallHandler<V16Protocol>
{
    public string Action => "ClearChargingProfile";

    public CallReply Handle(V16Protocol protocol, JsonObject payload)
    {
        var removed = protocol.Model.ClearProfiles(
            Int(payload, "id"),
            Int(payload, "connectorId"),
            Str(payload, "chargingProfilePurpose") is { } purpose ? V16Protocol.PurposeOf(purpose) : null,
            Int(payload, "stackLevel"));
        return Status(removed > 0 ? "Accepted" : "Unknown");
    }
}
