using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OcppLab.Domain.Common;
using OcppLab.Infrastructure.Ocpp.Schemas;

namespace OcppLab.UnitTests.Ocpp.Schemas;

/// <summary>Payload validation against the embedded OCA schemas and the CALLERROR code each failure maps to.</summary>
public sealed class OcppSchemaValidatorTests
{
    private const string Now = "2025-01-01T12:00:00Z";

    private static readonly OcppSchemaValidator Validator = OcppSchemaValidator.Shared;

    private static SchemaValidationResult Check(OcppVersion version, string action, OcppMessageKind kind, string json) =>
        Validator.Validate(version, action, kind, JsonNode.Parse(json));

    private static void AssertValid(SchemaValidationResult result) =>
        Assert.That(result.IsValid, Is.True, () => $"expected valid, got {result}");

    private static void AssertInvalid(SchemaValidationResult result, string code, string path, string messagePart)
    {
        Assert.That(result.IsValid, Is.False, "expected invalid");
        Assert.Multiple(() =>
        {
            Assert.That(result.OcppErrorCode, Is.EqualTo(code), result.ToString());
            Assert.That(result.Errors, Has.Some.Matches<SchemaValidationError>(e => e.Path == path && e.Message.Contains(messagePart, StringComparison.Ordinal)),
                () => $"no error at '{path}' containing '{messagePart}': {result}");
        });
    }

    // ---- OCPP 1.6 -------------------------------------------------------------------------------------------

    [Test]
    public void V16_BootNotification_request_from_the_spec_is_valid() =>
        AssertValid(Check(OcppVersion.V16, "BootNotification", OcppMessageKind.Request,
            """{"chargePointVendor":"VendorX","chargePointModel":"Model1","chargePointSerialNumber":"SN123","firmwareVersion":"1.0.0","iccid":"8931","imsi":"2040","meterSerialNumber":"M1"}"""));

    [Test]
    public void V16_BootNotification_request_without_model_is_an_OccurenceConstraintViolation() =>
        AssertInvalid(Check(OcppVersion.V16, "BootNotification", OcppMessageKind.Request, """{"chargePointVendor":"VendorX"}"""),
            "OccurenceConstraintViolation", "/chargePointModel", "required property 'chargePointModel' is missing");

    [Test]
    public void V16_BootNotification_vendor_longer_than_CiString20_is_a_PropertyConstraintViolation() =>
        AssertInvalid(Check(OcppVersion.V16, "BootNotification", OcppMessageKind.Request,
                """{"chargePointVendor":"ABCDEFGHIJKLMNOPQRSTU","chargePointModel":"M"}"""),
            "PropertyConstraintViolation", "/chargePointVendor", "value is longer than 20 characters");

    [Test]
    public void V16_BootNotification_response_is_valid_and_checks_status_and_interval()
    {
        AssertValid(Check(OcppVersion.V16, "BootNotification", OcppMessageKind.Response, $$"""{"status":"Accepted","currentTime":"{{Now}}","interval":300}"""));
        AssertInvalid(Check(OcppVersion.V16, "BootNotification", OcppMessageKind.Response, $$"""{"status":"Maybe","currentTime":"{{Now}}","interval":300}"""),
            "FormationViolation", "/status", "value 'Maybe' is not one of: Accepted, Pending, Rejected");
        AssertInvalid(Check(OcppVersion.V16, "BootNotification", OcppMessageKind.Response, $$"""{"status":"Accepted","currentTime":"{{Now}}","interval":"300"}"""),
            "TypeConstraintViolation", "/interval", "value must be of type integer but is string");
    }

    [Test]
    public void V16_heartbeatInterval_from_the_OCPP_J_example_is_not_the_schema_field()
    {
        var result = Check(OcppVersion.V16, "BootNotification", OcppMessageKind.Response, $$"""{"status":"Accepted","currentTime":"{{Now}}","heartbeatInterval":300}""");
        Assert.Multiple(() =>
        {
            Assert.That(result.Errors.Select(e => e.ToString()), Is.EquivalentTo(new[]
            {
                "/interval: required property 'interval' is missing",
                "/heartbeatInterval: property 'heartbeatInterval' is not allowed",
            }));
            // Missing required outranks the unknown field.
            Assert.That(result.OcppErrorCode, Is.EqualTo("OccurenceConstraintViolation"));
        });
    }

    [Test]
    public void V16_StatusNotification_valid_and_with_an_unknown_status()
    {
        AssertValid(Check(OcppVersion.V16, "StatusNotification", OcppMessageKind.Request,
            $$"""{"connectorId":0,"errorCode":"NoError","status":"Available","timestamp":"{{Now}}"}"""));
        AssertInvalid(Check(OcppVersion.V16, "StatusNotification", OcppMessageKind.Request, """{"connectorId":1,"errorCode":"NoError","status":"Occupied"}"""),
            "FormationViolation", "/status", "'Occupied' is not one of");
    }

    [Test]
    public void V16_StartTransaction_request_and_response()
    {
        AssertValid(Check(OcppVersion.V16, "StartTransaction", OcppMessageKind.Request,
            $$"""{"connectorId":1,"idTag":"04A2B3C4D5","meterStart":12345,"timestamp":"{{Now}}"}"""));
        AssertValid(Check(OcppVersion.V16, "StartTransaction", OcppMessageKind.Response, """{"transactionId":42,"idTagInfo":{"status":"Accepted"}}"""));
        AssertInvalid(Check(OcppVersion.V16, "StartTransaction", OcppMessageKind.Request,
                $$"""{"connectorId":1,"idTag":"04A2B3C4D5","meterStart":12345.5,"timestamp":"{{Now}}"}"""),
            "TypeConstraintViolation", "/meterStart", "value must be of type integer but is number");
        AssertInvalid(Check(OcppVersion.V16, "StartTransaction", OcppMessageKind.Response, """{"transactionId":42,"idTagInfo":{}}"""),
            "OccurenceConstraintViolation", "/idTagInfo/status", "required property 'status' is missing");
    }

    [Test]
    public void V16_StartTransaction_request_has_no_transactionId_field() =>
        AssertInvalid(Check(OcppVersion.V16, "StartTransaction", OcppMessageKind.Request,
                $$"""{"connectorId":1,"idTag":"T","meterStart":0,"timestamp":"{{Now}}","transactionId":1}"""),
            "PropertyConstraintViolation", "/transactionId", "property 'transactionId' is not allowed");

    [Test]
    public void V16_MeterValues_sampledValue_value_is_a_string()
    {
        AssertValid(Check(OcppVersion.V16, "MeterValues", OcppMessageKind.Request,
            $$"""{"connectorId":1,"transactionId":42,"meterValue":[{"timestamp":"{{Now}}","sampledValue":[{"value":"12500","context":"Sample.Periodic","measurand":"Energy.Active.Import.Register","unit":"Wh"},{"value":"7200","measurand":"Power.Active.Import","unit":"W"}]}]}"""));
        AssertInvalid(Check(OcppVersion.V16, "MeterValues", OcppMessageKind.Request,
                $$"""{"connectorId":1,"meterValue":[{"timestamp":"{{Now}}","sampledValue":[{"value":"1"},{"value":12500}]}]}"""),
            "TypeConstraintViolation", "/meterValue/0/sampledValue/1/value", "must be of type string but is integer");
    }

    [Test]
    public void V16_MeterValues_accepts_both_Celsius_spellings([Values("Celcius", "Celsius")] string unit) =>
        AssertValid(Check(OcppVersion.V16, "MeterValues", OcppMessageKind.Request,
            $$"""{"connectorId":1,"meterValue":[{"timestamp":"{{Now}}","sampledValue":[{"value":"21","measurand":"Temperature","unit":"{{unit}}"}]}]}"""));

    [Test]
    public void V16_StopTransaction_reason_is_optional_after_the_errata() =>
        AssertValid(Check(OcppVersion.V16, "StopTransaction", OcppMessageKind.Request, $$"""{"transactionId":42,"meterStop":13100,"timestamp":"{{Now}}"}"""));

    [Test]
    public void V16_SetChargingProfile_limit_is_a_multiple_of_a_tenth()
    {
        const string Template = """
            {"connectorId":1,"csChargingProfiles":{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile",
             "chargingProfileKind":"Absolute","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":LIMIT}]}}}
            """;
        AssertValid(Check(OcppVersion.V16, "SetChargingProfile", OcppMessageKind.Request, Template.Replace("LIMIT", "16.3")));
        AssertInvalid(Check(OcppVersion.V16, "SetChargingProfile", OcppMessageKind.Request, Template.Replace("LIMIT", "16.35")),
            "PropertyConstraintViolation", "/csChargingProfiles/chargingSchedule/chargingSchedulePeriod/0/limit", "value must be a multiple of 0.1");
        AssertValid(Check(OcppVersion.V16, "SetChargingProfile", OcppMessageKind.Response, """{"status":"Accepted"}"""));
    }

    [Test]
    public void V16_uri_format_is_enforced_on_UpdateFirmware_location()
    {
        AssertValid(Check(OcppVersion.V16, "UpdateFirmware", OcppMessageKind.Request, $$"""{"location":"ftp://fw.example.com/cp.bin","retrieveDate":"{{Now}}"}"""));
        AssertInvalid(Check(OcppVersion.V16, "UpdateFirmware", OcppMessageKind.Request, $$"""{"location":"cp.bin","retrieveDate":"{{Now}}"}"""),
            "FormationViolation", "/location", "is not an absolute URI");
    }

    // ---- OCPP 2.0.1 -----------------------------------------------------------------------------------------

    [Test]
    public void V201_BootNotification_request_from_the_spec_is_valid() =>
        AssertValid(Check(OcppVersion.V201, "BootNotification", OcppMessageKind.Request,
            """{"reason":"PowerUp","chargingStation":{"vendorName":"VendorX","model":"Model1","serialNumber":"SN123","firmwareVersion":"1.0.0","modem":{"iccid":"8931","imsi":"2040"}}}"""));

    [Test]
    public void V201_BootNotification_request_errors_carry_nested_paths()
    {
        var result = Check(OcppVersion.V201, "BootNotification", OcppMessageKind.Request,
            """{"chargingStation":{"vendorName":"VendorX","modem":{"iccid":"123456789012345678901"}}}""");
        Assert.That(result.Errors.Select(e => e.ToString()), Is.EquivalentTo(new[]
        {
            "/reason: required property 'reason' is missing",
            "/chargingStation/model: required property 'model' is missing",
            "/chargingStation/modem/iccid: value is longer than 20 characters",
        }));
        Assert.That(result.OcppErrorCode, Is.EqualTo("OccurrenceConstraintViolation"));
    }

    [Test]
    public void V201_BootNotification_model_longer_than_20_is_a_PropertyConstraintViolation() =>
        AssertInvalid(Check(OcppVersion.V201, "BootNotification", OcppMessageKind.Request,
                """{"reason":"PowerUp","chargingStation":{"vendorName":"VendorX","model":"M12345678901234567890"}}"""),
            "PropertyConstraintViolation", "/chargingStation/model", "value is longer than 20 characters");

    [Test]
    public void V201_BootNotification_response_with_statusInfo_is_valid_and_wrong_status_is_a_FormatViolation()
    {
        AssertValid(Check(OcppVersion.V201, "BootNotification", OcppMessageKind.Response,
            $$$"""{"currentTime":"{{{Now}}}","interval":300,"status":"Pending","statusInfo":{"reasonCode":"Maintenance"}}"""));
        AssertInvalid(Check(OcppVersion.V201, "BootNotification", OcppMessageKind.Response, $$"""{"currentTime":"{{Now}}","interval":300,"status":"OK"}"""),
            "FormatViolation", "/status", "value 'OK' is not one of: Accepted, Pending, Rejected");
    }

    [Test]
    public void V201_customData_is_open_for_vendor_fields_but_needs_vendorId()
    {
        AssertValid(Check(OcppVersion.V201, "Heartbeat", OcppMessageKind.Request, """{"customData":{"vendorId":"com.example","anything":[1,2]}}"""));
        AssertInvalid(Check(OcppVersion.V201, "Heartbeat", OcppMessageKind.Request, """{"customData":{"anything":1}}"""),
            "OccurrenceConstraintViolation", "/customData/vendorId", "required property 'vendorId' is missing");
    }

    [Test]
    public void V201_StatusNotification_needs_all_four_fields() =>
        AssertInvalid(Check(OcppVersion.V201, "StatusNotification", OcppMessageKind.Request, $$"""{"timestamp":"{{Now}}","connectorStatus":"Available","evseId":1}"""),
            "OccurrenceConstraintViolation", "/connectorId", "required property 'connectorId' is missing");

    [Test]
    public void V201_TransactionEvent_started_from_the_spec_is_valid() =>
        AssertValid(Check(OcppVersion.V201, "TransactionEvent", OcppMessageKind.Request, $$$"""
            {"eventType":"Started","timestamp":"{{{Now}}}","triggerReason":"Authorized","seqNo":0,
             "transactionInfo":{"transactionId":"6c1d7f0e-5a43-4c55-9a6c-3e0f0b4f3a11","chargingState":"EVConnected"},
             "evse":{"id":1,"connectorId":1},"idToken":{"idToken":"04A2B3C4D5","type":"ISO14443"},
             "meterValue":[{"timestamp":"{{{Now}}}","sampledValue":[{"value":12345,"context":"Transaction.Begin",
                            "measurand":"Energy.Active.Import.Register","unitOfMeasure":{"unit":"Wh"}}]}]}
            """));

    [Test]
    public void V201_TransactionEvent_failures()
    {
        AssertInvalid(Check(OcppVersion.V201, "TransactionEvent", OcppMessageKind.Request,
                $$$"""{"eventType":"Started","timestamp":"{{{Now}}}","triggerReason":"Authorized","seqNo":0,"transactionInfo":{}}"""),
            "OccurrenceConstraintViolation", "/transactionInfo/transactionId", "required property 'transactionId' is missing");
        AssertInvalid(Check(OcppVersion.V201, "TransactionEvent", OcppMessageKind.Request,
                $$"""{"eventType":"Started","timestamp":"{{Now}}","triggerReason":"Authorized","seqNo":0,"transactionInfo":{"transactionId":"t"},"meterValue":[{"timestamp":"{{Now}}","sampledValue":[{"value":"12345"}]}]}"""),
            "TypeConstraintViolation", "/meterValue/0/sampledValue/0/value", "must be of type number but is string");
        // 2.0.1 §4.1.5: an empty optional array is not allowed.
        AssertInvalid(Check(OcppVersion.V201, "TransactionEvent", OcppMessageKind.Request,
                $$"""{"eventType":"Updated","timestamp":"{{Now}}","triggerReason":"MeterValuePeriodic","seqNo":1,"transactionInfo":{"transactionId":"t"},"meterValue":[]}"""),
            "OccurrenceConstraintViolation", "/meterValue", "array must have at least 1 item(s)");
        AssertValid(Check(OcppVersion.V201, "TransactionEvent", OcppMessageKind.Response, """{"idTokenInfo":{"status":"Accepted"}}"""));
    }

    [Test]
    public void V201_GetVariables_request_and_response()
    {
        AssertValid(Check(OcppVersion.V201, "GetVariables", OcppMessageKind.Request,
            """{"getVariableData":[{"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"}},{"component":{"name":"EVSE","evse":{"id":1}},"variable":{"name":"AvailabilityState"},"attributeType":"Actual"}]}"""));
        AssertValid(Check(OcppVersion.V201, "GetVariables", OcppMessageKind.Response,
            """{"getVariableResult":[{"attributeStatus":"Accepted","attributeValue":"300","component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"}}]}"""));
        AssertInvalid(Check(OcppVersion.V201, "GetVariables", OcppMessageKind.Request,
                """{"getVariableData":[{"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"},"attributeType":"Current"}]}"""),
            "FormatViolation", "/getVariableData/0/attributeType", "'Current' is not one of: Actual, Target, MinSet, MaxSet");
        AssertInvalid(Check(OcppVersion.V201, "GetVariables", OcppMessageKind.Request, """{"getVariableData":[]}"""),
            "OccurrenceConstraintViolation", "/getVariableData", "at least 1 item(s)");
    }

    [Test]
    public void V201_SetChargingProfile_request()
    {
        const string Valid = """
            {"evseId":1,"chargingProfile":{"id":7,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Absolute",
             "chargingSchedule":[{"id":1,"chargingRateUnit":"W","chargingSchedulePeriod":[{"startPeriod":0,"limit":11000.0}]}]}}
            """;
        AssertValid(Check(OcppVersion.V201, "SetChargingProfile", OcppMessageKind.Request, Valid));
        AssertInvalid(Check(OcppVersion.V201, "SetChargingProfile", OcppMessageKind.Request, Valid.Replace("\"chargingSchedule\":[", "\"chargingSchedule\":[{\"id\":4,\"chargingRateUnit\":\"W\",\"chargingSchedulePeriod\":[{\"startPeriod\":0,\"limit\":1}]},{\"id\":2,\"chargingRateUnit\":\"W\",\"chargingSchedulePeriod\":[{\"startPeriod\":0,\"limit\":1}]},{\"id\":3,\"chargingRateUnit\":\"W\",\"chargingSchedulePeriod\":[{\"startPeriod\":0,\"limit\":1}]},", StringComparison.Ordinal)),
            "OccurrenceConstraintViolation", "/chargingProfile/chargingSchedule", "at most 3 item(s)");
        AssertValid(Check(OcppVersion.V201, "SetChargingProfile", OcppMessageKind.Response, """{"status":"Rejected","statusInfo":{"reasonCode":"NoEVSE"}}"""));
    }

    [Test]
    public void V201_GetChargingProfiles_criterion_rejects_unknown_fields() =>
        AssertInvalid(Check(OcppVersion.V201, "GetChargingProfiles", OcppMessageKind.Request, """{"requestId":1,"chargingProfile":{"stackLevel":0,"bogus":1}}"""),
            "PropertyConstraintViolation", "/chargingProfile/bogus", "property 'bogus' is not allowed");

    [TestCase(101, "value must be at most 100")]
    [TestCase(-1, "value must be at least 0")]
    public void V201_minimum_and_maximum_are_enforced(int soc, string message) =>
        AssertInvalid(Check(OcppVersion.V201, "NotifyEVChargingNeeds", OcppMessageKind.Request,
                """{"evseId":1,"chargingNeeds":{"requestedEnergyTransfer":"DC","dcChargingParameters":{"evMaxCurrent":100,"evMaxVoltage":500,"stateOfCharge":SOC}}}""".Replace("SOC", soc.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)),
            "PropertyConstraintViolation", "/chargingNeeds/dcChargingParameters/stateOfCharge", message);

    // ---- cross-cutting rules ----------------------------------------------------------------------------------

    [TestCase(OcppVersion.V16, "2025-01-01T12:00:00")]
    [TestCase(OcppVersion.V16, "2025-01-01T12:00:00.123")]
    [TestCase(OcppVersion.V16, "2025-01-01 12:00:00Z")]
    [TestCase(OcppVersion.V16, "2025-13-01T12:00:00Z")]
    [TestCase(OcppVersion.V201, "2025-01-01T12:00:00")]
    [TestCase(OcppVersion.V201, "2025-02-30T12:00:00Z")]
    [TestCase(OcppVersion.V201, "1735732800")]
    public void A_date_time_without_offset_or_otherwise_not_RFC_3339_is_rejected(OcppVersion version, string timestamp)
    {
        var result = Check(version, "Heartbeat", OcppMessageKind.Response, $$"""{"currentTime":"{{timestamp}}"}""");
        AssertInvalid(result, version == OcppVersion.V16 ? "FormationViolation" : "FormatViolation",
            "/currentTime", "is not an RFC 3339 date-time with a time-zone offset");
    }

    [TestCase(OcppVersion.V16, "2025-01-01T12:00:00Z")]
    [TestCase(OcppVersion.V16, "2025-01-01T12:00:00.486Z")]
    [TestCase(OcppVersion.V201, "2025-01-01T14:00:00+02:00")]
    [TestCase(OcppVersion.V201, "2024-02-29T23:59:59.1234567-05:30")]
    public void An_RFC_3339_date_time_with_offset_is_accepted(OcppVersion version, string timestamp) =>
        AssertValid(Check(version, "Heartbeat", OcppMessageKind.Response, $$"""{"currentTime":"{{timestamp}}"}"""));

    [TestCase(OcppVersion.V16, "OccurenceConstraintViolation")]
    [TestCase(OcppVersion.V201, "OccurrenceConstraintViolation")]
    public void Missing_required_field_uses_the_versions_own_spelling(OcppVersion version, string code) =>
        Assert.That(Check(version, "Authorize", OcppMessageKind.Request, "{}").OcppErrorCode, Is.EqualTo(code));

    [TestCase(OcppVersion.V16, """{"status":"Accepted","currentTime":"2025-01-01T12:00:00Z","interval":300,"extra":1}""")]
    [TestCase(OcppVersion.V201, """{"status":"Accepted","currentTime":"2025-01-01T12:00:00Z","interval":300,"extra":1}""")]
    public void Additional_properties_are_rejected_as_PropertyConstraintViolation(OcppVersion version, string json) =>
        AssertInvalid(Check(version, "BootNotification", OcppMessageKind.Response, json),
            "PropertyConstraintViolation", "/extra", "property 'extra' is not allowed");

    [TestCase(OcppVersion.V16, "[]", "FormationViolation", "array")]
    [TestCase(OcppVersion.V16, "\"x\"", "FormationViolation", "string")]
    [TestCase(OcppVersion.V201, "null", "FormatViolation", "null")]
    [TestCase(OcppVersion.V201, "42", "FormatViolation", "number")]
    public void A_payload_that_is_not_an_object_is_a_format_violation(OcppVersion version, string json, string code, string actual) =>
        AssertInvalid(Check(version, "Heartbeat", OcppMessageKind.Request, json), code, "", $"payload must be a JSON object but is {actual}");

    [Test]
    public void A_null_JsonNode_is_a_format_violation() =>
        AssertInvalid(Validator.Validate(OcppVersion.V16, "Heartbeat", OcppMessageKind.Request, (JsonNode?)null),
            "FormationViolation", "", "payload must be a JSON object but is null");

    [Test]
    public void Type_outranks_format_and_property_errors_when_choosing_the_code()
    {
        var result = Check(OcppVersion.V201, "BootNotification", OcppMessageKind.Response, """{"currentTime":"yesterday","interval":"300","status":"Fine","x":1}""");
        Assert.Multiple(() =>
        {
            Assert.That(result.OcppErrorCode, Is.EqualTo("TypeConstraintViolation"));
            Assert.That(result.Errors.Select(e => e.Keyword), Is.EquivalentTo(new[] { "format", "type", "enum", "additionalProperties" }));
        });
    }

    [Test]
    public void Enum_and_format_outrank_property_errors()
    {
        var result = Check(OcppVersion.V16, "StatusNotification", OcppMessageKind.Request,
            """{"connectorId":1,"errorCode":"NoError","status":"Available","info":"123456789012345678901234567890123456789012345678901","vendorErrorCode":"E","timestamp":"now"}""");
        Assert.That(result.OcppErrorCode, Is.EqualTo("FormationViolation"), result.ToString());
    }

    [TestCase(OcppVersion.V16, "Jump")]
    [TestCase(OcppVersion.V16, "bootNotification")]
    [TestCase(OcppVersion.V16, "TransactionEvent")]
    [TestCase(OcppVersion.V201, "StartTransaction")]
    [TestCase(OcppVersion.V201, "GetConfiguration")]
    public void An_action_without_a_schema_is_NotImplemented(OcppVersion version, string action)
    {
        Assert.That(Validator.HasAction(version, action), Is.False);
        AssertInvalid(Check(version, action, OcppMessageKind.Request, "{}"), "NotImplemented", "", $"'{action}'");
    }

    [Test]
    public void Validating_a_JsonElement_gives_the_same_answer_as_a_JsonNode()
    {
        using var document = JsonDocument.Parse("""{"chargePointVendor":"VendorX"}""");
        var result = Validator.Validate(OcppVersion.V16, "BootNotification", OcppMessageKind.Request, document.RootElement);
        Assert.That(result.ToString(), Is.EqualTo(Check(OcppVersion.V16, "BootNotification", OcppMessageKind.Request, """{"chargePointVendor":"VendorX"}""").ToString()));
    }

    [Test]
    public void Versions_do_not_share_schemas_even_though_their_ids_collide()
    {
        // Both sets use the $id "urn:BootNotification.req"; each version must still get its own schema.
        const string V16Boot = """{"chargePointVendor":"VendorX","chargePointModel":"Model1"}""";
        const string V201Boot = """{"reason":"PowerUp","chargingStation":{"vendorName":"VendorX","model":"Model1"}}""";
        Assert.Multiple(() =>
        {
            Assert.That(Check(OcppVersion.V16, "BootNotification", OcppMessageKind.Request, V16Boot).IsValid, Is.True);
            Assert.That(Check(OcppVersion.V201, "BootNotification", OcppMessageKind.Request, V201Boot).IsValid, Is.True);
            Assert.That(Check(OcppVersion.V201, "BootNotification", OcppMessageKind.Request, V16Boot).IsValid, Is.False);
            Assert.That(Check(OcppVersion.V16, "BootNotification", OcppMessageKind.Request, V201Boot).IsValid, Is.False);
        });
    }

    [Test]
    public void Error_description_fits_a_2_0_1_CALLERROR()
    {
        var longValue = new string('x', 400);
        var result = Check(OcppVersion.V201, "DataTransfer", OcppMessageKind.Request, $$"""{"vendorId":"{{longValue}}","messageId":"{{longValue}}","extra1":1,"extra2":2}""");
        Assert.Multiple(() =>
        {
            Assert.That(result.ErrorDescription, Has.Length.LessThanOrEqualTo(SchemaValidationResult.MaxDescriptionLength));
            // Errors come in schema order; the cut keeps whole leading errors readable.
            Assert.That(result.ErrorDescription, Does.StartWith("/messageId: value is longer than 50 characters; /vendorId: value is longer than 255 characters"));
            Assert.That(result.Errors, Has.Count.EqualTo(4));
        });
    }

    [Test]
    public void A_long_error_list_is_cut_at_255_characters()
    {
        var fields = string.Join(",", Enumerable.Range(0, 30).Select(i => $"\"unknownField{i}\":{i}"));
        var result = Check(OcppVersion.V201, "Heartbeat", OcppMessageKind.Request, "{" + fields + "}");
        Assert.Multiple(() =>
        {
            Assert.That(result.Errors, Has.Count.EqualTo(30));
            Assert.That(result.ErrorDescription, Has.Length.EqualTo(SchemaValidationResult.MaxDescriptionLength));
            Assert.That(result.ErrorDescription, Does.StartWith("/unknownField0: property 'unknownField0' is not allowed; ").And.EndWith("…"));
        });
    }

    [Test]
    public void A_valid_result_has_no_code_and_no_errors()
    {
        var result = Check(OcppVersion.V201, "Heartbeat", OcppMessageKind.Request, "{}");
        Assert.Multiple(() =>
        {
            Assert.That(result.IsValid, Is.True);
            Assert.That(result.Errors, Is.Empty);
            Assert.That(result.OcppErrorCode, Is.Null);
            Assert.That(result.ErrorDescription, Is.Empty);
        });
    }

    [Test]
    public void Concurrent_first_use_from_many_threads_is_safe()
    {
        var validator = new OcppSchemaValidator();
        var failures = 0;
        Parallel.For(0, 400, i =>
        {
            var version = i % 2 == 0 ? OcppVersion.V16 : OcppVersion.V201;
            var actions = validator.Actions(version);
            var action = actions[i % actions.Count];
            var result = validator.Validate(version, action, OcppMessageKind.Request, JsonNode.Parse("""{"definitelyNotAField":true}"""));
            if (result.IsValid || result.OcppErrorCode is null || result.Errors.Count == 0)
            {
                Interlocked.Increment(ref failures);
            }
        });
        Assert.That(failures, Is.Zero);
    }

    [Test]
    public void An_unknown_version_is_a_caller_bug() =>
        Assert.That(() => Validator.Validate((OcppVersion)99, "Heartbeat", OcppMessageKind.Request, JsonNode.Parse("{}")), Throws.InstanceOf<ArgumentOutOfRangeException>());
}
