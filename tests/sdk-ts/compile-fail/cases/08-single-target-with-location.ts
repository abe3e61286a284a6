// Must NOT compile under tsc --strict: a location target for a single-charger command (proxy-message)
// The compile error must fall between the region markers (compile-fail/run.mjs checks it).
import { createOcppLabClient } from "@ocpplab/client";

const api = createOcppLabClient({ baseUrl: "http://127.0.0.1:5080", token: "token" });

export async function invalidCall(): Promise<unknown> {
  // #region invalid
  return api.POST("/ocpp/commands/proxy-message", {
    body: { target: { location_id: "3f2c8a4e-0000-4000-8000-000000000001" }, event: { action: "Heartbeat", payload: {} } },
  });
  // #endregion
}
