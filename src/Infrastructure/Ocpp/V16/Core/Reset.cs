using OcppLab.Domain.ChargePoint;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V16.Messages;

namespace OcppLab.Infrastructure.Ocpp.V16.Core;

/// <summary>ResetType (1.6 §7.40).</summary>
internal enum ResetType
{
    Hard,
    Soft,
}

internal sealed record ResetRequest(ResetType? Type);

internal sealed record ResetResponse(string Status);

/// <summary>Reset (1.6 §5.14): Hard reboots at once; Soft stops the transactions, delivers their StopTransaction, then reboots.</summary>
internal sealed class Reset : V16CallHandler<ResetRequest, ResetResponse>
{
    public override string Action => "Reset";

    protected override CallAnswer<ResetResponse> Handle(V16Protocol protocol, ResetRequest request)
    {
        if (request.Type == ResetType.Hard)
        {
            // Hard: reboot at once; the ended transactions are reported after the new boot.
            protocol.Session.AfterReply(() => protocol.Session.Reboot(Domain.ChargePoint.StopReason.HardReset, "RemoteReset"));
            return new ResetResponse("Accepted");
        }

        // Soft (1.6 §5.14): stop the transactions gracefully, send their StopTransaction.req, then reboot.
        protocol.Session.AfterReply(() =>
        {
            foreach (var connector in protocol.Model.Connectors.Where(c => c.Transaction is not null).ToList())
            {
                protocol.Model.StopTransaction(connector.Index, Domain.ChargePoint.StopReason.SoftReset, TxTrigger.ResetCommand);
            }

            protocol.ResetWhenIdle = new PendingReset("RemoteReset", Immediate: false);
        });
        return new ResetResponse("Accepted");
    }
}
