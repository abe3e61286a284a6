using OcppLab.Domain.ChargePoint;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V16.Messages;

namespace OcppLab.Infrastructure.Ocpp.V16.Reservation;

internal sealed record ReserveNowRequest(int ConnectorId, DateTimeOffset? ExpiryDate, string? IdTag, string? ParentIdTag, int ReservationId);

internal sealed record ReserveNowResponse(string Status);

/// <summary>ReserveNow (1.6 §5.13): the model decides Accepted, Faulted, Occupied, Rejected or Unavailable.</summary>
internal sealed class ReserveNow : V16CallHandler<ReserveNowRequest, ReserveNowResponse>
{
    public override string Action => "ReserveNow";

    protected override CallAnswer<ReserveNowResponse> Handle(V16Protocol protocol, ReserveNowRequest request)
    {
        var outcome = protocol.Model.Reserve(
            request.ConnectorId,
            request.ReservationId,
            request.IdTag ?? string.Empty,
            request.ExpiryDate ?? protocol.Session.Now,
            request.ParentIdTag);
        return new ReserveNowResponse(outcome.ToString());
    }
}
