using System.Text.Json.Serialization;
using OcppLab.Infrastructure.Ocpp.Protocol;

namespace OcppLab.Infrastructure.Ocpp.V16.Messages;

// The messages a 1.6 charge point sends itself (1.6 §4) and the answers it reads. The requests are written
// by the charge point (the schemas' names, properties in the order they always went out, absent values not
// written); the answers are read leniently, since a CSMS's answer is not schema-checked: a value of the wrong
// type is absent, as it was for the string-keyed reads (LenientStringConverter and friends).

/// <summary>BootNotification.req (1.6 §4.2).</summary>
internal sealed record BootNotificationRequest(
    string ChargePointVendor,
    string ChargePointModel,
    string? ChargePointSerialNumber,
    string? ChargeBoxSerialNumber,
    string? FirmwareVersion);

/// <summary>BootNotification.conf: the registration status, the heartbeat interval and the CSMS's time.</summary>
internal sealed record BootNotificationResponse(
    [property: JsonConverter(typeof(LenientStringConverter))] string? Status,
    [property: JsonConverter(typeof(LenientIntegerConverter))] int? Interval,
    DateTimeOffset? CurrentTime);

/// <summary>Heartbeat.req (1.6 §4.6): no fields.</summary>
internal sealed record HeartbeatRequest;

/// <summary>StatusNotification.req (1.6 §4.9); connector 0 is the charge point itself.</summary>
internal sealed record StatusNotificationRequest(int ConnectorId, string ErrorCode, string Status, DateTimeOffset? Timestamp);

/// <summary>Authorize.req (1.6 §4.1).</summary>
internal sealed record AuthorizeRequest(string IdTag);

/// <summary>Authorize.conf: the tag's status.</summary>
internal sealed record AuthorizeResponse([property: JsonConverter(typeof(LenientObjectConverter<IdTagInfoType>))] IdTagInfoType? IdTagInfo);

/// <summary>StartTransaction.req (1.6 §4.8).</summary>
internal sealed record StartTransactionRequest(int ConnectorId, string IdTag, int MeterStart, int? ReservationId, DateTimeOffset? Timestamp);

/// <summary>StartTransaction.conf: the tag's status and the transaction id the CSMS assigned.</summary>
internal sealed record StartTransactionResponse(
    [property: JsonConverter(typeof(LenientObjectConverter<IdTagInfoType>))] IdTagInfoType? IdTagInfo,
    [property: JsonConverter(typeof(LenientIntegerConverter))] int? TransactionId);

/// <summary>StopTransaction.req (1.6 §4.10); <c>reason</c> absent means Local.</summary>
internal sealed record StopTransactionRequest(
    int TransactionId,
    string? IdTag,
    int MeterStop,
    DateTimeOffset? Timestamp,
    string? Reason,
    IReadOnlyList<MeterValueType>? TransactionData);

/// <summary>StopTransaction.conf: the tag's status, if the CSMS says it.</summary>
internal sealed record StopTransactionResponse([property: JsonConverter(typeof(LenientObjectConverter<IdTagInfoType>))] IdTagInfoType? IdTagInfo);

/// <summary>MeterValues.req (1.6 §4.7); a sample outside a transaction has no transactionId.</summary>
internal sealed record MeterValuesRequest(int ConnectorId, int? TransactionId, IReadOnlyList<MeterValueType> MeterValue);

/// <summary>MeterValue (1.6 §7.31).</summary>
internal sealed record MeterValueType(DateTimeOffset? Timestamp, IReadOnlyList<SampledValueType> SampledValue);

/// <summary>SampledValue (1.6 §7.43): 1.6 sends the value as text; the names (measurand, unit …) are the Domain's and the catalog's.</summary>
internal sealed record SampledValueType(string Value, string? Context, string? Measurand, string? Location, string? Unit);

/// <summary>FirmwareStatusNotification.req (1.6 §6.5).</summary>
internal sealed record FirmwareStatusNotificationRequest(string Status);

/// <summary>DiagnosticsStatusNotification.req (1.6 §6.3).</summary>
internal sealed record DiagnosticsStatusNotificationRequest(string Status);
