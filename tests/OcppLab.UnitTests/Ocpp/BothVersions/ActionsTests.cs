using static OcppLab.UnitTests.Ocpp.Station;

namespace OcppLab.UnitTests.Ocpp.BothVersions;

/// <summary>What each version's charger implements (NotSupported for the rest), and DataTransfer (1.6 §5.6, 2.0.1 P01/P02).</summary>
public sealed class ActionsTests
{
    private static IEnumerable<TestCaseData> ImplementedActions() =>
    [
        // 1.6: the six feature profiles (Core, FirmwareManagement, LocalAuthListManagement, Reservation, SmartCharging, RemoteTrigger).
        new TestCaseData(
            OcppVersion.V16,
            new[]
            {
                "ChangeAvailability", "ChangeConfiguration", "ClearCache", "DataTransfer", "GetConfiguration", "RemoteStartTransaction",
                "RemoteStopTransaction", "Reset", "UnlockConnector", "GetDiagnostics", "UpdateFirmware", "GetLocalListVersion", "SendLocalList",
                "ReserveNow", "CancelReservation", "SetChargingProfile", "ClearChargingProfile", "GetCompositeSchedule", "TriggerMessage",
            },
            new[] { "GetLog", "BootNotification" },
            "ExtendedTriggerMessage",
            """{"requestedMessage":"Heartbeat"}""").SetName("The_implemented_actions_are_the_six_feature_profiles_and_the_rest_NotSupported(V16)"),
        new TestCaseData(
            OcppVersion.V201,
            new[]
            {
                "GetVariables", "SetVariables", "GetBaseReport", "GetReport", "Reset", "ClearCache", "GetLocalListVersion", "SendLocalList",
                "GetTransactionStatus", "RequestStartTransaction", "RequestStopTransaction", "TriggerMessage", "UnlockConnector", "ChangeAvailability",
                "ReserveNow", "CancelReservation", "SetChargingProfile", "GetChargingProfiles", "ClearChargingProfile", "GetCompositeSchedule",
                "UpdateFirmware", "GetLog", "DataTransfer",
            },
            new[] { "SetNetworkProfile", "CostUpdated", "BootNotification" },
            "CostUpdated",
            """{"totalCost":1.5,"transactionId":"x"}""").SetName("The_implemented_actions_are_handled_and_the_rest_NotSupported(V201)"),
    ];

    /// <param name="notHandled">Actions of the version the charger does not take from the CSMS (BootNotification: charger-initiated).</param>
    [TestCaseSource(nameof(ImplementedActions))]
    public void The_implemented_actions_are_handled_and_the_rest_NotSupported(OcppVersion version, string[] implemented, string[] notHandled, string unsupported, string unsupportedPayload)
    {
        var session = Session(version);

        Assert.Multiple(() =>
        {
            Assert.That(implemented.Where(a => !session.Protocol.Handles(a)), Is.Empty);
            Assert.That(notHandled.Where(session.Protocol.Handles), Is.Empty);
            Assert.That(session.Protocol.Handle(unsupported, Payloads.Of(unsupportedPayload)).ErrorCode, Is.EqualTo(OcppErrorCodes.NotSupported));
        });
    }

    /// <summary>1.6 data is a string, 2.0.1 data any JSON: the simulator vendor's answer echoes it.</summary>
    [TestCase(OcppVersion.V16, """{"vendorId":"OcppLab","messageId":"ping","data":"hello"}""", "\"hello\"")]
    [TestCase(OcppVersion.V201, """{"vendorId":"OcppLab","data":{"ping":1}}""", """{"ping":1}""")]
    public void DataTransfer_echoes_for_the_simulator_vendor_and_refuses_other_vendors(OcppVersion version, string ours, string echoed)
    {
        var session = Session(version);

        var accepted = session.Receive("DataTransfer", Payloads.Of(ours));
        var theirs = session.Receive("DataTransfer", Payloads.Of("""{"vendorId":"Acme"}"""));

        Assert.Multiple(() =>
        {
            Assert.That(Status(accepted), Is.EqualTo("Accepted"));
            Assert.That(accepted.Result!["data"]!.ToJsonString(), Is.EqualTo(echoed));
            Assert.That(Status(theirs), Is.EqualTo("UnknownVendorId"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }
}
