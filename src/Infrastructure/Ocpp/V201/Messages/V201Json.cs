using System.Text.Json.Serialization;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V201.Authorization;
using OcppLab.Infrastructure.Ocpp.V201.Availability;
using OcppLab.Infrastructure.Ocpp.V201.Diagnostics;
using OcppLab.Infrastructure.Ocpp.V201.FirmwareManagement;
using OcppLab.Infrastructure.Ocpp.V201.LocalAuthorizationList;
using OcppLab.Infrastructure.Ocpp.V201.Provisioning;
using OcppLab.Infrastructure.Ocpp.V201.RemoteControl;
using OcppLab.Infrastructure.Ocpp.V201.Reservation;
using OcppLab.Infrastructure.Ocpp.V201.SmartCharging;
using OcppLab.Infrastructure.Ocpp.V201.Transactions;
using OcppLab.Infrastructure.Ocpp.V201.Vendor;

namespace OcppLab.Infrastructure.Ocpp.V201.Messages;

/// <summary>
/// The 2.0.1 payload records, bound by source-generated code (no reflection at run time). The names are
/// the records' camelCased; absent values are not written (OCPP has optional fields, not nulls); closed
/// enumerations are their names; integers and timestamps are read as leniently as the schemas allow.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    Converters = [typeof(OcppIntegerConverter), typeof(OcppTimestampConverter)])]
[JsonSerializable(typeof(ClearCacheRequest))]
[JsonSerializable(typeof(ClearCacheResponse))]
[JsonSerializable(typeof(ChangeAvailabilityRequest))]
[JsonSerializable(typeof(ChangeAvailabilityResponse))]
[JsonSerializable(typeof(GetLogRequest))]
[JsonSerializable(typeof(GetLogResponse))]
[JsonSerializable(typeof(UpdateFirmwareRequest))]
[JsonSerializable(typeof(UpdateFirmwareResponse))]
[JsonSerializable(typeof(GetLocalListVersionRequest))]
[JsonSerializable(typeof(GetLocalListVersionResponse))]
[JsonSerializable(typeof(SendLocalListRequest))]
[JsonSerializable(typeof(SendLocalListResponse))]
[JsonSerializable(typeof(GetBaseReportRequest))]
[JsonSerializable(typeof(GetBaseReportResponse))]
[JsonSerializable(typeof(GetReportRequest))]
[JsonSerializable(typeof(GetReportResponse))]
[JsonSerializable(typeof(GetVariablesRequest))]
[JsonSerializable(typeof(GetVariablesResponse))]
[JsonSerializable(typeof(ResetRequest))]
[JsonSerializable(typeof(ResetResponse))]
[JsonSerializable(typeof(SetVariablesRequest))]
[JsonSerializable(typeof(SetVariablesResponse))]
[JsonSerializable(typeof(RequestStartTransactionRequest))]
[JsonSerializable(typeof(RequestStartTransactionResponse))]
[JsonSerializable(typeof(RequestStopTransactionRequest))]
[JsonSerializable(typeof(RequestStopTransactionResponse))]
[JsonSerializable(typeof(TriggerMessageRequest))]
[JsonSerializable(typeof(TriggerMessageResponse))]
[JsonSerializable(typeof(UnlockConnectorRequest))]
[JsonSerializable(typeof(UnlockConnectorResponse))]
[JsonSerializable(typeof(CancelReservationRequest))]
[JsonSerializable(typeof(CancelReservationResponse))]
[JsonSerializable(typeof(ReserveNowRequest))]
[JsonSerializable(typeof(ReserveNowResponse))]
[JsonSerializable(typeof(ClearChargingProfileRequest))]
[JsonSerializable(typeof(ClearChargingProfileResponse))]
[JsonSerializable(typeof(GetChargingProfilesRequest))]
[JsonSerializable(typeof(GetChargingProfilesResponse))]
[JsonSerializable(typeof(ReportChargingProfilesRequest))]
[JsonSerializable(typeof(GetCompositeScheduleRequest))]
[JsonSerializable(typeof(GetCompositeScheduleResponse))]
[JsonSerializable(typeof(SetChargingProfileRequest))]
[JsonSerializable(typeof(SetChargingProfileResponse))]
[JsonSerializable(typeof(GetTransactionStatusRequest))]
[JsonSerializable(typeof(GetTransactionStatusResponse))]
[JsonSerializable(typeof(DataTransferRequest))]
[JsonSerializable(typeof(DataTransferResponse))]
internal sealed partial class V201Json : JsonSerializerContext;
