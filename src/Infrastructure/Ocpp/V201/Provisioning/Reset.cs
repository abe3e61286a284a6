using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V201.Provisioning;

/// <summary>Reset (B11/B12): Immediate reboots now; OnIdle waits for the transactions to end and their messages to be delivered.</summary>
internal sealed class Reset : ICsmsCallHandler<V201Protocol>
{
    public string Action => "Reset";

    public CallReply Handle(V201Protocol protocol, JsonObject payload)
    {
        if (Int(payload, "evseId") is not null)
        {
            return Status("Rejected");
        }

        if (Str(payload, "type") == "OnIdle" && protocol.Model.Connectors.Any(c => c.Transaction is not null))
        {
            protocol.ResetWhenIdle = true;
            return Status("Scheduled");
        }

        protocol.Session.AfterReply(() => protocol.Session.Reboot(Domain.ChargePoint.StopReason.HardReset, "RemoteReset"));
        return Status("Accepted");
    }
}
