using OcppLab.Domain.ChargePoint;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V16.Messages;

namespace OcppLab.Infrastructure.Ocpp.V16.Core;

internal sealed record UnlockConnectorRequest(int ConnectorId);

internal sealed record UnlockConnectorResponse(string Status);

/// <summary>UnlockConnector (1.6 §5.18): stops a running transaction on the connector and unlocks it.</summary>
internal sealed class UnlockConnector : V16CallHandler<UnlockConnectorRequest, UnlockConnectorResponse>
{
    public override string Action => "UnlockConnector";

    protected override CallAnswer<UnlockConnectorResponse> Handle(V16Protocol protocol, UnlockConnectorRequest request)
    {
        var index = request.ConnectorId;
        if (protocol.Model.Connector(index) is not { } connector)
        {
            return new UnlockConnectorResponse("NotSupported");
        }

        if (connector.Transaction is not null)
        {
            protocol.Model.StopTransaction(index, Domain.ChargePoint.StopReason.UnlockCommand, TxTrigger.UnlockCommand);
        }

        return new UnlockConnectorResponse("Unlocked");
    }
}
