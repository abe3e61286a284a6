using System.Text.Json.Nodes;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V201.LocalAuthorizationList;

/// <summary>GetLocalListVersion (D02): the local list version.</summary>
internal sealed class GetLocalListVersion : ICsmsCallHandler<V201Protocol>
{
    public string Action => "GetLocalListVersion";

    public CallReply Handle(V201Protocol protocol, JsonObject payload) =>
        CallReply.Ok(Obj(("versionNumber", protocol.Model.LocalList.Version)));
}
