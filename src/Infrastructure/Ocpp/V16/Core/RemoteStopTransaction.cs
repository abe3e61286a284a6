using OcppLab.Domain.ChargePoint;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V16.Messages;

namespace OcppLab.Infrastructure.Ocpp.V16.Core;

internal sealed record RemoteStopTransactionRequest(int? TransactionId);

internal sealed record RemoteStopTransactionResponse(string Status);

/// <summary>RemoteStopTransaction (1.6 §5.12): stops the transaction with that id after the answer.</summary>
internal sealed class RemoteStopTransaction : V16CallHandler<RemoteStopTransactionRequest, RemoteStopTransactionResponse>
{
    public override string Action => "RemoteStopTransaction";

    protected override CallAnswer<RemoteStopTransactionResponse> Handle(V16Protocol protocol, RemoteStopTransactionRequest request)
    {
        var connector = protocol.Model.Connectors.FirstOrDefault(c => c.Transaction is { } tx && tx.CsmsTransactionId == request.TransactionId);
        if (connector is null)
        {
            return new RemoteStopTransactionResponse("Rejected");
        }

        protocol.Session.AfterReply(() => protocol.Model.StopTransaction(connector.Index, Domain.ChargePoint.StopReason.Remote, TxTrigger.RemoteStop));
        return new RemoteStopTransactionResponse("Accepted");
    }
}
