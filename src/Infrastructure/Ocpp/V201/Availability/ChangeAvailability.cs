using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V201.Messages;

namespace OcppLab.Infrastructure.Ocpp.V201.Availability;

/// <summary>OperationalStatusEnumType (2.0.1 §3.58).</summary>
internal enum OperationalStatusEnumType
{
    Inoperative,
    Operative,
}

internal sealed record ChangeAvailabilityRequest(EvseType? Evse, OperationalStatusEnumType? OperationalStatus);

internal sealed record ChangeAvailabilityResponse(string Status);

/// <summary>ChangeAvailability (G03/G04): the station or one EVSE; Scheduled while a transaction runs.</summary>
internal sealed class ChangeAvailability : V201CallHandler<ChangeAvailabilityRequest, ChangeAvailabilityResponse>
{
    public override string Action => "ChangeAvailability";

    protected override CallAnswer<ChangeAvailabilityResponse> Handle(V201Protocol protocol, ChangeAvailabilityRequest request)
    {
        var evseId = request.Evse?.Id ?? 0;
        if (evseId != 0 && protocol.Model.ConnectorOfEvse(evseId, request.Evse?.ConnectorId) is null)
        {
            return new ChangeAvailabilityResponse("Rejected");
        }

        return new ChangeAvailabilityResponse(protocol.Model.ChangeAvailability(evseId, request.OperationalStatus == OperationalStatusEnumType.Operative).ToString());
    }
}
