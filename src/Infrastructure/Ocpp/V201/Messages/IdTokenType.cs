using System.Text.Json.Serialization;
using OcppLab.Domain.ChargePoint.Authorization;
using OcppLab.Infrastructure.Ocpp.Protocol;
using static OcppLab.Infrastructure.Ocpp.Protocol.OcppJson;

namespace OcppLab.Infrastructure.Ocpp.V201.Messages;

/// <summary>
/// IdTokenType (2.0.1 §2.28). The type stays text: it is passed on as the token's type, never switched on
/// (additionalInfo is not read).
/// </summary>
internal sealed record IdTokenType(string? IdToken, string? Type);

/// <summary>
/// IdTokenInfoType (2.0.1 §2.29), the parts the charge point uses. The status stays text, mapped to the
/// Domain's status with Invalid for anything unknown, as the CSMS's answers are read too (there a value of
/// the wrong type is absent, as the string-keyed reads had it).
/// </summary>
internal sealed record IdTokenInfoType([property: JsonConverter(typeof(LenientStringConverter))] string? Status, DateTimeOffset? CacheExpiryDateTime = null)
{
    public IdTagInfo ToInfo() => new(ParseAuthorizationStatus(Status), CacheExpiryDateTime, null);
}
