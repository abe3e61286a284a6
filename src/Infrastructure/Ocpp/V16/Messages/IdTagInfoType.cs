using System.Text.Json.Serialization;
using OcppLab.Domain.ChargePoint.Authorization;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V16.Messages;

/// <summary>
/// IdTagInfo (1.6 §7.24). The status stays text: it is mapped to the Domain's status with Invalid for
/// anything unknown, as the CSMS's answers (not schema-checked) are read too; there a value of the wrong type
/// is absent (the lenient converters), as the string-keyed reads had it.
/// </summary>
internal sealed record IdTagInfoType(
    [property: JsonConverter(typeof(LenientStringConverter))] string? Status,
    DateTimeOffset? ExpiryDate = null,
    [property: JsonConverter(typeof(LenientStringConverter))] string? ParentIdTag = null)
{
    public IdTagInfo ToInfo() => new(ParseAuthorizationStatus(Status), ExpiryDate, ParentIdTag);
}
