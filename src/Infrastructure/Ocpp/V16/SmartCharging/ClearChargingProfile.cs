using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V16.Messages;

namespace OcppLab.Infrastructure.Ocpp.V16.SmartCharging;

internal sealed record ClearChargingProfileRequest(int? Id, int? ConnectorId, ChargingProfilePurposeType? ChargingProfilePurpose, int? StackLevel);

internal sealed record ClearChargingProfileResponse(string Status);

/// <summary>ClearChargingProfile (1.6 §5.5): removes the profiles matching every given criterion; Unknown when none did.</summary>
internal sealed class ClearChargingProfile : V16CallHandler<ClearChargingProfileRequest, ClearChargingProfileResponse>
{
    public override string Action => "ClearChargingProfile";

    protected override CallAnswer<ClearChargingProfileResponse> Handle(V16Protocol protocol, ClearChargingProfileRequest request)
    {
        var removed = protocol.Model.ClearProfiles(
            request.Id,
            request.ConnectorId,
            request.ChargingProfilePurpose is { } purpose ? ChargingProfileType.PurposeOf(purpose) : null,
            request.StackLevel);
        return new ClearChargingProfileResponse(removed > 0 ? "Accepted" : "Unknown");
    }
}
