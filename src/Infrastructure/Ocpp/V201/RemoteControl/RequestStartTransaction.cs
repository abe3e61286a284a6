using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Domain.ChargePoint.SmartCharging;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V201.RemoteControl;

/// <summary>RequestStartTransaction (F01/F02): accepted when an EVSE can start; authorize, plug and start run after the answer.</summary>
internal sealed class RequestStartTransaction : ICsmsCallHandler<V201Protocol>
{
    public string Action => "RequestStartTransaction";

    public CallReply Handle(V201Protocol protocol, JsonObject payload)
    {
        var token = payload["idToken"] as JsonObject ?? [];
        var idTag = Str(token, "idToken") ?? string.Empty;
        var type = Str(token, "type") ?? "Central";
        var remoteStartId = Int(payload, "remoteStartId");
        if (protocol.Session.Registration != RegistrationStatus.Accepted)
        {
            return Status("Rejected");
        }

        var evseId = Int(payload, "evseId") ?? protocol.Model.Connectors.FirstOrDefault(c => protocol.Model.CannotStart(c.Index, idTag) is null)?.Index;
        if (evseId is null || protocol.Model.Connector(evseId.Value) is not { } connector)
        {
            return Status("Rejected");
        }

        if (connector.Transaction is { } running)
        {
            return CallReply.Ok(Obj(("status", "Rejected"), ("transactionId", running.Id)));
        }

        if (protocol.Model.CannotStart(evseId.Value, idTag) is not null)
        {
            return Status("Rejected");
        }

        ChargingProfile? profile = null;
        if (payload["chargingProfile"] is JsonObject profileJson)
        {
            profile = V201Protocol.ParseProfile(profileJson, evseId.Value);
            if (profile is null || profile.Purpose != ProfilePurpose.Tx)
            {
                return Status("Rejected");
            }
        }

        protocol.StartRemotely(evseId.Value, idTag, type, remoteStartId, profile);
        return Status("Accepted");
    }
}
