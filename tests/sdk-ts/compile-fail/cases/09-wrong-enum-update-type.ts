// Must NOT compile under tsc --strict: a local-auth-list update_type outside Full | Differential
// The compile error must fall between the region markers (compile-fail/run.mjs checks it).
import { createOcppLabClient } from "@ocpplab/client";

const api = createOcppLabClient({ baseUrl: "http://127.0.0.1:5080", token: "token" });

export async function invalidCall(): Promise<unknown> {
  // #region invalid
  return api.POST("/ocpp/commands/local-auth-list", {
    body: { target: { charger_id: "dep-1" }, event: { list_version: 2, update_type: "Partial", entries: [] } },
  });
  // #endregion
}
