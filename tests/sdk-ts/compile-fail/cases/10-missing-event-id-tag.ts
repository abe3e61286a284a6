// Must NOT compile under tsc --strict: start-session without the id_tag its event requires
// The compile error must fall between the region markers (compile-fail/run.mjs checks it).
import { createOcppLabClient } from "@ocpplab/client";

const api = createOcppLabClient({ baseUrl: "http://127.0.0.1:5080", token: "token" });

export async function invalidCall(): Promise<unknown> {
  // #region invalid
  return api.POST("/ocpp/commands/start-session", {
    body: { target: { charger_id: "dep-1" }, event: { evse_id: 1, duration_seconds: 60 } },
  });
  // #endregion
}
