using OcppLab.Domain.ChargePoint.SmartCharging;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V201.Messages;

namespace OcppLab.Infrastructure.Ocpp.V201.SmartCharging;

internal sealed record SetChargingProfileRequest(int EvseId, ChargingProfileType? ChargingProfile);

internal sealed record SetChargingProfileResponse(string Status);

/// <summary>SetChargingProfile (K01): installs a valid profile on the EVSE.</summary>
internal sealed class SetChargingProfile : V201CallHandler<SetChargingProfileRequest, SetChargingProfileResponse>
{
    public override string Action => "SetChargingProfile";

    // K01.FR.22: external constraints come from outside the CSMS; the CSMS may not set them.
    protected override CallAnswer<SetChargingProfileResponse> Handle(V201Protocol protocol, SetChargingProfileRequest request) =>
        new SetChargingProfileResponse(
            request.ChargingProfile?.ToProfile(request.EvseId) is { Purpose: not ProfilePurpose.ExternalConstraints } profile && protocol.Model.InstallProfile(profile)
                ? "Accepted"
                : "Rejected");
}
