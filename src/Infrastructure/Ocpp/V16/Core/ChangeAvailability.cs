using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V16.Messages;

namespace OcppLab.Infrastructure.Ocpp.V16.Core;

/// <summary>AvailabilityType (1.6 §7.7).</summary>
internal enum AvailabilityType
{
    Inoperative,
    Operative,
}

internal sealed record ChangeAvailabilityRequest(int ConnectorId, AvailabilityType? Type);

internal sealed record ChangeAvailabilityResponse(string Status);

/// <summary>ChangeAvailability (1.6 §5.2): the station (connector 0) or one connector; Scheduled while a transaction runs.</summary>
internal sealed class ChangeAvailability : V16CallHandler<ChangeAvailabilityRequest, ChangeAvailabilityResponse>
{
    public override string Action => "ChangeAvailability";

    protected override CallAnswer<ChangeAvailabilityResponse> Handle(V16Protocol protocol, ChangeAvailabilityRequest request)
    {
        var index = request.ConnectorId;
        if (index != 0 && protocol.Model.Connector(index) is null)
        {
            return new ChangeAvailabilityResponse("Rejected");
        }

        return new ChangeAvailabilityResponse(protocol.Model.ChangeAvailability(index, request.Type == AvailabilityType.Operative).ToString());
    }
}
