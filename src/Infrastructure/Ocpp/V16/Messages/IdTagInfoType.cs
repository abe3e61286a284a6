using OcppLab.Domain.ChargePoint.Authorization;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V16.Messages;

/// <summary>
/// IdTagInfo (1.6 §7.24). The status stays text: it is mapped to the Domain's status with Invalid for
/// anything unknown, as the CSMS's answers (not schema-checked) are read too.
/// </summary>
internal sealed record IdTagInfoType(string? Status, DateTimeOffset? ExpiryDate = null, string? ParentIdTag = null)
{
    public IdTagInfo ToInfo() => new(ParseAuthorizationStatus(Status), ExpiryDate, ParentIdTag);
}
