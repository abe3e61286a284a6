using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V201.Messages;

namespace OcppLab.Infrastructure.Ocpp.V201.RemoteControl;

internal sealed record UnlockConnectorRequest(int EvseId, int ConnectorId);

internal sealed record UnlockConnectorResponse(string Status);

/// <summary>UnlockConnector (F05): unlocks the connector unless a transaction holds it.</summary>
internal sealed class UnlockConnector : V201CallHandler<UnlockConnectorRequest, UnlockConnectorResponse>
{
    public override string Action => "UnlockConnector";

    protected override CallAnswer<UnlockConnectorResponse> Handle(V201Protocol protocol, UnlockConnectorRequest request)
    {
        if (protocol.Model.ConnectorOfEvse(request.EvseId, request.ConnectorId) is not { } connector)
        {
            return new UnlockConnectorResponse("UnknownConnector");
        }

        // F05.FR.02: an authorized transaction keeps its cable locked.
        return new UnlockConnectorResponse(connector.Transaction is not null ? "OngoingAuthorizedTransaction" : "Unlocked");
    }
}
