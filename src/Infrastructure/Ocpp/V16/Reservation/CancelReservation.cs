using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V16.Reservation;

/// <summary>CancelReservation (1.6 §5.1): Accepted when the reservation existed.</summary>
internal sealed class CancelReservation : ICsmsCallHandler<V16Protocol>
{
    public string Action => "CancelReservation";

    public CallReply Handle(V16Protocol protocol, JsonObject payload) =>
        Status(protocol.Model.CancelReservation(Int(payload, "reservationId") ?? -1) ? "Accepted" : "Rejected");
}
