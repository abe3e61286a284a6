// Must NOT compile under tsc --strict: X-Organization-Id as a number
// The compile error must fall between the region markers (compile-fail/run.mjs checks it).
import { createOcppLabClient } from "@ocpplab/client";

const api = createOcppLabClient({ baseUrl: "http://127.0.0.1:5080", token: "token" });

export async function invalidCall(): Promise<unknown> {
  // #region invalid
  return api.GET("/ocpp/chargers", { params: { header: { "X-Organization-Id": 42 } } });
  // #endregion
}
