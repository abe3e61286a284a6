using OcppLab.Domain.ChargePoint;
using OcppLab.Domain.ChargePoint.SmartCharging;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V16.Messages;

namespace OcppLab.Infrastructure.Ocpp.V16.Core;

internal sealed record RemoteStartTransactionRequest(int? ConnectorId, string? IdTag, ChargingProfileType? ChargingProfile);

internal sealed record RemoteStartTransactionResponse(string Status);

/// <summary>RemoteStartTransaction (1.6 §5.11): accepted when a connector can start; the session (authorize if AuthorizeRemoteTxRequests, plug, start) runs after the answer.</summary>
internal sealed class RemoteStartTransaction : V16CallHandler<RemoteStartTransactionRequest, RemoteStartTransactionResponse>
{
    private static readonly RemoteStartTransactionResponse Rejected = new("Rejected");

    public override string Action => "RemoteStartTransaction";

    protected override CallAnswer<RemoteStartTransactionResponse> Handle(V16Protocol protocol, RemoteStartTransactionRequest request)
    {
        var idTag = request.IdTag!;
        if (protocol.Session.Registration != RegistrationStatus.Accepted)
        {
            return Rejected;
        }

        var index = request.ConnectorId ?? protocol.Model.Connectors.FirstOrDefault(c => protocol.Model.CannotStart(c.Index, idTag) is null)?.Index;
        if (index is null or <= 0 || protocol.Model.CannotStart(index.Value, idTag) is not null)
        {
            return Rejected;
        }

        ChargingProfile? profile = null;
        if (request.ChargingProfile is { } profileJson)
        {
            profile = profileJson.ToProfile(index.Value);
            if (profile is null || profile.Purpose != ProfilePurpose.Tx)
            {
                return Rejected;
            }
        }

        protocol.StartRemotely(index.Value, idTag, "Central", remoteStartId: null, profile);
        return new RemoteStartTransactionResponse("Accepted");
    }
}
