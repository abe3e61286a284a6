using System.Text.Json.Nodes;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Ocpp.Schemas;

namespace OcppLab.UnitTests.Ocpp.Schemas;

/// <summary>Every action of the protocol reference (§3) has both schemas embedded, and nothing else is.</summary>
public sealed class OcppSchemaCoverageTests
{
    // OCPP 1.6 edition 2 §3.3: the six feature profiles (28 actions, DataTransfer counted once).
    private static readonly string[] V16Profiles =
    [
        "Authorize", "BootNotification", "DataTransfer", "Heartbeat", "MeterValues", "StartTransaction", "StatusNotification", "StopTransaction",
        "ChangeAvailability", "ChangeConfiguration", "ClearCache", "GetConfiguration", "RemoteStartTransaction", "RemoteStopTransaction", "Reset", "UnlockConnector",
        "DiagnosticsStatusNotification", "FirmwareStatusNotification", "GetDiagnostics", "UpdateFirmware",
        "GetLocalListVersion", "SendLocalList",
        "ReserveNow", "CancelReservation",
        "SetChargingProfile", "ClearChargingProfile", "GetCompositeSchedule",
        "TriggerMessage",
    ];

    // OCPP 1.6 security whitepaper edition 3: 11 more.
    private static readonly string[] V16Security =
    [
        "SecurityEventNotification", "SignCertificate", "LogStatusNotification", "SignedFirmwareStatusNotification",
        "CertificateSigned", "DeleteCertificate", "ExtendedTriggerMessage", "GetInstalledCertificateIds", "GetLog", "InstallCertificate", "SignedUpdateFirmware",
    ];

    // OCPP 2.0.1 Part 2, functional blocks A–P: 64 actions.
    private static readonly string[] V201Actions =
    [
        "SecurityEventNotification", "SignCertificate", "CertificateSigned",
        "BootNotification", "NotifyReport", "GetBaseReport", "GetReport", "GetVariables", "SetVariables", "SetNetworkProfile", "Reset",
        "Authorize", "ClearCache",
        "GetLocalListVersion", "SendLocalList",
        "TransactionEvent", "GetTransactionStatus",
        "RequestStartTransaction", "RequestStopTransaction", "TriggerMessage", "UnlockConnector",
        "StatusNotification", "Heartbeat", "ChangeAvailability",
        "ReservationStatusUpdate", "ReserveNow", "CancelReservation",
        "CostUpdated",
        "MeterValues",
        "NotifyChargingLimit", "ClearedChargingLimit", "NotifyEVChargingNeeds", "NotifyEVChargingSchedule", "ReportChargingProfiles",
        "SetChargingProfile", "GetChargingProfiles", "ClearChargingProfile", "GetCompositeSchedule",
        "FirmwareStatusNotification", "PublishFirmwareStatusNotification", "UpdateFirmware", "PublishFirmware", "UnpublishFirmware",
        "Get15118EVCertificate", "GetCertificateStatus", "GetInstalledCertificateIds", "InstallCertificate", "DeleteCertificate",
        "LogStatusNotification", "NotifyEvent", "NotifyMonitoringReport", "NotifyCustomerInformation",
        "GetLog", "SetMonitoringBase", "SetMonitoringLevel", "SetVariableMonitoring", "ClearVariableMonitoring", "GetMonitoringReport", "CustomerInformation",
        "NotifyDisplayMessages", "SetDisplayMessage", "GetDisplayMessages", "ClearDisplayMessage",
        "DataTransfer",
    ];

    private static readonly OcppSchemaValidator Validator = OcppSchemaValidator.Shared;

    [Test]
    public void The_reference_lists_have_the_documented_sizes()
    {
        Assert.Multiple(() =>
        {
            Assert.That(V16Profiles, Has.Length.EqualTo(28).And.Unique);
            Assert.That(V16Security, Has.Length.EqualTo(11).And.Unique);
            Assert.That(V201Actions, Has.Length.EqualTo(64).And.Unique);
        });
    }

    [Test]
    public void V16_has_exactly_the_28_profile_and_11_security_actions() =>
        Assert.That(Validator.Actions(OcppVersion.V16), Is.EquivalentTo(V16Profiles.Concat(V16Security)));

    [Test]
    public void V201_has_exactly_the_64_actions() =>
        Assert.That(Validator.Actions(OcppVersion.V201), Is.EquivalentTo(V201Actions));

    [Test]
    public void Actions_are_sorted_ordinally() =>
        Assert.That(Validator.Actions(OcppVersion.V201), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));

    private static IEnumerable<TestCaseData> EveryMessage() =>
        V16Profiles.Concat(V16Security).Select(a => (OcppVersion.V16, a))
            .Concat(V201Actions.Select(a => (OcppVersion.V201, a)))
            .SelectMany(x => new[] { OcppMessageKind.Request, OcppMessageKind.Response }
                .Select(kind => new TestCaseData(x.Item1, x.Item2, kind).SetName($"{x.Item1} {x.Item2} {kind} schema loads")));

    [TestCaseSource(nameof(EveryMessage))]
    public void Every_schema_compiles_and_rejects_an_unknown_field(OcppVersion version, string action, OcppMessageKind kind)
    {
        Assert.That(Validator.HasAction(version, action), Is.True);
        // Every OCPP payload object is closed (additionalProperties: false), so this both compiles the schema and
        // proves it is actually evaluated.
        var result = Validator.Validate(version, action, kind, JsonNode.Parse("""{"zzUnknownField":1}"""));
        Assert.That(result.Errors, Has.Some.Matches<SchemaValidationError>(e => e.Path == "/zzUnknownField" && e.Keyword == "additionalProperties"), result.ToString());
    }
}
