using OcppLab.Domain.ChargePoint;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V201.Messages;

namespace OcppLab.Infrastructure.Ocpp.V201.Provisioning;

/// <summary>ResetEnumType (2.0.1 §3.79).</summary>
internal enum ResetEnumType
{
    Immediate,
    OnIdle,
}

internal sealed record ResetRequest(ResetEnumType? Type, int? EvseId);

internal sealed record ResetResponse(string Status);

/// <summary>Reset (B11/B12): Immediate ends the transactions, delivers their end and reboots; OnIdle waits for the transactions to end and their messages to be delivered.</summary>
internal sealed class Reset : V201CallHandler<ResetRequest, ResetResponse>
{
    public override string Action => "Reset";

    protected override CallAnswer<ResetResponse> Handle(V201Protocol protocol, ResetRequest request)
    {
        if (request.EvseId is not null)
        {
            return new ResetResponse("Rejected");
        }

        var running = protocol.Model.Connectors.Any(c => c.Transaction is not null);
        if (request.Type == ResetEnumType.OnIdle && running)
        {
            // B12.FR.01: Scheduled until idle; the boot then names reason ScheduledReset.
            protocol.ResetWhenIdle = new PendingReset("ScheduledReset", Immediate: false);
            return new ResetResponse("Scheduled");
        }

        if (running)
        {
            // B12.FR.04 / B12.FR.08: an immediate reset with transactions ends them (stoppedReason
            // ImmediateReset, triggerReason ResetCommand) and sends their TransactionEvent Ended on this
            // connection, then reboots; offline it reboots at once and reports them after the boot.
            protocol.Session.AfterReply(() =>
            {
                foreach (var connector in protocol.Model.Connectors.Where(c => c.Transaction is not null).ToList())
                {
                    protocol.Model.StopTransaction(connector.Index, Domain.ChargePoint.StopReason.HardReset, TxTrigger.ResetCommand);
                }

                protocol.ResetWhenIdle = new PendingReset("RemoteReset", Immediate: true);
            });
            return new ResetResponse("Accepted");
        }

        protocol.Session.AfterReply(() => protocol.Session.Reboot(Domain.ChargePoint.StopReason.HardReset, "RemoteReset"));
        return new ResetResponse("Accepted");
    }
}
