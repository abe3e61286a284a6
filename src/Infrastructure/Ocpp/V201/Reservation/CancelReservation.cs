using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V201.Reservation;

/// <summary>CancelReservation (H02): Accepted when the reservation existed.</summary>
internal sealed class CancelReservation : ICsmsCallHandler<V201Protocol>
{
    public string Action => "CancelReservation";

    public CallReply Handle(V201Protocol protocol, JsonObject payload) =>
        Status(protocol.Model.CancelReservation(Int(payload, "reservationId") ?? -1) ? "Accepted" : "Rejected");
}
