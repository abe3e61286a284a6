using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V16.Core;

/// <summary>RemoteStopTransaction (1.6 §5.12): stops the transaction with that id after the answer.</summary>
internal sealed class RemoteStopTransaction : ICsmsCallHandler<V16Protocol>
{
    public string Action => "RemoteStopTransaction";

    public CallReply Handle(V16Protocol protocol, JsonObject payload)
    {
        var id = Int(payload, "transactionId");
        var connector = protocol.Model.Connectors.FirstOrDefault(c => c.Transaction is { } tx && tx.CsmsTransactionId == id);
        if (connector is null)
        {
            return Status("Rejected");
        }

        protocol.Session.AfterReply(() => protocol.Model.StopTransaction(connector.Index, Domain.ChargePoint.StopReason.Remote, TxTrigger.RemoteStop));
        return Status("Accepted");
    }
}
