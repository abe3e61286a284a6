using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V201.Messages;

namespace OcppLab.Infrastructure.Ocpp.V201.LocalAuthorizationList;

/// <summary>UpdateEnumType (2.0.1 §3.96).</summary>
internal enum UpdateEnumType
{
    Differential,
    Full,
}

internal sealed record SendLocalListRequest(IReadOnlyList<AuthorizationData>? LocalAuthorizationList, int VersionNumber, UpdateEnumType? UpdateType);

/// <summary>AuthorizationData (2.0.1 §2.6).</summary>
internal sealed record AuthorizationData(IdTokenType? IdToken, IdTokenInfoType? IdTokenInfo);

internal sealed record SendLocalListResponse(string Status);

/// <summary>SendLocalList (D01): a full or differential update of the local authorization list.</summary>
internal sealed class SendLocalList : V201CallHandler<SendLocalListRequest, SendLocalListResponse>
{
    public override string Action => "SendLocalList";

    protected override CallAnswer<SendLocalListResponse> Handle(V201Protocol protocol, SendLocalListRequest request)
    {
        // D01: with the local list disabled, or more entries than a message may carry, the update fails.
        if (!protocol.Model.Settings.GetBool(SettingsCatalog.LocalAuthListEnabled) || LocalListUpdate.TooLong(protocol.Model, request.LocalAuthorizationList?.Count))
        {
            return new SendLocalListResponse("Failed");
        }

        var entries = (request.LocalAuthorizationList ?? []).Select(e => (e.IdToken?.IdToken ?? string.Empty, e.IdTokenInfo?.ToInfo())).ToList();
        return new SendLocalListResponse(LocalListUpdate.Apply(protocol.Model, request.VersionNumber, request.UpdateType == UpdateEnumType.Full, entries));
    }
}
