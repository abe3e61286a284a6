using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V201.Messages;

namespace OcppLab.Infrastructure.Ocpp.V201.Transactions;

internal sealed record GetTransactionStatusRequest(string? TransactionId);

internal sealed record GetTransactionStatusResponse(bool MessagesInQueue, bool? OngoingIndicator = null);

/// <summary>GetTransactionStatus (E14): whether a transaction is ongoing and whether messages for it are still queued.</summary>
internal sealed class GetTransactionStatus : V201CallHandler<GetTransactionStatusRequest, GetTransactionStatusResponse>
{
    public override string Action => "GetTransactionStatus";

    protected override CallAnswer<GetTransactionStatusResponse> Handle(V201Protocol protocol, GetTransactionStatusRequest request)
    {
        var id = request.TransactionId;
        return new GetTransactionStatusResponse(
            protocol.Session.HasQueuedTransactionMessages(id),
            id is null ? null : protocol.Model.ConnectorWithTransaction(id) is not null);
    }
}
