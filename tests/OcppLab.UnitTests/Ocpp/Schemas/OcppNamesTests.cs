using System.Text.Json.Nodes;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Ocpp.Schemas;

namespace OcppLab.UnitTests.Ocpp.Schemas;

/// <summary>snake_case → OCPP names for the REST proxy.</summary>
public sealed class OcppNamesTests
{
    [TestCase(OcppVersion.V16, "BootNotification", "BootNotification")]
    [TestCase(OcppVersion.V16, "boot_notification", "BootNotification")]
    [TestCase(OcppVersion.V16, "heartbeat", "Heartbeat")]
    [TestCase(OcppVersion.V16, "remote_start_transaction", "RemoteStartTransaction")]
    [TestCase(OcppVersion.V16, "get_installed_certificate_ids", "GetInstalledCertificateIds")]
    [TestCase(OcppVersion.V201, "TransactionEvent", "TransactionEvent")]
    [TestCase(OcppVersion.V201, "transaction_event", "TransactionEvent")]
    [TestCase(OcppVersion.V201, "notify_ev_charging_needs", "NotifyEVChargingNeeds")]
    [TestCase(OcppVersion.V201, "notify_ev_charging_schedule", "NotifyEVChargingSchedule")]
    [TestCase(OcppVersion.V201, "get_15118_ev_certificate", "Get15118EVCertificate")]
    [TestCase(OcppVersion.V201, "get15118_ev_certificate", "Get15118EVCertificate")]
    [TestCase(OcppVersion.V201, "request_start_transaction", "RequestStartTransaction")]
    public void Known_actions_resolve(OcppVersion version, string input, string expected) =>
        Assert.That(OcppNames.ResolveAction(version, input), Is.EqualTo(expected));

    [TestCase(OcppVersion.V16, "bootNotification")]
    [TestCase(OcppVersion.V16, "Bootnotification")]
    [TestCase(OcppVersion.V16, "BOOT_NOTIFICATION")]
    [TestCase(OcppVersion.V16, "boot__notification")]
    [TestCase(OcppVersion.V16, "bootnotification")]
    [TestCase(OcppVersion.V16, "Boot_Notification")]
    [TestCase(OcppVersion.V16, "transaction_event")]
    [TestCase(OcppVersion.V16, "")]
    [TestCase(OcppVersion.V201, "start_transaction")]
    [TestCase(OcppVersion.V201, "RemoteStartTransaction")]
    [TestCase(OcppVersion.V201, "notify_e_v_charging_needs")]
    public void Unknown_or_miscased_actions_do_not_resolve(OcppVersion version, string input) =>
        Assert.That(OcppNames.ResolveAction(version, input), Is.Null);

    [Test]
    public void V16_BootNotification_keys_including_acronyms_are_converted()
    {
        var payload = JsonNode.Parse("""
            {"charge_point_vendor":"VendorX","charge_point_model":"Model1","charge_box_serial_number":"B1",
             "iccid":"8931","imsi":"2040","meter_serial_number":"M1","meter_type":"T","firmwareVersion":"1.0"}
            """)!;
        var converted = OcppNames.ToOcppKeys(OcppVersion.V16, "BootNotification", OcppMessageKind.Request, payload);
        Assert.Multiple(() =>
        {
            Assert.That(converted.AsObject().Select(p => p.Key), Is.EqualTo(new[]
            {
                "chargePointVendor", "chargePointModel", "chargeBoxSerialNumber", "iccid", "imsi", "meterSerialNumber", "meterType", "firmwareVersion",
            }));
            Assert.That(OcppSchemaValidator.Shared.Validate(OcppVersion.V16, "BootNotification", OcppMessageKind.Request, converted).IsValid, Is.True);
            // The input is left alone.
            Assert.That(payload.AsObject().ContainsKey("charge_point_vendor"), Is.True);
        });
    }

    [Test]
    public void V201_nested_objects_and_arrays_are_converted()
    {
        var payload = JsonNode.Parse("""
            {"event_type":"Started","timestamp":"2025-01-01T12:00:00Z","trigger_reason":"Authorized","seq_no":0,
             "transaction_info":{"transaction_id":"t-1","charging_state":"EVConnected","remote_start_id":5},
             "evse":{"id":1,"connector_id":1},
             "id_token":{"id_token":"04A2B3C4D5","type":"ISO14443","additional_info":[{"additional_id_token":"x","type":"y"}]},
             "meter_value":[{"timestamp":"2025-01-01T12:00:00Z","sampled_value":[
                 {"value":1,"measurand":"Energy.Active.Import.Register","unit_of_measure":{"unit":"Wh","multiplier":0},"signed_meter_value":{"signed_meter_data":"d","signing_method":"m","encoding_method":"e","public_key":"k"}}]}]}
            """)!;
        var converted = OcppNames.ToOcppKeys(OcppVersion.V201, "TransactionEvent", OcppMessageKind.Request, payload);
        const string Expected = """
            {"eventType":"Started","timestamp":"2025-01-01T12:00:00Z","triggerReason":"Authorized","seqNo":0,
             "transactionInfo":{"transactionId":"t-1","chargingState":"EVConnected","remoteStartId":5},
             "evse":{"id":1,"connectorId":1},
             "idToken":{"idToken":"04A2B3C4D5","type":"ISO14443","additionalInfo":[{"additionalIdToken":"x","type":"y"}]},
             "meterValue":[{"timestamp":"2025-01-01T12:00:00Z","sampledValue":[
                 {"value":1,"measurand":"Energy.Active.Import.Register","unitOfMeasure":{"unit":"Wh","multiplier":0},"signedMeterValue":{"signedMeterData":"d","signingMethod":"m","encodingMethod":"e","publicKey":"k"}}]}]}
            """;
        Assert.Multiple(() =>
        {
            Assert.That(JsonNode.DeepEquals(converted, JsonNode.Parse(Expected)), Is.True, converted.ToJsonString());
            Assert.That(OcppSchemaValidator.Shared.Validate(OcppVersion.V201, "TransactionEvent", OcppMessageKind.Request, converted).IsValid, Is.True);
        });
    }

    [Test]
    public void V201_acronym_keys_resolve_through_the_schema()
    {
        var payload = JsonNode.Parse("""
            {"reason":"PowerUp","charging_station":{"vendor_name":"V","model":"M","serial_number":"S","modem":{"iccid":"1","imsi":"2"}}}
            """)!;
        var converted = OcppNames.ToOcppKeys(OcppVersion.V201, "BootNotification", OcppMessageKind.Request, payload);
        Assert.That(converted.ToJsonString(), Is.EqualTo("""{"reason":"PowerUp","chargingStation":{"vendorName":"V","model":"M","serialNumber":"S","modem":{"iccid":"1","imsi":"2"}}}"""));

        var needs = JsonNode.Parse("""{"evse_id":1,"max_schedule_tuples":3,"charging_needs":{"requested_energy_transfer":"DC","dc_charging_parameters":{"ev_max_current":100,"ev_max_voltage":500,"state_of_charge":50,"full_so_c":90}}}""")!;
        var convertedNeeds = OcppNames.ToOcppKeys(OcppVersion.V201, "NotifyEVChargingNeeds", OcppMessageKind.Request, needs);
        Assert.That(convertedNeeds.ToJsonString(), Is.EqualTo(
            """{"evseId":1,"maxScheduleTuples":3,"chargingNeeds":{"requestedEnergyTransfer":"DC","dcChargingParameters":{"evMaxCurrent":100,"evMaxVoltage":500,"stateOfCharge":50,"fullSoC":90}}}"""));
    }

    [Test]
    public void V16_id_tag_and_nested_id_tag_info_are_converted()
    {
        var payload = JsonNode.Parse("""{"list_version":2,"update_type":"Full","local_authorization_list":[{"id_tag":"A","id_tag_info":{"status":"Accepted","parent_id_tag":"P","expiry_date":"2026-01-01T00:00:00Z"}}]}""")!;
        var converted = OcppNames.ToOcppKeys(OcppVersion.V16, "SendLocalList", OcppMessageKind.Request, payload);
        Assert.That(converted.ToJsonString(), Is.EqualTo(
            """{"listVersion":2,"updateType":"Full","localAuthorizationList":[{"idTag":"A","idTagInfo":{"status":"Accepted","parentIdTag":"P","expiryDate":"2026-01-01T00:00:00Z"}}]}"""));
    }

    [Test]
    public void Unknown_keys_are_kept_so_validation_reports_them()
    {
        var payload = JsonNode.Parse("""{"id_tag":"A","favourite_colour":"blue"}""")!;
        var converted = OcppNames.ToOcppKeys(OcppVersion.V16, "Authorize", OcppMessageKind.Request, payload);
        Assert.That(converted.ToJsonString(), Is.EqualTo("""{"idTag":"A","favourite_colour":"blue"}"""));
        var result = OcppSchemaValidator.Shared.Validate(OcppVersion.V16, "Authorize", OcppMessageKind.Request, converted);
        Assert.That(result.Errors.Select(e => e.ToString()), Is.EqualTo(new[] { "/favourite_colour: property 'favourite_colour' is not allowed" }));
    }

    [Test]
    public void A_snake_key_never_overwrites_the_same_key_in_OCPP_spelling()
    {
        var payload = JsonNode.Parse("""{"id_tag":"snake","idTag":"camel"}""")!;
        var converted = OcppNames.ToOcppKeys(OcppVersion.V16, "Authorize", OcppMessageKind.Request, payload);
        Assert.That(converted.ToJsonString(), Is.EqualTo("""{"id_tag":"snake","idTag":"camel"}"""));
    }

    [Test]
    public void Vendor_keys_inside_customData_are_left_alone()
    {
        var payload = JsonNode.Parse("""{"custom_data":{"vendor_id":"com.example","my_field":{"inner_key":1}}}""")!;
        var converted = OcppNames.ToOcppKeys(OcppVersion.V201, "Heartbeat", OcppMessageKind.Request, payload);
        Assert.That(converted.ToJsonString(), Is.EqualTo("""{"customData":{"vendorId":"com.example","my_field":{"inner_key":1}}}"""));
    }

    [Test]
    public void Values_are_never_touched()
    {
        var payload = JsonNode.Parse("""{"status":"boot_notification","current_time":"2025-01-01T12:00:00Z","interval":300}""")!;
        var converted = OcppNames.ToOcppKeys(OcppVersion.V16, "BootNotification", OcppMessageKind.Response, payload);
        Assert.That(converted.ToJsonString(), Is.EqualTo("""{"status":"boot_notification","currentTime":"2025-01-01T12:00:00Z","interval":300}"""));
    }

    [Test]
    public void Response_schemas_are_used_for_responses()
    {
        var payload = JsonNode.Parse("""{"id_token_info":{"status":"Accepted","cache_expiry_date_time":"2026-01-01T00:00:00Z"}}""")!;
        var converted = OcppNames.ToOcppKeys(OcppVersion.V201, "Authorize", OcppMessageKind.Response, payload);
        Assert.That(converted.ToJsonString(), Is.EqualTo("""{"idTokenInfo":{"status":"Accepted","cacheExpiryDateTime":"2026-01-01T00:00:00Z"}}"""));
    }

    [Test]
    public void An_unknown_action_is_an_argument_error() =>
        Assert.That(() => OcppNames.ToOcppKeys(OcppVersion.V16, "TransactionEvent", OcppMessageKind.Request, new JsonObject()), Throws.ArgumentException);

    [TestCase("NotifyEVChargingNeeds", true, "notify_ev_charging_needs")]
    [TestCase("Get15118EVCertificate", true, "get_15118_ev_certificate")]
    [TestCase("Get15118EVCertificate", false, "get15118_ev_certificate")]
    [TestCase("GetInstalledCertificateIds", true, "get_installed_certificate_ids")]
    [TestCase("Heartbeat", true, "heartbeat")]
    public void Snake_case_of_OCPP_names(string name, bool splitDigits, string expected) =>
        Assert.That(OcppNames.ToSnakeCase(name, splitDigits), Is.EqualTo(expected));
}
