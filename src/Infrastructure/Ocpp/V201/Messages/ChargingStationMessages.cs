using System.Text.Json.Serialization;
using OcppLab.Infrastructure.Ocpp.Protocol;

namespace OcppLab.Infrastructure.Ocpp.V201.Messages;

// The messages a 2.0.1 charging station sends itself and the answers it reads (as the 1.6 ones in
// V16/Messages/ChargePointMessages.cs): requests in the order their properties always went out, answers read
// leniently (not schema-checked: a value of the wrong type is absent). The enumerations the station writes
// stay text where their values are Domain names (connector status, trigger and stopped reasons).

/// <summary>BootNotificationRequest (B01).</summary>
internal sealed record BootNotificationRequest(string Reason, ChargingStationType ChargingStation);

/// <summary>ChargingStationType (2.0.1 §2.15), without the modem.</summary>
internal sealed record ChargingStationType(string? SerialNumber, string Model, string VendorName, string? FirmwareVersion);

/// <summary>BootNotificationResponse: the registration status, the heartbeat interval and the CSMS's time.</summary>
internal sealed record BootNotificationResponse(
    DateTimeOffset? CurrentTime,
    [property: JsonConverter(typeof(LenientIntegerConverter))] int? Interval,
    [property: JsonConverter(typeof(LenientStringConverter))] string? Status);

/// <summary>HeartbeatRequest (G02): no fields.</summary>
internal sealed record HeartbeatRequest;

/// <summary>StatusNotificationRequest (G01): each EVSE has connector 1.</summary>
internal sealed record StatusNotificationRequest(DateTimeOffset? Timestamp, string ConnectorStatus, int EvseId, int ConnectorId);

/// <summary>AuthorizeRequest (C01).</summary>
internal sealed record AuthorizeRequest(IdTokenType IdToken);

/// <summary>AuthorizeResponse: the token's status.</summary>
internal sealed record AuthorizeResponse([property: JsonConverter(typeof(LenientObjectConverter<IdTokenInfoType>))] IdTokenInfoType? IdTokenInfo);

/// <summary>TransactionEventRequest (E01–E15), the parts the station sends.</summary>
internal sealed record TransactionEventRequest(
    string EventType,
    DateTimeOffset? Timestamp,
    string TriggerReason,
    int SeqNo,
    bool? Offline,
    TransactionType TransactionInfo,
    IdTokenType? IdToken = null,
    EvseType? Evse = null,
    int? ReservationId = null,
    IReadOnlyList<MeterValueType>? MeterValue = null);

/// <summary>TransactionType (2.0.1 §2.49).</summary>
internal sealed record TransactionType(string TransactionId, string? ChargingState, string? StoppedReason, int? RemoteStartId);

/// <summary>TransactionEventResponse: the token's status (read for the first event).</summary>
internal sealed record TransactionEventResponse([property: JsonConverter(typeof(LenientObjectConverter<IdTokenInfoType>))] IdTokenInfoType? IdTokenInfo);

/// <summary>MeterValuesRequest (F06, J01): a sample the CSMS asked for.</summary>
internal sealed record MeterValuesRequest(int EvseId, IReadOnlyList<MeterValueType> MeterValue);

/// <summary>MeterValueType (2.0.1 §2.33).</summary>
internal sealed record MeterValueType(DateTimeOffset? Timestamp, IReadOnlyList<SampledValueType> SampledValue);

/// <summary>SampledValueType (2.0.1 §2.40): 2.0.1 sends the value as a number.</summary>
internal sealed record SampledValueType(double Value, string? Context, string? Measurand, string? Location, UnitOfMeasureType? UnitOfMeasure);

/// <summary>UnitOfMeasureType (2.0.1 §2.50).</summary>
internal sealed record UnitOfMeasureType(string? Unit);

/// <summary>ReservationStatusUpdateRequest (H05): a reservation expired or was removed.</summary>
internal sealed record ReservationStatusUpdateRequest(int ReservationId, string ReservationUpdateStatus);

/// <summary>NotifyReportRequest (B07, B08): one page of a report.</summary>
internal sealed record NotifyReportRequest(int RequestId, DateTimeOffset? GeneratedAt, bool Tbc, int SeqNo, IReadOnlyList<ReportDataType> ReportData);

/// <summary>ReportDataType (2.0.1 §2.39).</summary>
internal sealed record ReportDataType(
    ComponentType Component,
    VariableType Variable,
    IReadOnlyList<VariableAttributeType> VariableAttribute,
    VariableCharacteristicsType? VariableCharacteristics);

/// <summary>VariableAttributeType (2.0.1 §2.51).</summary>
internal sealed record VariableAttributeType(AttributeEnumType? Type, string? Value, string? Mutability);

/// <summary>VariableCharacteristicsType (2.0.1 §2.53), without unit and limits.</summary>
internal sealed record VariableCharacteristicsType(string DataType, bool SupportsMonitoring, string? ValuesList);

/// <summary>FirmwareStatusNotificationRequest (L01).</summary>
internal sealed record FirmwareStatusNotificationRequest(string Status, int? RequestId);

/// <summary>LogStatusNotificationRequest (N01).</summary>
internal sealed record LogStatusNotificationRequest(string Status, int? RequestId);
