using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace OcppLab.Api.OpenApi;

/// <summary>Request and response examples, by operation id (the shapes the API really sends and accepts).</summary>
internal static class Examples
{
    private static readonly Dictionary<string, string> Requests = new(StringComparer.Ordinal)
    {
        ["chargers_create"] = """
            {"identity":"CP-FAST-201","brand_slug":"abb","model_slug":"terra-184","connector_type":"CCS2",
             "ws_url":"wss://csms.example.test/ocpp","ocpp_version":"OCPP2.0.1","charge_point_name":"Fast Bay 01",
             "location_id":"4090477f-a416-4515-a302-97aa344a0a2a","security_profile":2,"authorization_key":"s3cret-s3cret-16"}
            """,
        ["chargers_update"] = """{"charge_point_name":"Fast Bay 01 (north)","ws_url":"wss://csms2.example.test/ocpp"}""",
        ["locations_create"] = """
            {"name":"La Defense Charging Hub","address":"1 Parvis de la Défense","city":"Puteaux","country":"FR",
             "coordinates":{"latitude":48.8924,"longitude":2.2369},"timezone":"Europe/Paris","owner_name":"Hub SAS","public":true}
            """,
        ["locations_update"] = """{"public":false}""",
        ["location_chargers_bulk_create"] = """
            [{"template":{"brand_slug":"wallbox","model_slug":"wallbox-pulsar-plus","connector_type":"Type2",
              "ws_url":"ws://127.0.0.1:5080/sandbox/csms","ocpp_version":"OCPP1.6","identity_prefix":"HUB-","template_name":"Hub AC"},
              "charger_ids":["001","002"],"chargers_number":5}]
            """,
        ["commands_proxy_message"] = """
            {"target":{"charger_id":"dep-7f3a9c1e2b4d"},
             "event":{"action":"data_transfer","ocpp_version":"ocpp1.6","payload":{"vendor_id":"com.example","data":"hello"},"validate":true,"timeout_seconds":30}}
            """,
        ["commands_configuration"] = """{"target":{"charger_id":"dep-7f3a9c1e2b4d"},"event":{"configuration":[{"key":"MeterValueSampleInterval","value":"10"},{"key":"HeartbeatInterval","value":"60"}]}}""",
        ["commands_cache_reset"] = """{"target":{"charger_id":"dep-7f3a9c1e2b4d"}}""",
        ["commands_local_auth_list"] = """{"target":{"charger_id":"dep-7f3a9c1e2b4d"},"event":{"list_version":2,"update_type":"Full","entries":[{"id_tag":"04A2B3C4D5","expiry_date":"2027-01-01T00:00:00.000Z","status":"Accepted"}]}}""",
        ["commands_clear_local_auth_list"] = """{"target":{"charger_id":"dep-7f3a9c1e2b4d"}}""",
        ["commands_inject_fault"] = """{"target":{"charger_id":"dep-7f3a9c1e2b4d"},"event":{"fault_type":"GroundFailure","evse_id":1,"connector_id":1}}""",
        ["commands_clear_fault"] = """{"target":{"charger_id":"dep-7f3a9c1e2b4d"},"event":{"evse_id":1,"connector_id":1}}""",
        ["commands_plug_connector"] = """{"target":{"location_id":"4090477f-a416-4515-a302-97aa344a0a2a","charger_ids":["dep-7f3a9c1e2b4d","CP-FAST-202"]},"event":{"evse_id":1,"connector_id":1}}""",
        ["commands_unplug_connector"] = """{"target":{"charger_id":"dep-7f3a9c1e2b4d"},"event":{"evse_id":1,"connector_id":1}}""",
        ["commands_unlock_connector"] = """{"target":{"charger_id":"dep-7f3a9c1e2b4d"},"event":{"evse_id":1,"connector_id":1}}""",
        ["commands_authorize_id_tag"] = """{"target":{"charger_id":"dep-7f3a9c1e2b4d"},"event":{"id_tag":"04A2B3C4D5"}}""",
        ["commands_start_transaction"] = """{"target":{"charger_id":"dep-7f3a9c1e2b4d"},"event":{"connector_id":1,"id_tag":"04A2B3C4D5"}}""",
        ["commands_stop_transaction"] = """{"target":{"charger_id":"dep-7f3a9c1e2b4d"},"event":{"connector_id":1,"reason":"Local"}}""",
        ["commands_start_session"] = """{"target":{"location_id":"4090477f-a416-4515-a302-97aa344a0a2a"},"event":{"id_tag":"04A2B3C4D5","connector_id":1,"duration_seconds":600,"target_energy_kwh":5}}""",
        ["commands_stop_session"] = """{"target":{"charger_id":"dep-7f3a9c1e2b4d"},"event":{"connector_id":1}}""",
        ["commands_ev_requests_energy"] = """{"target":{"charger_id":"dep-7f3a9c1e2b4d"},"event":{"evse_id":1,"connector_id":1}}""",
        ["commands_ev_stops_energy"] = """{"target":{"charger_id":"dep-7f3a9c1e2b4d"},"event":{"evse_id":1,"connector_id":1}}""",
        ["commands_power_update"] = """{"target":{"charger_id":"dep-7f3a9c1e2b4d"},"event":{"power_w":7400,"evse_id":1,"connector_id":1}}""",
    };

    private static readonly Dictionary<string, (string Status, string Json)> Responses = new(StringComparer.Ordinal)
    {
        ["chargers_create"] = ("202", """{"charger_id":"dep-7f3a9c1e2b4d","identity":"CP-FAST-201","status":"PROVISIONING","status_url":"/ocpp/chargers/dep-7f3a9c1e2b4d/status","workflow_run_id":"wfr_3995852ea3680204"}"""),
        ["chargers_get_status"] = ("200", """{"charger_id":"dep-7f3a9c1e2b4d","status":"READY","workflow_run_id":"wfr_3995852ea3680204","error":null,"provisioned_at":"2026-04-09T09:30:01.200Z","steps":[{"name":"validate_model","status":"SUCCEEDED","attempts":1,"last_error":null},{"name":"prepare_runtime_state","status":"SUCCEEDED","attempts":1,"last_error":null},{"name":"start_runtime","status":"SUCCEEDED","attempts":1,"last_error":null}]}"""),
        ["chargers_list_logs"] = ("200", """{"data":[{"direction":"cp_to_csms","action":"BootNotification","message":"[2,\"boot-001\",\"BootNotification\",{\"chargePointVendor\":\"ABB\",\"chargePointModel\":\"Terra 184\"}]","timestamp":"2026-04-09T09:30:00.000Z","message_type":"call","message_id":"boot-001"}],"total":1,"limit":1000,"offset":0}"""),
        ["chargers_start"] = ("202", """{"id":"dep-7f3a9c1e2b4d","event_type":"start_charger","ocpp_version":"OCPP1.6","payload":{"provider":"local","runtime_kind":"in_process","service_name":"dep-7f3a9c1e2b4d","desired_count":1,"status":"ACTIVE"}}"""),
        ["chargers_stop"] = ("202", """{"id":"dep-7f3a9c1e2b4d","event_type":"stop_charger","ocpp_version":"OCPP1.6","payload":{"provider":"local","runtime_kind":"in_process","service_name":"dep-7f3a9c1e2b4d","desired_count":0,"status":"ACTIVE"}}"""),
        ["commands_proxy_message"] = ("200", """{"id":"5f908b8a944b","event_type":"proxy_message","ocpp_version":"ocpp1.6","payload":{"vendorId":"com.example","data":"hello"},"response":{"message_type":"call_result","payload":{"status":"Accepted"}},"latency_ms":12.4}"""),
        ["commands_configuration"] = ("200", """{"status":"Accepted","configured":2,"results":[{"key":"MeterValueSampleInterval","status":"Accepted"},{"key":"HeartbeatInterval","status":"Accepted"}]}"""),
        ["commands_plug_connector"] = ("202", """{"targeted_count":2,"queued_count":1,"failed_count":1,"results":[{"charger_id":"dep-7f3a9c1e2b4d","identity":"CP-FAST-201","command":{"id":"3b659f04660c","event_type":"plug_connector","ocpp_version":"ocpp1.6","payload":{"evse_id":1,"connector_id":1}}}],"failed":[{"charger_id":"dep-0cbd06fd91d9","identity":"CP-FAST-202","error":"The charger is not connected to its CSMS; start it (start-charger) and wait until runtime.state is connected."}]}"""),
    };

    public static void Apply(OpenApiOperation operation, string operationId)
    {
        if (Requests.TryGetValue(operationId, out var request)
            && operation.RequestBody is OpenApiRequestBody body
            && body.Content?.TryGetValue("application/json", out var requestMedia) == true)
        {
            requestMedia.Example = JsonNode.Parse(request);
        }

        if (Responses.TryGetValue(operationId, out var response)
            && operation.Responses?.TryGetValue(response.Status, out var declared) == true
            && declared is OpenApiResponse concrete
            && concrete.Content?.TryGetValue("application/json", out var responseMedia) == true)
        {
            responseMedia.Example = JsonNode.Parse(response.Json);
        }

        if (operation.Responses?.TryGetValue("422", out var invalid) == true
            && invalid is OpenApiResponse problem
            && problem.Content?.TryGetValue("application/problem+json", out var problemMedia) == true)
        {
            problemMedia.Example = JsonNode.Parse("""
                {"type":"https://tools.ietf.org/html/rfc4918#section-11.2","title":"Unprocessable Entity","status":422,
                 "detail":"One or more fields are invalid; see errors.","errors":{"ws_url":["ws_url must be an absolute ws:// or wss:// URL without a fragment."]},
                 "trace_id":"4baba95f11ee4717095bb4036bd352b2"}
                """);
        }
    }
}
