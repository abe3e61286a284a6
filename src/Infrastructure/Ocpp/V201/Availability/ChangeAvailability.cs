using System.Text.Json.Nodes;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V201.Availability;

/// <summary>ChangeAvailability (G03/G04): the station or one EVSE; Scheduled while a transaction runs.</summary>
internal sealed class ChangeAvailability : ICsmsCallHandler<V201Protocol>
{
    public string Action => "ChangeAvailability";

    public CallReply Handle(V201Protocol protocol, JsonObject payload)
    {
        var operative = Str(payload, "operationalStatus") == "Operative";
        var evse = payload["evse"] as JsonObject;
        var evseId = evse is null ? 0 : Int(evse, "id") ?? 0;
        if (evseId != 0 && protocol.Model.ConnectorOfEvse(evseId, evse is null ? null : Int(evse, "connectorId")) is null)
        {
            return Status("Rejected");
        }

        return Status(protocol.Model.ChangeAvailability(evseId, operative).ToString());
    }
}
