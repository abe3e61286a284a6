using OcppLab.Domain.ChargePoint;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V16.Messages;

namespace OcppLab.Infrastructure.Ocpp.V16.Reservation;

internal sealed record CancelReservationRequest(int? ReservationId);

internal sealed record CancelReservationResponse(string Status);

/// <summary>CancelReservation (1.6 §5.1): Accepted when the reservation existed.</summary>
internal sealed class CancelReservation : V16CallHandler<CancelReservationRequest, CancelReservationResponse>
{
    public override string Action => "CancelReservation";

    protected override CallAnswer<CancelReservationResponse> Handle(V16Protocol protocol, CancelReservationRequest request) =>
        new CancelReservationResponse(protocol.Model.CancelReservation(request.ReservationId ?? -1) ? "Accepted" : "Rejected");
}
