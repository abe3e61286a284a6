using System.Text.Json.Serialization;
using OcppLab.Infrastructure.Ocpp.Protocol;
using OcppLab.Infrastructure.Ocpp.V16.Core;
using OcppLab.Infrastructure.Ocpp.V16.Firmware;
using OcppLab.Infrastructure.Ocpp.V16.LocalAuthList;
using OcppLab.Infrastructure.Ocpp.V16.RemoteTrigger;
using OcppLab.Infrastructure.Ocpp.V16.Reservation;
using OcppLab.Infrastructure.Ocpp.V16.SmartCharging;

namespace OcppLab.Infrastructure.Ocpp.V16.Messages;

/// <summary>
/// The 1.6 payload records, bound by source-generated code (no reflection at run time). The names are
/// the records' camelCased; absent values are not written (OCPP has optional fields, not nulls); closed
/// enumerations are their names; integers and timestamps are read as leniently as the schemas allow.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    Converters = [typeof(OcppIntegerConverter), typeof(OcppTimestampConverter)])]
[JsonSerializable(typeof(ChangeAvailabilityRequest))]
[JsonSerializable(typeof(ChangeAvailabilityResponse))]
[JsonSerializable(typeof(ChangeConfigurationRequest))]
[JsonSerializable(typeof(ChangeConfigurationResponse))]
[JsonSerializable(typeof(ClearCacheRequest))]
[JsonSerializable(typeof(ClearCacheResponse))]
[JsonSerializable(typeof(DataTransferRequest))]
[JsonSerializable(typeof(DataTransferResponse))]
[JsonSerializable(typeof(GetConfigurationRequest))]
[JsonSerializable(typeof(GetConfigurationResponse))]
[JsonSerializable(typeof(RemoteStartTransactionRequest))]
[JsonSerializable(typeof(RemoteStartTransactionResponse))]
[JsonSerializable(typeof(RemoteStopTransactionRequest))]
[JsonSerializable(typeof(RemoteStopTransactionResponse))]
[JsonSerializable(typeof(ResetRequest))]
[JsonSerializable(typeof(ResetResponse))]
[JsonSerializable(typeof(UnlockConnectorRequest))]
[JsonSerializable(typeof(UnlockConnectorResponse))]
[JsonSerializable(typeof(GetDiagnosticsRequest))]
[JsonSerializable(typeof(GetDiagnosticsResponse))]
[JsonSerializable(typeof(UpdateFirmwareRequest))]
[JsonSerializable(typeof(UpdateFirmwareResponse))]
[JsonSerializable(typeof(GetLocalListVersionRequest))]
[JsonSerializable(typeof(GetLocalListVersionResponse))]
[JsonSerializable(typeof(SendLocalListRequest))]
[JsonSerializable(typeof(SendLocalListResponse))]
[JsonSerializable(typeof(TriggerMessageRequest))]
[JsonSerializable(typeof(TriggerMessageResponse))]
[JsonSerializable(typeof(CancelReservationRequest))]
[JsonSerializable(typeof(CancelReservationResponse))]
[JsonSerializable(typeof(ReserveNowRequest))]
[JsonSerializable(typeof(ReserveNowResponse))]
[JsonSerializable(typeof(ClearChargingProfileRequest))]
[JsonSerializable(typeof(ClearChargingProfileResponse))]
[JsonSerializable(typeof(GetCompositeScheduleRequest))]
[JsonSerializable(typeof(GetCompositeScheduleResponse))]
[JsonSerializable(typeof(SetChargingProfileRequest))]
[JsonSerializable(typeof(SetChargingProfileResponse))]
internal sealed partial class V16Json : JsonSerializerContext;
