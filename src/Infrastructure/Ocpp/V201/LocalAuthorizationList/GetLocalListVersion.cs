using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V201.Messages;

namespace OcppLab.Infrastructure.Ocpp.V201.LocalAuthorizationList;

internal sealed record GetLocalListVersionRequest;

internal sealed record GetLocalListVersionResponse(int VersionNumber);

/// <summary>GetLocalListVersion (D02): the local list version.</summary>
internal sealed class GetLocalListVersion : V201CallHandler<GetLocalListVersionRequest, GetLocalListVersionResponse>
{
    public override string Action => "GetLocalListVersion";

    protected override CallAnswer<GetLocalListVersionResponse> Handle(V201Protocol protocol, GetLocalListVersionRequest request) =>
        new GetLocalListVersionResponse(protocol.Model.LocalList.Version);
}
