// MUST compile under tsc --strict: the valid counterpart of every case in cases/, so that each case
// fails for the one thing it gets wrong, not because the SDK cannot be used at all.
import { createOcppLabClient, type Schemas } from "@ocpplab/client";

const api = createOcppLabClient({ baseUrl: "http://127.0.0.1:5080", token: "token" });
const admin = createOcppLabClient({ baseUrl: "http://127.0.0.1:5080", token: async () => "admin-token", organizationId: "acme" });
const location_id = "3f2c8a4e-0000-4000-8000-000000000001";
const ws_url = "ws://127.0.0.1:5080/sandbox/csms";

export async function validCalls(): Promise<unknown[]> {
  const results: unknown[] = [];
  // 01, 02, 03, 04, 12: a complete charger, every optional field of the right type.
  results.push(await api.POST("/ocpp/chargers", {
    body: {
      identity: "CP-1", brand_slug: "abb", model_slug: "terra-184", connector_type: "CCS2", ws_url,
      ocpp_version: "OCPP1.6", security_profile: 1, authorization_key: "0123456789abcdef", location_id, charge_point_name: "Bay 1",
    },
  }));
  results.push(await api.POST("/ocpp/chargers", { body: { identity: "CP-2", brand_slug: "abb", model_slug: "terra-184", connector_type: "CCS2", ws_url, ocpp_version: "OCPP2.0.1" } }));
  // 05, 13: logs with every filter.
  results.push(await api.GET("/ocpp/chargers/{charger_id}/logs", {
    params: { path: { charger_id: "dep-1" }, query: { event: "BootNotification", start_date: "2026-04-09T10:00:00.000+05:00", end_date: "2026-04-09T12:00:00.000-03:00", limit: 10, offset: 20 } },
  }));
  // 06, 18, 19: a typed response, nullable fields checked before use.
  const { data } = await api.GET("/ocpp/chargers/{charger_id}", { params: { path: { charger_id: "dep-1" } } });
  if (data) {
    const state: Schemas["RuntimeStateName"] | null = data.runtime.state;
    const heartbeat: string | null = data.runtime.last_heartbeat_at;
    results.push(state, heartbeat === null ? 0 : heartbeat.length);
  }
  // 07: both target shapes of a fan-out command.
  results.push(await api.POST("/ocpp/commands/start-session", { body: { target: { charger_id: "dep-1" }, event: { id_tag: "04A2B3C4D5", evse_id: 1 } } }));
  results.push(await api.POST("/ocpp/commands/start-session", { body: { target: { location_id, charger_ids: ["dep-1", "CP-2"] }, event: { id_tag: "04A2B3C4D5" } } }));
  results.push(await api.POST("/ocpp/commands/stop-session", { body: { target: { location_id }, event: { evse_id: 1 } } }));
  // 08, 11: proxy-message with a free-form payload, no cast.
  results.push(await api.POST("/ocpp/commands/proxy-message", {
    body: { target: { charger_id: "dep-1" }, event: { action: "DataTransfer", payload: { vendorId: "com.example", data: "hi", nested: { n: 1 } }, validate: true, timeout_seconds: 10 } },
  }));
  // 09, 17: local-auth-list with its enums.
  results.push(await api.POST("/ocpp/commands/local-auth-list", {
    body: { target: { charger_id: "dep-1" }, event: { list_version: 2, update_type: "Differential", entries: [{ id_tag: "04A2B3C4D5", status: "Accepted" }] } },
  }));
  // 10: start-session with its id_tag (done above); 14: the bulk body as an array.
  results.push(await api.POST("/ocpp/locations/{location_id}/chargers", {
    params: { path: { location_id } },
    body: [{ template: { brand_slug: "abb", model_slug: "terra-184", connector_type: "CCS2", ws_url, identity_prefix: "HUB-", ocpp_version: "OCPP1.6" }, charger_ids: ["001"], chargers_number: 2 }],
  }));
  // 15: the route with its method.
  results.push(await api.POST("/ocpp/chargers/{charger_id}/start-charger", { params: { path: { charger_id: "dep-1" } } }));
  // 16: the admin header, per call and as a client default.
  results.push(await api.GET("/ocpp/chargers", { params: { header: { "X-Organization-Id": "acme" }, query: { location_id, page: 1, limit: 50 } } }));
  results.push(await admin.GET("/ocpp/chargers/{charger_id}", { params: { path: { charger_id: "dep-1" } } }));
  return results;
}
