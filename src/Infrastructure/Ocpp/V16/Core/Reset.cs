using System.Text.Json.Nodes;
using OcppLab.Domain.ChargePoint;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V16.Core;

/// <summary>Reset (1.6 §5.14): Hard reboots at once; Soft stops the transactions, delivers their StopTransaction, then reboots.</summary>
internal sealed class Reset : ICsmsCallHandler<V16Protocol>
{
    public string Action => "Reset";

    public CallReply Handle(V16Protocol protocol, JsonObject payload)
    {
        if (Str(payload, "type") == "Hard")
        {
            // Hard: reboot at once; the ended transactions are reported after the new boot.
            protocol.Session.AfterReply(() => protocol.Session.Reboot(Domain.ChargePoint.StopReason.HardReset, "RemoteReset"));
            return Status("Accepted");
        }

        // Soft (1.6 §5.14): stop the transactions gracefully, send their StopTransaction.req, then reboot.
        protocol.Session.AfterReply(() =>
        {
            foreach (var connector in protocol.Model.Connectors.Where(c => c.Transaction is not null).ToList())
            {
                protocol.Model.StopTransaction(connector.Index, Domain.ChargePoint.StopReason.SoftReset, TxTrigger.ResetCommand);
            }

            protocol.ResetWhenIdle = true;
        });
        return Status("Accepted");
    }
}
