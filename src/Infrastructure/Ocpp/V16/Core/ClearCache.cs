using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V16.Core;

/// <summary>ClearCache (1.6 §5.4): empties the authorization cache, Rejected when the cache is disabled.</summary>
internal sealed class ClearCache : ICsmsCallHandler<V16Protocol>
{
    public string Action => "ClearCache";

    public CallReply Handle(V16Protocol protocol, JsonObject payload) =>
        Status(protocol.Model.Settings.GetBool(SettingsCatalog.AuthorizationCacheEnabled) ? protocol.ClearCache() : "Rejected");
}
