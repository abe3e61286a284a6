using System.Text.Json.Nodes;

namespace OcppLab.ConformanceTests.Gateway;

/// <summary>
/// The CSMS-initiated operations that 1.6 and 2.0.1 share with the same behaviour: one test each,
/// run once per version. <see cref="SimulatedCharger"/> speaks each version's own words (1.6
/// connectorId/idTag/ChangeConfiguration, 2.0.1 evseId/idToken/SetVariables), so every case still
/// sends its version's wire names and the strict CSMS checks them against that version's schemas.
/// What only one version has stays in <see cref="Operations16Tests"/> and <see cref="Operations201Tests"/>.
/// </summary>
public sealed class OperationsBothVersionsTests : GatewayTest
{
    /// <summary>1.6 §5.4 ClearCache; 2.0.1 C11 (Clear Authorization Data in Authorization Cache): Rejected when the cache is disabled.</summary>
    [TestCase(V16)]
    [TestCase(V201)]
    public async Task ClearCache_empties_the_authorization_cache_so_the_next_start_asks_the_CSMS_again(string version)
    {
        var charger = await NewChargerAsync(version);
        await charger.SetAuthorizeRemoteStartAsync(true);
        await charger.ConfigureAsync("LocalPreAuthorize", "AuthCtrlr", "LocalPreAuthorize", "true");

        // 1st session: the tag is unknown, so the charger asks (and caches the answer).
        Assert.That(await charger.SessionAsync("TAG-CACHE"), Is.True, "the first start is authorized with the CSMS");

        // 2nd session: the cached Accepted is enough.
        Assert.That(await charger.SessionAsync("TAG-CACHE"), Is.False, "the cached tag is not authorized again");

        await charger.CallExpectingStatusAsync("ClearCache", new { }, "Accepted");
        Assert.That(await charger.SessionAsync("TAG-CACHE"), Is.True, "after ClearCache the tag is authorized with the CSMS again");

        await charger.ConfigureAsync("AuthorizationCacheEnabled", "AuthCacheCtrlr", "Enabled", "false");
        await charger.CallExpectingStatusAsync("ClearCache", new { }, "Rejected");
        await AssertNoViolationsAsync();
    }

    /// <summary>1.6 §5.6 DataTransfer (data a string); 2.0.1 P01/P02 DataTransfer (data of any type).</summary>
    [TestCase(V16, "\"hello\"", """{"vendorId":"com.example.other","data":"x"}""")]
    [TestCase(V201, """{"hello":"world"}""", """{"vendorId":"com.example.other"}""")]
    public async Task DataTransfer_is_accepted_for_the_simulator_vendor_and_UnknownVendorId_otherwise(string version, string data, string otherVendor)
    {
        var charger = await NewChargerAsync(version);

        var accepted = await charger.CallExpectingStatusAsync("DataTransfer", new JsonObject { ["vendorId"] = "OcppLab", ["messageId"] = "Echo", ["data"] = JsonNode.Parse(data) }, "Accepted");
        Assert.That(accepted["data"]?.ToJsonString(), Is.EqualTo(data), "the simulator vendor's Echo answers the data it got");
        await charger.CallExpectingStatusAsync("DataTransfer", JsonNode.Parse(otherVendor), "UnknownVendorId");
        await AssertNoViolationsAsync();
    }

    /// <summary>1.6 §5.13 ReserveNow / §5.1 CancelReservation; 2.0.1 H01 Reservation / H02 Cancel Reservation.</summary>
    [TestCase(V16)]
    [TestCase(V201)]
    public async Task ReserveNow_reserves_a_connector_for_its_tag_until_CancelReservation(string version)
    {
        var charger = await NewChargerAsync(version);
        var expiry = Iso(DateTimeOffset.UtcNow.AddMinutes(10));

        await charger.ReserveNowAsync(7, "TAG-RES", expiry, "Accepted");
        await charger.WaitForStatusAsync(1, "Reserved");
        await charger.ReserveNowAsync(8, "TAG-OTHER", expiry, "Occupied");
        await charger.CallRemoteStartAsync(1, "TAG-OTHER", "Rejected", remoteStartId: 7);
        await charger.CallExpectingStatusAsync("CancelReservation", new { reservationId = 99 }, "Rejected");
        await charger.CallExpectingStatusAsync("CancelReservation", new { reservationId = 7 }, "Accepted");
        await charger.WaitForStatusAsync(1, "Available");

        // The reserved tag starts, and the transaction ends the reservation.
        await charger.ReserveNowAsync(9, "TAG-RES", expiry, "Accepted");
        await charger.WaitForStatusAsync(1, "Reserved");
        await charger.RemoteStartAsync(1, "TAG-RES");
        var (transactionId, start) = await charger.WaitForTransactionStartAsync();
        Assert.That(start.Int("reservationId"), Is.EqualTo(9));
        await charger.CallExpectingStatusAsync("CancelReservation", new { reservationId = 9 }, "Rejected");
        await charger.RemoteStopAsync(transactionId);
        await charger.WaitForStatusAsync(1, "Available");
        await AssertNoViolationsAsync();
    }

    /// <summary>1.6 §5.11/§5.12 Remote Start/Stop Transaction; 2.0.1 F01/F03 (a busy EVSE answers the running transactionId).</summary>
    [TestCase(V16)]
    [TestCase(V201)]
    public async Task Remote_start_and_stop_are_rejected_for_unknown_connectors_transactions_and_busy_connectors(string version)
    {
        var charger = await NewChargerAsync(version);

        await charger.CallRemoteStartAsync(9, "TAG-X", "Rejected", remoteStartId: 3);
        await charger.CallRemoteStopAsync(charger.Is16 ? "123456" : Guid.NewGuid().ToString(), "Rejected");

        // A second start on a busy connector is refused.
        var transactionId = await charger.StartSessionAsync(1, "TAG-BUSY");
        var busy = await charger.CallRemoteStartAsync(1, "TAG-BUSY2", "Rejected", remoteStartId: 4);
        if (!charger.Is16)
        {
            // Only RequestStartTransactionResponse has a transactionId (1.6's RemoteStartTransaction.conf has none).
            Assert.That(SimulatedCharger.Text(busy, "transactionId"), Is.EqualTo(transactionId), "the transaction already running on the EVSE");
        }

        await AssertNoViolationsAsync();
    }

    /// <summary>1.6 §5.2 ChangeAvailability (connector 0: the whole charge point); 2.0.1 G03/G04 (no EVSE: the whole station).</summary>
    [TestCase(V16)]
    [TestCase(V201)]
    public async Task ChangeAvailability_makes_connectors_Unavailable_and_is_Scheduled_during_a_transaction(string version)
    {
        var charger = await NewChargerAsync(version);

        await charger.ChangeAvailabilityAsync(1, operative: false, "Accepted");
        await charger.WaitForStatusAsync(1, "Unavailable");
        await charger.CallRemoteStartAsync(1, "TAG-AV", "Rejected", remoteStartId: 6);
        await charger.ChangeAvailabilityAsync(1, operative: true, "Accepted");
        await charger.WaitForStatusAsync(1, "Available");

        // The whole charger.
        await charger.ChangeAvailabilityAsync(null, operative: false, "Accepted");
        await charger.WaitForAsync(t => charger.ReportedConnectors.All(i => SimulatedCharger.LastStatus(t, i, charger.Is16) == "Unavailable"), "every connector Unavailable");
        if (!charger.Is16)
        {
            Assert.That(await charger.GetVariableAsync("ChargingStation", "AvailabilityState"), Is.EqualTo("Unavailable"));
        }

        await charger.ChangeAvailabilityAsync(null, operative: true, "Accepted");
        await charger.WaitForAsync(t => charger.ReportedConnectors.All(i => SimulatedCharger.LastStatus(t, i, charger.Is16) == "Available"), "every connector Available again");

        // During a transaction the change waits for its end.
        var transactionId = await charger.StartSessionAsync(2, "TAG-AV2");
        await charger.ChangeAvailabilityAsync(2, operative: false, "Scheduled");
        Assert.That(await charger.LastStatusAsync(2), Is.EqualTo(charger.Is16 ? "Charging" : "Occupied"), "the transaction goes on");
        var runtime = await charger.RuntimeAsync();
        Assert.That(runtime["connectors"]![1]!["transaction_id"]?.GetValue<string>(), Is.EqualTo(transactionId));

        await charger.RemoteStopAsync(transactionId);
        var stop = await charger.WaitForTransactionEndAsync(transactionId);
        var trace = await charger.WaitForStatusAsync(2, "Unavailable");
        Assert.That(charger.LastStatusNotification(trace, 2).Index, Is.GreaterThan(stop.Index));
        await AssertNoViolationsAsync();
    }

    /// <summary>1.6 §5.10/§5.15 GetLocalListVersion/SendLocalList; 2.0.1 D01/D02 (VersionMismatch for a stale differential update).</summary>
    [TestCase(V16)]
    [TestCase(V201)]
    public async Task The_local_list_is_versioned_refuses_a_stale_differential_update_and_authorizes_its_tags_locally(string version)
    {
        var charger = await NewChargerAsync(version);

        Assert.That(await charger.LocalListVersionAsync(), Is.EqualTo(0));
        await charger.SendLocalListAsync(1, "Full", "Accepted", ("TAG-LOCAL-A", "Accepted"), ("TAG-LOCAL-B", "Blocked"));
        Assert.That(await charger.LocalListVersionAsync(), Is.EqualTo(1));

        await charger.SendLocalListAsync(1, "Differential", "VersionMismatch", ("TAG-LOCAL-C", "Accepted"));
        await charger.SendLocalListAsync(2, "Differential", "Accepted", ("TAG-LOCAL-B", null));
        Assert.That(await charger.LocalListVersionAsync(), Is.EqualTo(2));
        if (!charger.Is16)
        {
            Assert.That(await charger.GetVariableAsync("LocalAuthListCtrlr", "Entries"), Is.EqualTo("1"), "TAG-LOCAL-B was removed");
        }

        // A tag on the list is authorized locally (LocalPreAuthorize): no Authorize.
        await charger.SetAuthorizeRemoteStartAsync(true);
        await charger.ConfigureAsync("LocalPreAuthorize", "AuthCtrlr", "LocalPreAuthorize", "true");
        Assert.That(await charger.SessionAsync("TAG-LOCAL-A"), Is.False, "a listed tag needs no Authorize");

        if (charger.Is16)
        {
            await charger.ConfigureAsync("LocalAuthListEnabled", "LocalAuthListCtrlr", "Enabled", "false");
            Assert.That(await charger.LocalListVersionAsync(), Is.EqualTo(-1), "-1: no local list");
            await charger.SendLocalListAsync(3, "Full", "NotSupported");
        }

        await AssertNoViolationsAsync();
    }

    /// <summary>The messages each version's TriggerMessage.req may ask for that this charger sends (1.6 MessageTrigger, 2.0.1 MessageTriggerEnumType).</summary>
    private static IEnumerable<TestCaseData> TriggeredMessages() =>
        new[] { "BootNotification", "DiagnosticsStatusNotification", "FirmwareStatusNotification", "Heartbeat", "MeterValues", "StatusNotification" }
            .Select(m => new TestCaseData(V16, m))
            .Concat(new[] { "Heartbeat", "StatusNotification", "MeterValues", "FirmwareStatusNotification", "LogStatusNotification" }
                .Select(m => new TestCaseData(V201, m)));

    /// <summary>1.6 §5.17 TriggerMessage; 2.0.1 F06 (F06.FR.02 for an unknown EVSE). The triggered message follows the response.</summary>
    [TestCaseSource(nameof(TriggeredMessages))]
    public async Task TriggerMessage_is_accepted_and_the_message_follows_the_response(string version, string requestedMessage)
    {
        var charger = await NewChargerAsync(version);
        var connectorField = charger.Is16 ? "connectorId" : "evseId";

        var sent = await charger.TriggerAsync(
            charger.Is16 ? new { requestedMessage, connectorId = 1 } : new { requestedMessage, evse = new { id = 1, connectorId = 1 } },
            requestedMessage);
        switch (requestedMessage)
        {
            case "StatusNotification":
                Assert.That((sent.Int(connectorField), sent.Int("connectorId"), sent.Str(charger.Is16 ? "status" : "connectorStatus")), Is.EqualTo(((int?)1, (int?)1, "Available")));
                break;
            case "MeterValues":
                Assert.That(sent.Int(connectorField), Is.EqualTo(1));
                break;
            case "DiagnosticsStatusNotification":
            case "FirmwareStatusNotification":
            case "LogStatusNotification":
                Assert.That(sent.Str("status"), Is.EqualTo("Idle"));
                break;
            case "BootNotification":
                Assert.That(sent.Result?["status"]?.GetValue<string>(), Is.EqualTo("Accepted"));
                break;
        }

        // An unknown connector is refused (1.6); 2.0.1 F06.FR.02: an unknown EVSE is refused where the EVSE matters, elsewhere the field is ignored.
        if (charger.Is16)
        {
            await charger.CallExpectingStatusAsync("TriggerMessage", new { requestedMessage, connectorId = 9 }, "Rejected");
        }
        else
        {
            var evseMatters = requestedMessage is "StatusNotification" or "MeterValues";
            await charger.CallExpectingStatusAsync("TriggerMessage", new { requestedMessage, evse = new { id = 9 } }, evseMatters ? "Rejected" : "Accepted");
        }

        await AssertNoViolationsAsync();
    }
}
