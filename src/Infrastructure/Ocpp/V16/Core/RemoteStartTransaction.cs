using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Domain.ChargePoint.SmartCharging;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V16.Core;

/// <summary>RemoteStartTransaction (1.6 §5.11): accepted when a connector can start; the session (authorize if AuthorizeRemoteTxRequests, plug, start) runs after the answer.</summary>
internal sealed class RemoteStartTransaction : ICsmsCallHandler<V16Protocol>
{
    public string Action => "RemoteStartTransaction";

    public CallReply Handle(V16Protocol protocol, JsonObject payload)
    {
        var idTag = Str(payload, "idTag")!;
        var requested = Int(payload, "connectorId");
        if (protocol.Session.Registration != RegistrationStatus.Accepted)
        {
            return Status("Rejected");
        }

        var index = requested ?? protocol.Model.Connectors.FirstOrDefault(c => protocol.Model.CannotStart(c.Index, idTag) is null)?.Index;
        if (index is null or <= 0 || protocol.Model.CannotStart(index.Value, idTag) is not null)
        {
            return Status("Rejected");
        }

        ChargingProfile? profile = null;
        if (payload["chargingProfile"] is JsonObject profileJson)
        {
            profile = V16Protocol.ParseProfile(profileJson, index.Value);
            if (profile is null || profile.Purpose != ProfilePurpose.Tx)
            {
                return Status("Rejected");
            }
        }

        protocol.StartRemotely(index.Value, idTag, "Central", remoteStartId: null, profile);
        return Status("Accepted");
    }
}
