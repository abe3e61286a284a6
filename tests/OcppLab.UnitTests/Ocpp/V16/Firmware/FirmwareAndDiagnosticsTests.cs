using static OcppLab.UnitTests.Ocpp.Station;
using static OcppLab.UnitTests.Ocpp.V16.V16Station;

namespace OcppLab.UnitTests.Ocpp.V16.Firmware;

/// <summary>OCPP 1.6 FirmwareManagement: UpdateFirmware and GetDiagnostics.</summary>
public sealed class FirmwareAndDiagnosticsTests
{
    [Test]
    public void UpdateFirmware_walks_the_status_sequence_from_the_retrieve_date_and_reboots()
    {
        var session = Session();

        var reply = session.Receive("UpdateFirmware", Payloads.Of("""{"location":"https://fw.example.com/v2.bin","retrieveDate":"2026-03-02T08:10:00Z"}"""));
        Assert.That(reply.Result, Is.Empty);

        session.Pass(TimeSpan.FromMinutes(9));
        Assert.That(session.Outbox, Is.Empty, "not before the retrieve date");

        session.Pass(TimeSpan.FromMinutes(1));
        Assert.That(session.Deliver().Select(s => s.Payload.Str("status")), Is.EqualTo(new[] { "Downloading" }));

        session.Pass(TimeSpan.FromSeconds(10));
        var statuses = session.Deliver().Where(s => s.Action == "FirmwareStatusNotification").Select(s => s.Payload.Str("status"));

        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.EqualTo(new[] { "Downloaded", "Installing", "Installed" }));
            Assert.That(session.Reboots.Single(), Is.EqualTo((StopReason.Reboot, "FirmwareUpdate")));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });

        session.Receive("TriggerMessage", Payloads.Of("""{"requestedMessage":"FirmwareStatusNotification"}"""));
        Assert.That(session.Deliver().Single().Payload.Str("status"), Is.EqualTo("Installed"));
    }

    [Test]
    public void UpdateFirmware_from_a_location_that_is_no_absolute_uri_fails_the_download()
    {
        var session = Session();

        // The schema's "uri" format is not checked by every CSMS; the charge point must cope on its own.
        session.Protocol.Handle("UpdateFirmware", Payloads.Of("""{"location":"not a uri","retrieveDate":"2026-03-02T08:00:00Z"}"""));
        session.Pass(TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That(session.Deliver().Select(s => s.Payload.Str("status")), Is.EqualTo(new[] { "Downloading", "DownloadFailed" }));
            Assert.That(session.Reboots, Is.Empty);
        });
    }

    [Test]
    public void GetDiagnostics_names_the_file_then_reports_Uploading_and_Uploaded()
    {
        var session = Session();

        var reply = session.Receive("GetDiagnostics", Payloads.Of("""{"location":"ftp://logs.example.com/"}"""));
        Assert.That(reply.Result.Str("fileName"), Is.EqualTo("diagnostics-CP-1-20260302080000.log"));

        session.Pass(TimeSpan.FromSeconds(1));
        Assert.That(session.Deliver().Select(s => s.Payload.Str("status")), Is.EqualTo(new[] { "Uploading" }));
        session.Pass(TimeSpan.FromSeconds(1));
        Assert.That(session.Deliver().Select(s => s.Payload.Str("status")), Is.EqualTo(new[] { "Uploaded" }));

        session.Receive("TriggerMessage", Payloads.Of("""{"requestedMessage":"DiagnosticsStatusNotification"}"""));
        Assert.Multiple(() =>
        {
            Assert.That(session.Deliver().Single().Payload.Str("status"), Is.EqualTo("Uploaded"));
            Assert.That(session.SchemaViolations(), Is.Empty);
        });
    }
}
