// Must NOT compile under tsc --strict: GET on a route that is POST only
// The compile error must fall between the region markers (compile-fail/run.mjs checks it).
import { createOcppLabClient } from "@ocpplab/client";

const api = createOcppLabClient({ baseUrl: "http://127.0.0.1:5080", token: "token" });

export async function invalidCall(): Promise<unknown> {
  // #region invalid
  return api.GET("/ocpp/chargers/{charger_id}/start-charger", { params: { path: { charger_id: "dep-1" } } });
  // #endregion
}
