using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V16.Messages;

namespace OcppLab.Infrastructure.Ocpp.V16.LocalAuthList;

internal sealed record GetLocalListVersionRequest;

internal sealed record GetLocalListVersionResponse(int ListVersion);

/// <summary>GetLocalListVersion (1.6 §5.10): the list version, -1 when the local list is disabled.</summary>
internal sealed class GetLocalListVersion : V16CallHandler<GetLocalListVersionRequest, GetLocalListVersionResponse>
{
    public override string Action => "GetLocalListVersion";

    protected override CallAnswer<GetLocalListVersionResponse> Handle(V16Protocol protocol, GetLocalListVersionRequest request) =>
        new GetLocalListVersionResponse(protocol.Model.Settings.GetBool(SettingsCatalog.LocalAuthListEnabled) ? protocol.Model.LocalList.Version : -1);
}
