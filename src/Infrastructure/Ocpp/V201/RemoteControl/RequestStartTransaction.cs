using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.SmartCharging;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V201.Messages;

namespace OcppLab.Infrastructure.Ocpp.V201.RemoteControl;

internal sealed record RequestStartTransactionRequest(int? EvseId, IdTokenType? GroupIdToken, IdTokenType? IdToken, int? RemoteStartId, ChargingProfileType? ChargingProfile);

internal sealed record RequestStartTransactionResponse(string Status, string? TransactionId = null);

/// <summary>RequestStartTransaction (F01/F02): accepted when an EVSE can start; authorize, plug and start run after the answer.</summary>
internal sealed class RequestStartTransaction : V201CallHandler<RequestStartTransactionRequest, RequestStartTransactionResponse>
{
    private static readonly RequestStartTransactionResponse Rejected = new("Rejected");

    public override string Action => "RequestStartTransaction";

    protected override CallAnswer<RequestStartTransactionResponse> Handle(V201Protocol protocol, RequestStartTransactionRequest request)
    {
        var idTag = request.IdToken?.IdToken ?? string.Empty;
        var type = request.IdToken?.Type ?? "Central";
        if (protocol.Session.Registration != RegistrationStatus.Accepted)
        {
            return Rejected;
        }

        var evseId = request.EvseId ?? protocol.Model.Connectors.FirstOrDefault(c => protocol.Model.CannotStart(c.Index, idTag) is null)?.Index;
        if (evseId is null || protocol.Model.Connector(evseId.Value) is not { } connector)
        {
            return Rejected;
        }

        if (connector.Transaction is { } running)
        {
            return new RequestStartTransactionResponse("Rejected", running.Id);
        }

        if (protocol.Model.CannotStart(evseId.Value, idTag) is not null)
        {
            return Rejected;
        }

        ChargingProfile? profile = null;
        if (request.ChargingProfile is { } profileJson)
        {
            profile = profileJson.ToProfile(evseId.Value);
            if (profile is null || profile.Purpose != ProfilePurpose.Tx)
            {
                return Rejected;
            }
        }

        protocol.StartRemotely(evseId.Value, idTag, type, request.RemoteStartId, profile);
        return new RequestStartTransactionResponse("Accepted");
    }
}
