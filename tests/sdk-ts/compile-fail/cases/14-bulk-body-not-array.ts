// Must NOT compile under tsc --strict: a bulk create body that is one item instead of an array
// The compile error must fall between the region markers (compile-fail/run.mjs checks it).
import { createOcppLabClient } from "@ocpplab/client";

const api = createOcppLabClient({ baseUrl: "http://127.0.0.1:5080", token: "token" });

export async function invalidCall(): Promise<unknown> {
  // #region invalid
  return api.POST("/ocpp/locations/{location_id}/chargers", {
    params: { path: { location_id: "3f2c8a4e-0000-4000-8000-000000000001" } },
    body: { template: { brand_slug: "abb", model_slug: "terra-184", connector_type: "CCS2", ws_url: "ws://127.0.0.1:5080/sandbox/csms", identity_prefix: "HUB-" }, chargers_number: 2 },
  });
  // #endregion
}
