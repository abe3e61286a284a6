using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V201.RemoteControl;

/// <summary>RequestStopTransaction (F03): stops the transaction with that id after the answer.</summary>
internal sealed class RequestStopTransaction : ICsmsCallHandler<V201Protocol>
{
    public string Action => "RequestStopTransaction";

    public CallReply Handle(V201Protocol protocol, JsonObject payload)
    {
        var id = Str(payload, "transactionId") ?? string.Empty;
        var connector = protocol.Model.Connectors.FirstOrDefault(c => c.Transaction?.Id == id);
        if (connector is null)
        {
            return Status("Rejected");
        }

        protocol.Session.AfterReply(() => protocol.Model.StopTransaction(connector.Index, Domain.ChargePoint.StopReason.Remote, TxTrigger.RemoteStop));
        return Status("Accepted");
    }
}
