using OcppLab.Domain.ChargePoint.Settings;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V16.Messages;

namespace OcppLab.Infrastructure.Ocpp.V16.LocalAuthList;

/// <summary>UpdateType (1.6 §7.46).</summary>
internal enum UpdateType
{
    Differential,
    Full,
}

internal sealed record SendLocalListRequest(int ListVersion, IReadOnlyList<AuthorizationData>? LocalAuthorizationList, UpdateType? UpdateType);

/// <summary>AuthorizationData (1.6 §7.2).</summary>
internal sealed record AuthorizationData(string? IdTag, IdTagInfoType? IdTagInfo);

internal sealed record SendLocalListResponse(string Status);

/// <summary>SendLocalList (1.6 §5.15): a full or differential update within SendLocalListMaxLength and LocalAuthListMaxLength.</summary>
internal sealed class SendLocalList : V16CallHandler<SendLocalListRequest, SendLocalListResponse>
{
    public override string Action => "SendLocalList";

    protected override CallAnswer<SendLocalListResponse> Handle(V16Protocol protocol, SendLocalListRequest request)
    {
        if (!protocol.Model.Settings.GetBool(SettingsCatalog.LocalAuthListEnabled))
        {
            return new SendLocalListResponse("NotSupported");
        }

        if (LocalListUpdate.TooLong(protocol.Model, request.LocalAuthorizationList?.Count))
        {
            return new SendLocalListResponse("Failed");
        }

        var entries = (request.LocalAuthorizationList ?? []).Select(e => (e.IdTag ?? string.Empty, e.IdTagInfo?.ToInfo())).ToList();
        return new SendLocalListResponse(LocalListUpdate.Apply(protocol.Model, request.ListVersion, request.UpdateType == UpdateType.Full, entries));
    }
}
