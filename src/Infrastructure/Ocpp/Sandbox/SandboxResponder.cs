using System.Globalization;
using System.Text.Json.Nodes;
using OcppLab.Domain.Common;

namespace OcppLab.Infrastructure.Ocpp.Sandbox;

/// <summary>
/// The sandbox CSMS's answers: every charge-point-initiated action of both versions gets a
/// schema-valid result that accepts what the charger says. Unknown actions return null (NotImplemented).
/// </summary>
public sealed class SandboxResponder(TimeProvider time, int heartbeatInterval)
{
    private int _transactionId;

    public JsonObject? Answer(OcppVersion version, string action, JsonObject payload) =>
        version == OcppVersion.V16 ? Answer16(action) : Answer201(action, payload);

    private string Now => time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private JsonObject? Answer16(string action) => action switch
    {
        "BootNotification" => new JsonObject { ["status"] = "Accepted", ["currentTime"] = Now, ["interval"] = heartbeatInterval },
        "Heartbeat" => new JsonObject { ["currentTime"] = Now },
        "Authorize" => new JsonObject { ["idTagInfo"] = new JsonObject { ["status"] = "Accepted" } },
        "StartTransaction" => new JsonObject
        {
            ["transactionId"] = Interlocked.Increment(ref _transactionId),
            ["idTagInfo"] = new JsonObject { ["status"] = "Accepted" },
        },
        "StopTransaction" => new JsonObject { ["idTagInfo"] = new JsonObject { ["status"] = "Accepted" } },
        "DataTransfer" => new JsonObject { ["status"] = "Accepted" },
        "SignCertificate" => new JsonObject { ["status"] = "Accepted" },
        "StatusNotification" or "MeterValues" or "FirmwareStatusNotification" or "DiagnosticsStatusNotification"
            or "SecurityEventNotification" or "LogStatusNotification" or "SignedFirmwareStatusNotification" => [],
        _ => null,
    };

    private JsonObject? Answer201(string action, JsonObject payload) => action switch
    {
        "BootNotification" => new JsonObject { ["currentTime"] = Now, ["interval"] = heartbeatInterval, ["status"] = "Accepted" },
        "Heartbeat" => new JsonObject { ["currentTime"] = Now },
        "Authorize" => new JsonObject { ["idTokenInfo"] = new JsonObject { ["status"] = "Accepted" } },
        "TransactionEvent" => payload.ContainsKey("idToken")
            ? new JsonObject { ["idTokenInfo"] = new JsonObject { ["status"] = "Accepted" } }
            : [],
        "DataTransfer" => new JsonObject { ["status"] = "Accepted" },
        "SignCertificate" => new JsonObject { ["status"] = "Accepted" },
        "NotifyEVChargingNeeds" => new JsonObject { ["status"] = "Accepted" },
        "NotifyEVChargingSchedule" => new JsonObject { ["status"] = "Accepted" },
        "Get15118EVCertificate" => new JsonObject { ["status"] = "Failed", ["exiResponse"] = string.Empty },
        "GetCertificateStatus" => new JsonObject { ["status"] = "Failed" },
        "StatusNotification" or "MeterValues" or "NotifyReport" or "FirmwareStatusNotification" or "LogStatusNotification"
            or "SecurityEventNotification" or "NotifyEvent" or "ReservationStatusUpdate" or "ReportChargingProfiles"
            or "NotifyChargingLimit" or "ClearedChargingLimit" or "NotifyMonitoringReport" or "NotifyCustomerInformation"
            or "NotifyDisplayMessages" or "PublishFirmwareStatusNotification" => [],
        _ => null,
    };
}
