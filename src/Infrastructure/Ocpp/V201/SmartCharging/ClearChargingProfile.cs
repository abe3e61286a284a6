using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V201.Messages;

namespace OcppLab.Infrastructure.Ocpp.V201.SmartCharging;

internal sealed record ClearChargingProfileRequest(int? ChargingProfileId, ClearChargingProfileType? ChargingProfileCriteria);

/// <summary>ClearChargingProfileType (2.0.1 §2.8).</summary>
internal sealed record ClearChargingProfileType(int? EvseId, ChargingProfilePurposeEnumType? ChargingProfilePurpose, int? StackLevel);

internal sealed record ClearChargingProfileResponse(string Status);

/// <summary>ClearChargingProfile (K10): removes the matching profiles; Unknown when none matched.</summary>
internal sealed class ClearChargingProfile : V201CallHandler<ClearChargingProfileRequest, ClearChargingProfileResponse>
{
    public override string Action => "ClearChargingProfile";

    protected override CallAnswer<ClearChargingProfileResponse> Handle(V201Protocol protocol, ClearChargingProfileRequest request)
    {
        var criteria = request.ChargingProfileCriteria;
        var removed = protocol.Model.ClearProfiles(
            request.ChargingProfileId,
            criteria?.EvseId,
            criteria?.ChargingProfilePurpose is { } purpose ? ChargingProfileType.PurposeOf(purpose) : null,
            criteria?.StackLevel);
        return new ClearChargingProfileResponse(removed > 0 ? "Accepted" : "Unknown");
    }
}
