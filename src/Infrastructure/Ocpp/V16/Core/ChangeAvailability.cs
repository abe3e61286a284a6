using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V16.Core;

/// <summary>ChangeAvailability (1.6 §5.2): the station (connector 0) or one connector; Scheduled while a transaction runs.</summary>
internal sealed class ChangeAvailability : ICsmsCallHandler<V16Protocol>
{
    public string Action => "ChangeAvailability";

    public CallReply Handle(V16Protocol protocol, JsonObject payload)
    {
        var index = Int(payload, "connectorId") ?? 0;
        var operative = Str(payload, "type") == "Operative";
        if (index != 0 && protocol.Model.Connector(index) is null)
        {
            return Status("Rejected");
        }

        return Status(protocol.Model.ChangeAvailability(index, operative).ToString());
    }
}
