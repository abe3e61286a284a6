using System.Text.Json.Serialization;
using OcppLab.Infrastructure.Ocpp.Protocol;

namespace OcppLab.Infrastructure.Ocpp.V201.Messages;

/// <summary>The 2.0.1 payload records, with the options of <see cref="V16.Messages.V16Json"/>; each handler's request and response by functional block, then the messages the station sends itself.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true, Converters = [typeof(OcppIntegerConverter), typeof(OcppTimestampConverter)])]
// B Provisioning
[JsonSerializable(typeof(Provisioning.GetBaseReportRequest))]
[JsonSerializable(typeof(Provisioning.GetBaseReportResponse))]
[JsonSerializable(typeof(Provisioning.GetReportRequest))]
[JsonSerializable(typeof(Provisioning.GetReportResponse))]
[JsonSerializable(typeof(Provisioning.GetVariablesRequest))]
[JsonSerializable(typeof(Provisioning.GetVariablesResponse))]
[JsonSerializable(typeof(Provisioning.ResetRequest))]
[JsonSerializable(typeof(Provisioning.ResetResponse))]
[JsonSerializable(typeof(Provisioning.SetVariablesRequest))]
[JsonSerializable(typeof(Provisioning.SetVariablesResponse))]
// C Authorization
[JsonSerializable(typeof(Authorization.ClearCacheRequest))]
[JsonSerializable(typeof(Authorization.ClearCacheResponse))]
// D Local Authorization List
[JsonSerializable(typeof(LocalAuthorizationList.GetLocalListVersionRequest))]
[JsonSerializable(typeof(LocalAuthorizationList.GetLocalListVersionResponse))]
[JsonSerializable(typeof(LocalAuthorizationList.SendLocalListRequest))]
[JsonSerializable(typeof(LocalAuthorizationList.SendLocalListResponse))]
// E Transactions
[JsonSerializable(typeof(Transactions.GetTransactionStatusRequest))]
[JsonSerializable(typeof(Transactions.GetTransactionStatusResponse))]
// F Remote Control
[JsonSerializable(typeof(RemoteControl.RequestStartTransactionRequest))]
[JsonSerializable(typeof(RemoteControl.RequestStartTransactionResponse))]
[JsonSerializable(typeof(RemoteControl.RequestStopTransactionRequest))]
[JsonSerializable(typeof(RemoteControl.RequestStopTransactionResponse))]
[JsonSerializable(typeof(RemoteControl.TriggerMessageRequest))]
[JsonSerializable(typeof(RemoteControl.TriggerMessageResponse))]
[JsonSerializable(typeof(RemoteControl.UnlockConnectorRequest))]
[JsonSerializable(typeof(RemoteControl.UnlockConnectorResponse))]
// G Availability
[JsonSerializable(typeof(Availability.ChangeAvailabilityRequest))]
[JsonSerializable(typeof(Availability.ChangeAvailabilityResponse))]
// H Reservation
[JsonSerializable(typeof(Reservation.CancelReservationRequest))]
[JsonSerializable(typeof(Reservation.CancelReservationResponse))]
[JsonSerializable(typeof(Reservation.ReserveNowRequest))]
[JsonSerializable(typeof(Reservation.ReserveNowResponse))]
// K Smart Charging
[JsonSerializable(typeof(SmartCharging.ClearChargingProfileRequest))]
[JsonSerializable(typeof(SmartCharging.ClearChargingProfileResponse))]
[JsonSerializable(typeof(SmartCharging.GetChargingProfilesRequest))]
[JsonSerializable(typeof(SmartCharging.GetChargingProfilesResponse))]
[JsonSerializable(typeof(SmartCharging.ReportChargingProfilesRequest))]
[JsonSerializable(typeof(SmartCharging.GetCompositeScheduleRequest))]
[JsonSerializable(typeof(SmartCharging.GetCompositeScheduleResponse))]
[JsonSerializable(typeof(SmartCharging.SetChargingProfileRequest))]
[JsonSerializable(typeof(SmartCharging.SetChargingProfileResponse))]
// L Firmware Management
[JsonSerializable(typeof(FirmwareManagement.UpdateFirmwareRequest))]
[JsonSerializable(typeof(FirmwareManagement.UpdateFirmwareResponse))]
// N Diagnostics
[JsonSerializable(typeof(Diagnostics.GetLogRequest))]
[JsonSerializable(typeof(Diagnostics.GetLogResponse))]
// P DataTransfer
[JsonSerializable(typeof(Vendor.DataTransferRequest))]
[JsonSerializable(typeof(Vendor.DataTransferResponse))]
// Sent by the charging station and the answers it reads
[JsonSerializable(typeof(Messages.AuthorizeRequest))]
[JsonSerializable(typeof(Messages.AuthorizeResponse))]
[JsonSerializable(typeof(Messages.BootNotificationRequest))]
[JsonSerializable(typeof(Messages.BootNotificationResponse))]
[JsonSerializable(typeof(Messages.FirmwareStatusNotificationRequest))]
[JsonSerializable(typeof(Messages.HeartbeatRequest))]
[JsonSerializable(typeof(Messages.LogStatusNotificationRequest))]
[JsonSerializable(typeof(Messages.MeterValuesRequest))]
[JsonSerializable(typeof(Messages.NotifyReportRequest))]
[JsonSerializable(typeof(Messages.ReservationStatusUpdateRequest))]
[JsonSerializable(typeof(Messages.StatusNotificationRequest))]
[JsonSerializable(typeof(Messages.TransactionEventRequest))]
[JsonSerializable(typeof(Messages.TransactionEventResponse))]
internal sealed partial class V201Json : JsonSerializerContext;
