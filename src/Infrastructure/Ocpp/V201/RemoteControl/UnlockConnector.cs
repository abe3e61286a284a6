using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V201.RemoteControl;

/// <summary>UnlockConnector (F05): unlocks the connector unless a transaction holds it.</summary>
internal sealed class UnlockConnector : ICsmsCallHandler<V201Protocol>
{
    public string Action => "UnlockConnector";

    public CallReply Handle(V201Protocol protocol, JsonObject payload)
    {
        var evseId = Int(payload, "evseId") ?? 0;
        var connectorId = Int(payload, "connectorId") ?? 0;
        if (protocol.Model.ConnectorOfEvse(evseId, connectorId) is not { } connector)
        {
            return Status("UnknownConnector");
        }

        // F05.FR.02: an authorized transaction keeps its cable locked.
        return Status(connector.Transaction is not null ? "OngoingAuthorizedTransaction" : "Unlocked");
    }
}
