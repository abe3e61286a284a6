// Must NOT compile under tsc --strict: an OCPP version outside the enum
// The compile error must fall between the region markers (compile-fail/run.mjs checks it).
import { createOcppLabClient } from "@ocpplab/client";

const api = createOcppLabClient({ baseUrl: "http://127.0.0.1:5080", token: "token" });

export async function invalidCall(): Promise<unknown> {
  // #region invalid
  return api.POST("/ocpp/chargers", {
    body: { identity: "CP-1", brand_slug: "abb", model_slug: "terra-184", connector_type: "CCS2", ws_url: "ws://127.0.0.1:5080/sandbox/csms", ocpp_version: "OCPP3.0" },
  });
  // #endregion
}
