using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V201.Reservation;

/// <summary>ReserveNow (H01): the model decides Accepted, Faulted, Occupied, Rejected or Unavailable.</summary>
internal sealed class ReserveNow : ICsmsCallHandler<V201Protocol>
{
    public string Action => "ReserveNow";

    public CallReply Handle(V201Protocol protocol, JsonObject payload)
    {
        var token = payload["idToken"] as JsonObject ?? [];
        var group = payload["groupIdToken"] as JsonObject;
        var outcome = protocol.Model.Reserve(
            Int(payload, "evseId") ?? 0,
            Int(payload, "id") ?? 0,
            Str(token, "idToken") ?? string.Empty,
            Time(payload, "expiryDateTime") ?? protocol.Session.Now,
            group is null ? null : Str(group, "idToken"));
        return Status(outcome.ToString());
    }
}
