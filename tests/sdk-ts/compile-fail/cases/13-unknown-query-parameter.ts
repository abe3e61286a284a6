// Must NOT compile under tsc --strict: a query parameter the operation does not have (evnt for event)
// The compile error must fall between the region markers (compile-fail/run.mjs checks it).
import { createOcppLabClient } from "@ocpplab/client";

const api = createOcppLabClient({ baseUrl: "http://127.0.0.1:5080", token: "token" });

export async function invalidCall(): Promise<unknown> {
  // #region invalid
  return api.GET("/ocpp/chargers/{charger_id}/logs", {
    params: { path: { charger_id: "dep-1" }, query: { evnt: "BootNotification" } },
  });
  // #endregion
}
