using OcppLab.Domain.Common;

namespace OcppLab.Infrastructure.Ocpp.Schemas;

/// <summary>
/// The actions a charge point initiates (1.6 edition 2 §3.3 with the security whitepaper; 2.0.1 Part 2).
/// The schema catalog holds both directions; only these may be sent CP→CSMS.
/// </summary>
public static class ChargePointActions
{
    private static readonly HashSet<string> V16 = new(StringComparer.Ordinal)
    {
        "Authorize", "BootNotification", "DataTransfer", "Heartbeat", "MeterValues", "StartTransaction", "StatusNotification",
        "StopTransaction", "DiagnosticsStatusNotification", "FirmwareStatusNotification", "SecurityEventNotification",
        "SignCertificate", "LogStatusNotification", "SignedFirmwareStatusNotification",
    };

    private static readonly HashSet<string> V201 = new(StringComparer.Ordinal)
    {
        "SecurityEventNotification", "SignCertificate", "BootNotification", "NotifyReport", "Authorize", "TransactionEvent",
        "StatusNotification", "Heartbeat", "ReservationStatusUpdate", "MeterValues", "NotifyChargingLimit", "ClearedChargingLimit",
        "NotifyEVChargingNeeds", "NotifyEVChargingSchedule", "ReportChargingProfiles", "FirmwareStatusNotification",
        "PublishFirmwareStatusNotification", "Get15118EVCertificate", "GetCertificateStatus", "LogStatusNotification", "NotifyEvent",
        "NotifyMonitoringReport", "NotifyCustomerInformation", "NotifyDisplayMessages", "DataTransfer",
    };

    public static bool Contains(OcppVersion version, string action) => (version == OcppVersion.V16 ? V16 : V201).Contains(action);
}
