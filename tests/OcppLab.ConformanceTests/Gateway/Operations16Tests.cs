using System.Globalization;
using System.Text.Json.Nodes;

namespace OcppLab.ConformanceTests.Gateway;

/// <summary>
/// Every Central-System-initiated OCPP 1.6 operation the runtime implements: a schema-valid
/// CALLRESULT (the strict CSMS checks it) that says what the model did, and the effect that follows.
/// </summary>
public sealed class Operations16Tests : GatewayTest
{
    [Test]
    public async Task GetConfiguration_lists_every_readable_key_or_the_requested_ones_with_unknown_keys()
    {
        var charger = await NewChargerAsync(V16);

        var all = await charger.CallOkAsync("GetConfiguration", new { });
        var keys = all["configurationKey"]!.AsArray().ToDictionary(k => k!["key"]!.GetValue<string>(), k => k!);
        Assert.Multiple(() =>
        {
            Assert.That(keys.Keys, Is.SupersetOf(new[] { "HeartbeatInterval", "MeterValueSampleInterval", "NumberOfConnectors", "SupportedFeatureProfiles", "AuthorizeRemoteTxRequests" }));
            Assert.That(keys.Keys, Does.Not.Contain("AuthorizationKey"), "a write-only key is never read back");
            Assert.That(SimulatedCharger.Text(keys["NumberOfConnectors"], "value"), Is.EqualTo("2"));
            Assert.That(keys["NumberOfConnectors"]["readonly"]!.GetValue<bool>(), Is.True);
            Assert.That(keys["HeartbeatInterval"]["readonly"]!.GetValue<bool>(), Is.False);
            Assert.That(SimulatedCharger.Text(keys["HeartbeatInterval"], "value"), Is.EqualTo("300"), "the interval of the accepted boot");
            Assert.That(all["unknownKey"], Is.Null);
        });

        var some = await charger.CallOkAsync("GetConfiguration", new { key = new[] { "HeartbeatInterval", "NoSuchKey" } });
        Assert.That(some["configurationKey"]!.AsArray().Select(k => k!["key"]!.GetValue<string>()), Is.EqualTo(new[] { "HeartbeatInterval" }));
        Assert.That(some["unknownKey"]!.AsArray().Select(k => k!.GetValue<string>()), Is.EqualTo(new[] { "NoSuchKey" }));
        await AssertNoViolationsAsync();
    }

    [Test]
    public async Task ChangeConfiguration_answers_Accepted_RebootRequired_Rejected_or_NotSupported_and_applies_the_value()
    {
        var charger = await NewChargerAsync(V16);

        await charger.CallExpectingStatusAsync("ChangeConfiguration", new { key = "WebSocketPingInterval", value = "30" }, "RebootRequired");
        await charger.CallExpectingStatusAsync("ChangeConfiguration", new { key = "NoSuchKey", value = "1" }, "NotSupported");
        await charger.CallExpectingStatusAsync("ChangeConfiguration", new { key = "NumberOfConnectors", value = "5" }, "Rejected");
        await charger.CallExpectingStatusAsync("ChangeConfiguration", new { key = "HeartbeatInterval", value = "soon" }, "Rejected");
        await charger.CallExpectingStatusAsync("ChangeConfiguration", new { key = "HeartbeatInterval", value = "1" }, "Accepted");

        var read = await charger.CallOkAsync("GetConfiguration", new { key = new[] { "HeartbeatInterval", "WebSocketPingInterval", "NumberOfConnectors" } });
        var values = read["configurationKey"]!.AsArray().ToDictionary(k => k!["key"]!.GetValue<string>(), k => SimulatedCharger.Text(k, "value"));
        Assert.That(values, Is.EqualTo(new Dictionary<string, string?> { ["HeartbeatInterval"] = "1", ["WebSocketPingInterval"] = "30", ["NumberOfConnectors"] = "2" }));

        // The new interval applies at once: heartbeats about a second apart.
        await charger.AssertHeartbeatsAboutASecondApartAsync();
        await AssertNoViolationsAsync();
    }

    [Test]
    public async Task A_soft_Reset_stops_the_transaction_before_the_reboot_and_boots_again_on_a_new_connection()
    {
        var charger = await NewChargerAsync(V16);
        var transactionId = await charger.StartSessionAsync(1, "TAG-SOFT");

        await charger.CallExpectingStatusAsync("Reset", new { type = "Soft" }, "Accepted");
        var trace = await charger.WaitForAsync(t => t.LastConnection == 2 && charger.IsBooted(t, 2), "a new boot on a second connection");

        var stop = trace.Cp("StopTransaction").Single();
        var boot2 = trace.Cp("BootNotification")[^1];
        Assert.Multiple(() =>
        {
            Assert.That(stop.Int("transactionId")?.ToString(CultureInfo.InvariantCulture), Is.EqualTo(transactionId));
            Assert.That(stop.Str("reason"), Is.EqualTo("SoftReset"));
            Assert.That(stop.Connection, Is.EqualTo(1), "a soft reset stops its transactions gracefully before rebooting (1.6 §5.14)");
            Assert.That(stop.Result, Is.Not.Null);
            Assert.That(boot2.Connection, Is.EqualTo(2));
            Assert.That(trace.CpCalls.First(c => c.Connection == 2).Action, Is.EqualTo("BootNotification"), "a reboot starts with a BootNotification");
        });

        var peer = await charger.PeerStateAsync();
        Assert.That((peer.Connections, peer.MaxOpenConnections), Is.EqualTo((2, 1)), "the same identity, one connection at a time");
        await AssertNoViolationsAsync();
    }

    [Test]
    public async Task A_hard_Reset_reboots_at_once_and_reports_the_ended_transaction_after_the_new_boot()
    {
        var charger = await NewChargerAsync(V16);
        var transactionId = await charger.StartSessionAsync(2, "TAG-HARD");

        await charger.CallExpectingStatusAsync("Reset", new { type = "Hard" }, "Accepted");
        var stop = await charger.WaitForCpCallAsync("StopTransaction");
        await charger.WaitForAsync(t => charger.IsBooted(t, 2), "a new boot on a second connection");

        // The simulated driver unplugs once the stop is confirmed.
        var trace = await charger.WaitForStatusAsync(2, "Available");
        Assert.Multiple(() =>
        {
            Assert.That(stop.Int("transactionId")?.ToString(CultureInfo.InvariantCulture), Is.EqualTo(transactionId));
            Assert.That(stop.Str("reason"), Is.EqualTo("HardReset"));
            Assert.That(stop.Int("meterStop"), Is.GreaterThanOrEqualTo(trace.Cp("StartTransaction").Single().Int("meterStart")!.Value));
            Assert.That(trace.CpCalls.First(c => c.Connection == 2).Action, Is.EqualTo("BootNotification"));
        });
        await AssertNoViolationsAsync();
    }

    [Test]
    public async Task UnlockConnector_unlocks_and_ends_a_running_transaction_first()
    {
        var charger = await NewChargerAsync(V16);

        await charger.CallExpectingStatusAsync("UnlockConnector", new { connectorId = 1 }, "Unlocked");
        await charger.CallExpectingStatusAsync("UnlockConnector", new { connectorId = 9 }, "NotSupported");

        var transactionId = await charger.StartSessionAsync(1, "TAG-UNLOCK");
        await charger.CallExpectingStatusAsync("UnlockConnector", new { connectorId = 1 }, "Unlocked");
        var stop = await charger.WaitForTransactionEndAsync(transactionId);
        Assert.That(stop.Str("reason"), Is.EqualTo("UnlockCommand"));
        await charger.WaitForStatusAsync(1, "Available");
        await AssertNoViolationsAsync();
    }

    [Test]
    public async Task Charging_profiles_limit_the_composite_schedule_and_the_delivered_power_until_cleared()
    {
        var charger = await NewChargerAsync(V16);
        var start = Iso(DateTimeOffset.UtcNow.AddMinutes(-1));

        await charger.CallExpectingStatusAsync("SetChargingProfile", new
        {
            connectorId = 1,
            csChargingProfiles = Profile16(101, "TxDefaultProfile", 11000, start),
        }, "Accepted");
        var composite = await charger.CallExpectingStatusAsync("GetCompositeSchedule", new { connectorId = 1, duration = 600, chargingRateUnit = "W" }, "Accepted");
        Assert.That(composite["connectorId"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(composite["chargingSchedule"]!["chargingSchedulePeriod"]![0]!["limit"]!.GetValue<double>(), Is.EqualTo(11000));

        // A transaction profile for a connector without a transaction is refused.
        await charger.CallExpectingStatusAsync("SetChargingProfile", new { connectorId = 2, csChargingProfiles = Profile16(102, "TxProfile", 5000, start) }, "Rejected");

        await charger.CallExpectingStatusAsync("ClearChargingProfile", new { id = 101 }, "Accepted");
        await charger.CallExpectingStatusAsync("ClearChargingProfile", new { id = 101 }, "Unknown");
        composite = await charger.CallExpectingStatusAsync("GetCompositeSchedule", new { connectorId = 1, duration = 600, chargingRateUnit = "W" }, "Accepted");
        Assert.That(composite["chargingSchedule"]!["chargingSchedulePeriod"]![0]!["limit"]!.GetValue<double>(), Is.GreaterThan(11000), "back to the hardware limit");

        // A transaction profile caps the power the running session draws.
        await charger.SetSampleIntervalAsync(1);
        var transactionId = await charger.StartSessionAsync(1, "TAG-PROFILE");
        var profile = Profile16(103, "TxProfile", 20000, start);
        profile["transactionId"] = int.Parse(transactionId, CultureInfo.InvariantCulture);
        await charger.CallExpectingStatusAsync("SetChargingProfile", new { connectorId = 1, csChargingProfiles = profile }, "Accepted");
        var set = (await charger.TraceAsync()).Csms("SetChargingProfile")[^1];
        var trace = await charger.WaitForAsync(t => t.Cp("MeterValues").Count(m => m.Index > set.AnswerIndex && m.Answer is not null) >= 2, "meter values after the profile");
        var powers = trace.Cp("MeterValues").Where(m => m.Index > set.AnswerIndex).Select(m => Power16(m.Payload)).ToList();
        Assert.That(powers, Is.All.LessThanOrEqualTo(20000.0), "the profile's 20 kW cap");
        await charger.RemoteStopAsync(transactionId);
        await charger.WaitForTransactionEndAsync(transactionId);
        await AssertNoViolationsAsync();
    }

    [Test]
    public async Task UpdateFirmware_reports_downloading_to_installed_then_reboots()
    {
        var charger = await NewChargerAsync(V16);

        var result = await charger.CallOkAsync("UpdateFirmware", new { location = "https://firmware.example.test/terra-2.0.bin", retrieveDate = Iso(DateTimeOffset.UtcNow) });
        Assert.That(result.Count, Is.EqualTo(0), "UpdateFirmware.conf is empty");
        var trace = await charger.WaitForAsync(t => charger.IsBooted(t, 2), "the reboot after the update", TimeSpan.FromSeconds(30));

        var statuses = trace.Cp("FirmwareStatusNotification").Select(f => f.Str("status")).ToList();
        Assert.That(statuses, Is.EqualTo(new[] { "Downloading", "Downloaded", "Installing", "Installed" }));
        var installed = trace.Cp("FirmwareStatusNotification")[^1];
        var boot = trace.Cp("BootNotification")[^1];
        Assert.That((installed.Connection, boot.Connection), Is.EqualTo((1, 2)), "installed, then a reboot on a new connection");
        await AssertNoViolationsAsync();
    }

    [Test]
    public async Task GetDiagnostics_names_the_file_and_reports_uploading_then_uploaded()
    {
        var charger = await NewChargerAsync(V16);

        var result = await charger.CallOkAsync("GetDiagnostics", new { location = "ftp://diagnostics.example.test/upload/" });
        Assert.That(SimulatedCharger.Text(result, "fileName"), Is.Not.Null.And.Not.Empty);
        var trace = await charger.WaitForAsync(t => t.Cp("DiagnosticsStatusNotification").Count(d => d.Answer is not null) >= 2, "two DiagnosticsStatusNotifications");
        Assert.That(trace.Cp("DiagnosticsStatusNotification").Select(d => d.Str("status")), Is.EqualTo(new[] { "Uploading", "Uploaded" }));
        await AssertNoViolationsAsync();
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static JsonObject Profile16(int id, string purpose, double limitW, string startSchedule) => new()
    {
        ["chargingProfileId"] = id,
        ["stackLevel"] = 1,
        ["chargingProfilePurpose"] = purpose,
        ["chargingProfileKind"] = "Absolute",
        ["chargingSchedule"] = new JsonObject
        {
            ["duration"] = 86400,
            ["startSchedule"] = startSchedule,
            ["chargingRateUnit"] = "W",
            ["chargingSchedulePeriod"] = new JsonArray(new JsonObject { ["startPeriod"] = 0, ["limit"] = limitW }),
        },
    };

    private static double Power16(JsonObject meterValues) =>
        double.Parse(
            meterValues["meterValue"]![0]!["sampledValue"]!.AsArray().First(s => SimulatedCharger.Text(s, "measurand") == "Power.Active.Import")!["value"]!.GetValue<string>(),
            CultureInfo.InvariantCulture);
}
