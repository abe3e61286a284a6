using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint.Authorization;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V16.LocalAuthList;

/// <summary>GetLocalListVersion (1.6 §5.10): the list version, -1 when the local list is disabled.</summary>
internal sealed class GetLocalListVersion : ICsmsCallHandler<V16Protocol>
{
    public string Action => "GetLocalListVersion";

    public CallReply Handle(V16Protocol protocol, JsonObject payload) =>
        CallReply.Ok(Obj(("listVersion", protocol.Model.Settings.GetBool(SettingsCatalog.LocalAuthListEnabled) ? protocol.Model.LocalList.Version : -1)));
}
