using OcppLab.Domain.ChargePoint;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V201.Messages;

namespace OcppLab.Infrastructure.Ocpp.V201.RemoteControl;

internal sealed record RequestStopTransactionRequest(string? TransactionId);

internal sealed record RequestStopTransactionResponse(string Status);

/// <summary>RequestStopTransaction (F03): stops the transaction with that id after the answer.</summary>
internal sealed class RequestStopTransaction : V201CallHandler<RequestStopTransactionRequest, RequestStopTransactionResponse>
{
    public override string Action => "RequestStopTransaction";

    protected override CallAnswer<RequestStopTransactionResponse> Handle(V201Protocol protocol, RequestStopTransactionRequest request)
    {
        var id = request.TransactionId ?? string.Empty;
        var connector = protocol.Model.Connectors.FirstOrDefault(c => c.Transaction?.Id == id);
        if (connector is null)
        {
            return new RequestStopTransactionResponse("Rejected");
        }

        protocol.Session.AfterReply(() => protocol.Model.StopTransaction(connector.Index, Domain.ChargePoint.StopReason.Remote, TxTrigger.RemoteStop));
        return new RequestStopTransactionResponse("Accepted");
    }
}
