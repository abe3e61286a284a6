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

/// <summary>Reset (B11/B12): Immediate reboots now; OnIdle waits for the transactions to end and their messages to be delivered.</summary>
internal sealed class Reset : V201CallHandler<ResetRequest, ResetResponse>
{
    public override string Action => "Reset";

    protected override CallAnswer<ResetResponse> Handle(V201Protocol protocol, ResetRequest request)
    {
        if (request.EvseId is not null)
        {
            return new ResetResponse("Rejected");
        }

        if (request.Type == ResetEnumType.OnIdle && protocol.Model.Connectors.Any(c => c.Transaction is not null))
        {
            protocol.ResetWhenIdle = true;
            return new ResetResponse("Scheduled");
        }

        protocol.Session.AfterReply(() => protocol.Session.Reboot(Domain.ChargePoint.StopReason.HardReset, "RemoteReset"));
        return new ResetResponse("Accepted");
    }
}
