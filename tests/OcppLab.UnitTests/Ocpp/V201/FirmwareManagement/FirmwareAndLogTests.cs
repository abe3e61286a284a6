using static OcppLab.UnitTests.Ocpp.Station;
using static OcppLab.UnitTests.Ocpp.V201.V201Station;

namespace OcppLab.UnitTests.Ocpp.V201.FirmwareManagement;

/// <summary>OCPP 2.0.1 L/N: UpdateFirmware and GetLog.</summary>
public sealed class FirmwareAndLogTests
{
    [Test]
    public void UpdateFirmware_walks_the_status_sequence_with_the_request_id_and_reboots()
    {
        var session = Session();

        var reply = session.Receive("UpdateFirmware", Payloads.Of("""{"requestId":12,"firmware":{"location":"https://fw.example.com/v2.bin","retrieveDateTime":"2026-03-02T08:05:00Z"}}"""));
        Assert.That(Status(reply), Is.EqualTo("Accepted"));

        session.Pass(TimeSpan.FromMinutes(4));
        Assert.That(session.Outbox, Is.Empty);
        session.Pass(TimeSpan.FromMinutes(2));
        var sent = session.Deliver().Where(s => s.Action == "FirmwareStatusNotification").ToList();

        Assert.Multiple(() =>
        {
            Assert.That(sent.Select(s => s.Payload.Str("status")), Is.EqualTo(new[] { "Downloading", "Downloaded", "Installing", "Installed" }));
            Assert.That(sent.Select(s => s.Payload.Int("requestId")), Is.All.EqualTo(12));
            Assert.That(session.Reboots.Single(), Is.EqualTo((StopReason.Reboot, "FirmwareUpdate")));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });

        session.Receive("TriggerMessage", Payloads.Of("""{"requestedMessage":"FirmwareStatusNotification"}"""));
        var triggered = session.Deliver().Single().Payload;
        Assert.Multiple(() =>
        {
            Assert.That(triggered.Str("status"), Is.EqualTo("Installed"));
            Assert.That(triggered.Int("requestId"), Is.EqualTo(12));
        });
    }

    [TestCase("DiagnosticsLog", "diagnostics-CP-1-20260302080000.log")]
    [TestCase("SecurityLog", "security-CP-1-20260302080000.log")]
    public void GetLog_names_the_file_then_reports_Uploading_and_Uploaded(string logType, string fileName)
    {
        var session = Session();

        var reply = session.Receive("GetLog", new JsonObject
        {
            ["log"] = new JsonObject { ["remoteLocation"] = "https://logs.example.com/upload" },
            ["logType"] = logType,
            ["requestId"] = 5,
        });
        session.Pass(TimeSpan.FromSeconds(2));
        var sent = session.Deliver();

        Assert.Multiple(() =>
        {
            Assert.That(Status(reply), Is.EqualTo("Accepted"));
            Assert.That(reply.Result.Str("filename"), Is.EqualTo(fileName));
            Assert.That(sent.Select(s => s.Payload.Str("status")), Is.EqualTo(new[] { "Uploading", "Uploaded" }));
            Assert.That(sent.Select(s => s.Payload.Int("requestId")), Is.All.EqualTo(5));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });

        session.Receive("TriggerMessage", Payloads.Of("""{"requestedMessage":"LogStatusNotification"}"""));
        Assert.That(session.Deliver().Single().Payload.Str("status"), Is.EqualTo("Uploaded"));
    }
}
