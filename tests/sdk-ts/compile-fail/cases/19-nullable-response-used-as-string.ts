// Must NOT compile under tsc --strict: using a nullable response field (last_heartbeat_at) as a string without a check
// The compile error must fall between the region markers (compile-fail/run.mjs checks it).
import { createOcppLabClient } from "@ocpplab/client";

const api = createOcppLabClient({ baseUrl: "http://127.0.0.1:5080", token: "token" });

export async function invalidCall(): Promise<unknown> {
  // #region invalid
  const { data } = await api.GET("/ocpp/chargers/{charger_id}", { params: { path: { charger_id: "dep-1" } } });
  return data ? data.runtime.last_heartbeat_at.length : 0;
  // #endregion
}
