using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V201.Messages;

namespace OcppLab.Infrastructure.Ocpp.V201.Reservation;

internal sealed record CancelReservationRequest(int? ReservationId);

internal sealed record CancelReservationResponse(string Status);

/// <summary>CancelReservation (H02): Accepted when the reservation existed.</summary>
internal sealed class CancelReservation : V201CallHandler<CancelReservationRequest, CancelReservationResponse>
{
    public override string Action => "CancelReservation";

    protected override CallAnswer<CancelReservationResponse> Handle(V201Protocol protocol, CancelReservationRequest request) =>
        new CancelReservationResponse(protocol.Model.CancelReservation(request.ReservationId ?? -1) ? "Accepted" : "Rejected");
}
