using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V16.Messages;

namespace OcppLab.Infrastructure.Ocpp.V16.SmartCharging;

internal sealed record SetChargingProfileRequest(int ConnectorId, ChargingProfileType? CsChargingProfiles);

internal sealed record SetChargingProfileResponse(string Status);

/// <summary>SetChargingProfile (1.6 §5.16): installs a valid profile on the connector.</summary>
internal sealed class SetChargingProfile : V16CallHandler<SetChargingProfileRequest, SetChargingProfileResponse>
{
    public override string Action => "SetChargingProfile";

    protected override CallAnswer<SetChargingProfileResponse> Handle(V16Protocol protocol, SetChargingProfileRequest request) =>
        new SetChargingProfileResponse(request.CsChargingProfiles?.ToProfile(request.ConnectorId) is { } profile && protocol.Model.InstallProfile(profile) ? "Accepted" : "Rejected");
}
