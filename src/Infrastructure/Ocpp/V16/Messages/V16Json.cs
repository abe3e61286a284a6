using System.Text.Json.Serialization;
using OcppLab.Infrastructure.Ocpp.Protocol;

namespace OcppLab.Infrastructure.Ocpp.V16.Messages;

/// <summary>
/// The 1.6 payload records, bound by source-generated code (no reflection at run time): camelCase names,
/// absent values not written (OCPP has optional fields, not nulls), closed enumerations by name, integers
/// and timestamps read as leniently as the schemas allow (<see cref="OcppIntegerConverter"/>, <see cref="OcppTimestampConverter"/>).
/// Each handler's request and response, by feature profile; then the messages the charge point sends itself.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true, Converters = [typeof(OcppIntegerConverter), typeof(OcppTimestampConverter)])]
// Core profile (1.6 §5)
[JsonSerializable(typeof(Core.ChangeAvailabilityRequest))]
[JsonSerializable(typeof(Core.ChangeAvailabilityResponse))]
[JsonSerializable(typeof(Core.ChangeConfigurationRequest))]
[JsonSerializable(typeof(Core.ChangeConfigurationResponse))]
[JsonSerializable(typeof(Core.ClearCacheRequest))]
[JsonSerializable(typeof(Core.ClearCacheResponse))]
[JsonSerializable(typeof(Core.DataTransferRequest))]
[JsonSerializable(typeof(Core.DataTransferResponse))]
[JsonSerializable(typeof(Core.GetConfigurationRequest))]
[JsonSerializable(typeof(Core.GetConfigurationResponse))]
[JsonSerializable(typeof(Core.RemoteStartTransactionRequest))]
[JsonSerializable(typeof(Core.RemoteStartTransactionResponse))]
[JsonSerializable(typeof(Core.RemoteStopTransactionRequest))]
[JsonSerializable(typeof(Core.RemoteStopTransactionResponse))]
[JsonSerializable(typeof(Core.ResetRequest))]
[JsonSerializable(typeof(Core.ResetResponse))]
[JsonSerializable(typeof(Core.UnlockConnectorRequest))]
[JsonSerializable(typeof(Core.UnlockConnectorResponse))]
// Firmware Management
[JsonSerializable(typeof(Firmware.GetDiagnosticsRequest))]
[JsonSerializable(typeof(Firmware.GetDiagnosticsResponse))]
[JsonSerializable(typeof(Firmware.UpdateFirmwareRequest))]
[JsonSerializable(typeof(Firmware.UpdateFirmwareResponse))]
// Local Auth List Management
[JsonSerializable(typeof(LocalAuthList.GetLocalListVersionRequest))]
[JsonSerializable(typeof(LocalAuthList.GetLocalListVersionResponse))]
[JsonSerializable(typeof(LocalAuthList.SendLocalListRequest))]
[JsonSerializable(typeof(LocalAuthList.SendLocalListResponse))]
// Remote Trigger
[JsonSerializable(typeof(RemoteTrigger.TriggerMessageRequest))]
[JsonSerializable(typeof(RemoteTrigger.TriggerMessageResponse))]
// Reservation
[JsonSerializable(typeof(Reservation.CancelReservationRequest))]
[JsonSerializable(typeof(Reservation.CancelReservationResponse))]
[JsonSerializable(typeof(Reservation.ReserveNowRequest))]
[JsonSerializable(typeof(Reservation.ReserveNowResponse))]
// Smart Charging
[JsonSerializable(typeof(SmartCharging.ClearChargingProfileRequest))]
[JsonSerializable(typeof(SmartCharging.ClearChargingProfileResponse))]
[JsonSerializable(typeof(SmartCharging.GetCompositeScheduleRequest))]
[JsonSerializable(typeof(SmartCharging.GetCompositeScheduleResponse))]
[JsonSerializable(typeof(SmartCharging.SetChargingProfileRequest))]
[JsonSerializable(typeof(SmartCharging.SetChargingProfileResponse))]
// Sent by the charge point (1.6 §4, §6) and the answers it reads
[JsonSerializable(typeof(Messages.AuthorizeRequest))]
[JsonSerializable(typeof(Messages.AuthorizeResponse))]
[JsonSerializable(typeof(Messages.BootNotificationRequest))]
[JsonSerializable(typeof(Messages.BootNotificationResponse))]
[JsonSerializable(typeof(Messages.DiagnosticsStatusNotificationRequest))]
[JsonSerializable(typeof(Messages.FirmwareStatusNotificationRequest))]
[JsonSerializable(typeof(Messages.HeartbeatRequest))]
[JsonSerializable(typeof(Messages.MeterValuesRequest))]
[JsonSerializable(typeof(Messages.StartTransactionRequest))]
[JsonSerializable(typeof(Messages.StartTransactionResponse))]
[JsonSerializable(typeof(Messages.StatusNotificationRequest))]
[JsonSerializable(typeof(Messages.StopTransactionRequest))]
[JsonSerializable(typeof(Messages.StopTransactionResponse))]
internal sealed partial class V16Json : JsonSerializerContext;
