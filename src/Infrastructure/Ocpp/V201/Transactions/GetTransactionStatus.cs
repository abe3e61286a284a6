using System.Text.Json.Nodes;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V201.Transactions;

/// <summary>GetTransactionStatus (E14): whether a transaction is ongoing and whether messages for it are still queued.</summary>
internal sealed class GetTransactionStatus : ICsmsCallHandler<V201Protocol>
{
    public string Action => "GetTransactionStatus";

    public CallReply Handle(V201Protocol protocol, JsonObject payload)
    {
        var id = Str(payload, "transactionId");
        var queued = protocol.Session.HasQueuedTransactionMessages(id);
        var result = Obj(("messagesInQueue", queued));
        if (id is not null)
        {
            result["ongoingIndicator"] = protocol.Model.ConnectorWithTransaction(id) is not null;
        }

        return CallReply.Ok(result);
    }
}
