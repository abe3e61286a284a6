// Must NOT compile under tsc --strict: a fan-out target with charger_ids but neither charger_id nor location_id
// The compile error must fall between the region markers (compile-fail/run.mjs checks it).
import { createOcppLabClient } from "@ocpplab/client";

const api = createOcppLabClient({ baseUrl: "http://127.0.0.1:5080", token: "token" });

export async function invalidCall(): Promise<unknown> {
  // #region invalid
  return api.POST("/ocpp/commands/start-session", {
    body: { target: { charger_ids: ["dep-1"] }, event: { id_tag: "04A2B3C4D5" } },
  });
  // #endregion
}
