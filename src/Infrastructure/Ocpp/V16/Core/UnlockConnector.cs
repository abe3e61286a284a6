using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V16.Core;

/// <summary>UnlockConnector (1.6 §5.18): stops a running transaction on the connector and unlocks it.</summary>
internal sealed class UnlockConnector : ICsmsCallHandler<V16Protocol>
{
    public string Action => "UnlockConnector";

    public CallReply Handle(V16Protocol protocol, JsonObject payload)
    {
        var index = Int(payload, "connectorId") ?? 0;
        if (protocol.Model.Connector(index) is not { } connector)
        {
            return Status("NotSupported");
        }

        if (connector.Transaction is not null)
        {
            protocol.Model.StopTransaction(index, Domain.ChargePoint.StopReason.UnlockCommand, TxTrigger.UnlockCommand);
        }

        return Status("Unlocked");
    }
}
