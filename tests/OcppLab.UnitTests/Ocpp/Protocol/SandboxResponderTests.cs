using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Ocpp.Sandbox;
using OcppLab.Infrastructure.Ocpp.Schemas;

namespace OcppLab.UnitTests.Ocpp.Protocol;

/// <summary>The built-in CSMS answers every charge-point-initiated action of both versions with a schema-valid result.</summary>
public sealed class SandboxResponderTests
{
    // Protocol reference §3.1 (1.6 profiles and the security whitepaper) and §3.2 (2.0.1 blocks A–P): CSMS → CP.
    private static readonly HashSet<string> V16CsmsInitiated = new(StringComparer.Ordinal)
    {
        "ChangeAvailability", "ChangeConfiguration", "ClearCache", "GetConfiguration", "RemoteStartTransaction", "RemoteStopTransaction",
        "Reset", "UnlockConnector", "GetDiagnostics", "UpdateFirmware", "GetLocalListVersion", "SendLocalList", "ReserveNow",
        "CancelReservation", "SetChargingProfile", "ClearChargingProfile", "GetCompositeSchedule", "TriggerMessage",
        "CertificateSigned", "DeleteCertificate", "ExtendedTriggerMessage", "GetInstalledCertificateIds", "GetLog", "InstallCertificate",
        "SignedUpdateFirmware",
    };

    private static readonly HashSet<string> V201CsmsInitiated = new(StringComparer.Ordinal)
    {
        "CertificateSigned", "GetBaseReport", "GetReport", "GetVariables", "SetVariables", "SetNetworkProfile", "Reset", "ClearCache",
        "GetLocalListVersion", "SendLocalList", "GetTransactionStatus", "RequestStartTransaction", "RequestStopTransaction",
        "TriggerMessage", "UnlockConnector", "ChangeAvailability", "ReserveNow", "CancelReservation", "CostUpdated",
        "SetChargingProfile", "GetChargingProfiles", "ClearChargingProfile", "GetCompositeSchedule", "UpdateFirmware", "PublishFirmware",
        "UnpublishFirmware", "GetInstalledCertificateIds", "InstallCertificate", "DeleteCertificate", "GetLog", "SetMonitoringBase",
        "SetMonitoringLevel", "SetVariableMonitoring", "ClearVariableMonitoring", "GetMonitoringReport", "CustomerInformation",
        "SetDisplayMessage", "GetDisplayMessages", "ClearDisplayMessage",
    };

    private static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private static IEnumerable<TestCaseData> ChargePointInitiated() =>
        new[] { (OcppVersion.V16, V16CsmsInitiated), (OcppVersion.V201, V201CsmsInitiated) }
            .SelectMany(v => OcppSchemaValidator.Shared.Actions(v.Item1).Where(a => !v.Item2.Contains(a)).Select(a => new TestCaseData(v.Item1, a).SetArgDisplayNames(v.Item1.ToString(), a)));

    private static IEnumerable<TestCaseData> CsmsInitiatedOnly() =>
        V16CsmsInitiated.Select(a => new TestCaseData(OcppVersion.V16, a).SetArgDisplayNames("V16", a))
            .Concat(V201CsmsInitiated.Select(a => new TestCaseData(OcppVersion.V201, a).SetArgDisplayNames("V201", a)));

    [Test]
    public void The_charge_point_initiated_lists_have_the_reference_sizes()
    {
        Assert.Multiple(() =>
        {
            // 1.6: 10 CP → CS actions of the profiles (DataTransfer included) + 4 of the whitepaper; 2.0.1: 25 (DataTransfer included).
            Assert.That(OcppSchemaValidator.Shared.Actions(OcppVersion.V16).Count(a => !V16CsmsInitiated.Contains(a)), Is.EqualTo(14));
            Assert.That(OcppSchemaValidator.Shared.Actions(OcppVersion.V201).Count(a => !V201CsmsInitiated.Contains(a)), Is.EqualTo(25));
            Assert.That(V16CsmsInitiated.Concat(V201CsmsInitiated).Where(a => !OcppSchemaValidator.Shared.HasAction(OcppVersion.V16, a) && !OcppSchemaValidator.Shared.HasAction(OcppVersion.V201, a)), Is.Empty);
        });
    }

    [TestCaseSource(nameof(ChargePointInitiated))]
    public void Every_charge_point_initiated_action_gets_a_schema_valid_result(OcppVersion version, string action)
    {
        var responder = new SandboxResponder(new FakeTimeProvider(Now), 300);

        var result = responder.Answer(version, action, []);

        Assert.That(result, Is.Not.Null, $"{action} is not answered");
        var check = OcppSchemaValidator.Shared.Validate(version, action, OcppMessageKind.Response, result);
        Assert.That(check.IsValid, Is.True, $"{action}: {check} in {result!.ToJsonString()}");
    }

    [Test]
    public void TransactionEvent_is_answered_with_idTokenInfo_only_when_an_idToken_was_sent()
    {
        var responder = new SandboxResponder(new FakeTimeProvider(Now), 300);

        var withToken = responder.Answer(OcppVersion.V201, "TransactionEvent", Json.Of("""{"idToken":{"idToken":"A","type":"ISO14443"}}"""))!;
        var without = responder.Answer(OcppVersion.V201, "TransactionEvent", [])!;

        Assert.Multiple(() =>
        {
            Assert.That(withToken["idTokenInfo"].Str("status"), Is.EqualTo("Accepted"));
            Assert.That(without, Is.Empty);
            Assert.That(OcppSchemaValidator.Shared.Validate(OcppVersion.V201, "TransactionEvent", OcppMessageKind.Response, withToken).IsValid, Is.True);
        });
    }

    [TestCase(OcppVersion.V16)]
    [TestCase(OcppVersion.V201)]
    public void BootNotification_is_Accepted_with_the_configured_interval_and_the_current_time(OcppVersion version)
    {
        var time = new FakeTimeProvider(Now.AddMilliseconds(123.4567));
        var responder = new SandboxResponder(time, 45);

        var boot = responder.Answer(version, "BootNotification", [])!;
        var heartbeat = responder.Answer(version, "Heartbeat", [])!;

        Assert.Multiple(() =>
        {
            Assert.That(boot.Str("status"), Is.EqualTo("Accepted"));
            Assert.That(boot.Int("interval"), Is.EqualTo(45));
            Assert.That(boot.Str("currentTime"), Is.EqualTo("2026-03-02T08:00:00.123Z"));
            Assert.That(heartbeat.Str("currentTime"), Is.EqualTo("2026-03-02T08:00:00.123Z"));
        });
    }

    [Test]
    public void StartTransaction_gets_a_new_transaction_id_each_time()
    {
        var responder = new SandboxResponder(new FakeTimeProvider(Now), 300);

        var ids = Enumerable.Range(0, 3).Select(_ => responder.Answer(OcppVersion.V16, "StartTransaction", [])!.Int("transactionId")).ToList();

        Assert.That(ids, Is.EqualTo(new int?[] { 1, 2, 3 }));
    }

    [TestCaseSource(nameof(CsmsInitiatedOnly))]
    public void A_CSMS_initiated_action_is_not_answered(OcppVersion version, string action)
    {
        var responder = new SandboxResponder(new FakeTimeProvider(Now), 300);

        Assert.That(responder.Answer(version, action, []), Is.Null);
    }

    [TestCase(OcppVersion.V16)]
    [TestCase(OcppVersion.V201)]
    public void An_unknown_action_is_not_answered(OcppVersion version)
    {
        var responder = new SandboxResponder(new FakeTimeProvider(Now), 300);

        Assert.Multiple(() =>
        {
            Assert.That(responder.Answer(version, "FluxCapacitorNotification", new JsonObject()), Is.Null);
            Assert.That(responder.Answer(version, "bootnotification", new JsonObject()), Is.Null, "actions are case-sensitive");
        });
    }
}
