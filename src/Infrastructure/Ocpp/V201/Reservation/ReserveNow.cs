using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V201.Messages;

namespace OcppLab.Infrastructure.Ocpp.V201.Reservation;

/// <summary>ConnectorType is text: the charge point does not match reservations by connector type.</summary>
internal sealed record ReserveNowRequest(int Id, DateTimeOffset? ExpiryDateTime, string? ConnectorType, IdTokenType? IdToken, int EvseId, IdTokenType? GroupIdToken);

internal sealed record ReserveNowResponse(string Status);

/// <summary>ReserveNow (H01): the model decides Accepted, Faulted, Occupied, Rejected or Unavailable.</summary>
internal sealed class ReserveNow : V201CallHandler<ReserveNowRequest, ReserveNowResponse>
{
    public override string Action => "ReserveNow";

    protected override CallAnswer<ReserveNowResponse> Handle(V201Protocol protocol, ReserveNowRequest request)
    {
        var outcome = protocol.Model.Reserve(
            request.EvseId,
            request.Id,
            request.IdToken?.IdToken ?? string.Empty,
            request.ExpiryDateTime ?? protocol.Session.Now,
            request.GroupIdToken?.IdToken);
        return new ReserveNowResponse(outcome.ToString());
    }
}
