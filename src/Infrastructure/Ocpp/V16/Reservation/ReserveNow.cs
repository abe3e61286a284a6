using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V16.Reservation;

/// <summary>ReserveNow (1.6 §5.13): the model decides Accepted, Faulted, Occupied, Rejected or Unavailable.</summary>
internal sealed class ReserveNow : ICsmsCallHandler<V16Protocol>
{
    public string Action => "ReserveNow";

    public CallReply Handle(V16Protocol protocol, JsonObject payload)
    {
        var outcome = protocol.Model.Reserve(
            Int(payload, "connectorId") ?? 0,
            Int(payload, "reservationId") ?? 0,
            Str(payload, "idTag") ?? string.Empty,
            Time(payload, "expiryDate") ?? protocol.Session.Now,
            Str(payload, "parentIdTag"));
        return Status(outcome.ToString());
    }
}
