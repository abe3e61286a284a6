/**
 * (a) The README quickstart through the packed @ocpplab/client (openapi-typescript types +
 * openapi-fetch), compiled with tsc --strict, every response validated against the document the
 * package shipped with. Written to the contract of issue 10: no casts, no `any`.
 */
import assert from "node:assert/strict";
import { createOcppLabClient, type OcppLabClient, type Schemas } from "@ocpplab/client";
import { GATEWAY_TIMESTAMP, env, main, poll, runId, show, step, withOffset } from "../common/harness.js";
import { ResponseValidator, shippedDocument } from "./validation.js";

const validator = new ResponseValidator(shippedDocument());

function validated(client: OcppLabClient): OcppLabClient {
  client.use(validator.middleware());
  return client;
}

/** The success body, or a failure naming the status and the problem. */
function ok<T>(result: { data?: T; error?: unknown; response: Response }, what: string): T {
  if (result.error !== undefined || result.data === undefined) {
    assert.fail(`${what}: ${result.response.status} ${JSON.stringify(result.error)}`);
  }
  return result.data;
}

/** The typed problem of an expected failure, checked as problem+json with that status. */
function problem<E>(result: { data?: unknown; error?: E; response: Response }, status: number, what: string): E {
  assert.equal(result.response.status, status, `${what}: status (body ${show(result.data ?? result.error)})`);
  assert.match(result.response.headers.get("Content-Type") ?? "", /^application\/problem\+json/, `${what}: content type`);
  assert.ok(result.error !== undefined, `${what}: a typed error body`);
  return result.error;
}

function assertProblem(p: Schemas["ProblemDetails"], status: number, what: string): void {
  assert.equal(p.status, status, `${what}: problem.status`);
  assert.equal(typeof p.title, "string", `${what}: problem.title`);
  assert.ok(typeof p.trace_id === "string" && p.trace_id.length > 0, `${what}: problem.trace_id`);
}

main("sdk quickstart (openapi-typescript + openapi-fetch)", async () => {
  const api = validated(createOcppLabClient({ baseUrl: env.baseUrl, token: env.userToken }));
  const admin = validated(createOcppLabClient({ baseUrl: env.baseUrl, token: env.adminToken, organizationId: env.organizationId }));
  const adminBare = validated(createOcppLabClient({ baseUrl: env.baseUrl, token: env.adminToken }));

  await step("the validator rejects a body that is not what the document says", async () => {
    assert.throws(() => validator.check("GET", "/ocpp/chargers/{charger_id}", 200, "application/json", JSON.stringify({ id: 1 })), /does not match/);
    assert.throws(() => validator.check("GET", "/ocpp/chargers/{charger_id}", 299, "application/json", "{}"), /not declared/);
    assert.throws(() => validator.check("GET", "/ocpp/chargers/{charger_id}", 404, "text/html", "<p>"), /not declared/);
    // …and it is wired into the client: a 200 that is not a ChargerResponse rejects the call.
    const lying = validated(createOcppLabClient({
      baseUrl: env.baseUrl,
      token: "unused",
      fetch: async () => new Response(JSON.stringify({ id: 1 }), { status: 200, headers: { "Content-Type": "application/json" } }),
    }));
    await assert.rejects(lying.GET("/ocpp/chargers/{charger_id}", { params: { path: { charger_id: "dep-1" } } }), /does not match the document/);
  });

  await step("catalog: brands, models of abb, terra-184", async () => {
    const brands = ok(await api.GET("/ocpp/catalog/brands", { params: { query: { page: 1, limit: 100 } } }), "brands");
    assert.ok(brands.data.some((b) => b.slug === "abb"), "abb is a brand");
    const models = ok(await api.GET("/ocpp/catalog/brands/{brand_slug}/models", { params: { path: { brand_slug: "abb" }, query: { limit: 100 } } }), "models");
    assert.ok(models.data.some((m) => m.slug === "terra-184"), "terra-184 is an abb model");
    const model = ok(await api.GET("/ocpp/catalog/brands/{brand_slug}/models/{model_slug}", { params: { path: { brand_slug: "abb", model_slug: "terra-184" } } }), "model");
    assert.ok(model.connector_types.includes("CCS2"), "terra-184 has CCS2");
    assert.match(model.created_at, GATEWAY_TIMESTAMP);
  });

  const location = await step("create a location", async () => {
    const created = ok(await api.POST("/ocpp/locations", { body: { name: `TS SDK Hub ${runId}`, country: "FR", timezone: "Europe/Paris", coordinates: { latitude: 48.85, longitude: 2.35 } } }), "location");
    assert.equal(created.country, "FR");
    return created;
  });

  const identity = `TS-SDK-${runId}`;
  const before = new Date(Date.now() - 1_000);
  const chargerId = await step("create a charger against the sandbox CSMS", async () => {
    const created = ok(await api.POST("/ocpp/chargers", {
      body: {
        identity,
        brand_slug: "abb",
        model_slug: "terra-184",
        connector_type: "CCS2",
        ws_url: env.sandboxUrl,
        ocpp_version: "OCPP2.0.1",
        location_id: location.id,
      },
    }), "create charger");
    assert.equal(created.identity, identity);
    assert.ok(["PENDING", "PROVISIONING"].includes(created.status), `provisioning has begun (${created.status})`);
    return created.charger_id;
  });
  const path = { charger_id: chargerId };

  await step("poll the status to READY", async () => {
    const status = await poll("provisioning", async () => ok(await api.GET("/ocpp/chargers/{charger_id}/status", { params: { path } }), "status"),
      (s) => s.status === "READY" || s.status === "FAILED");
    assert.equal(status.status, "READY", JSON.stringify(status.error));
    assert.ok(status.provisioned_at !== null && GATEWAY_TIMESTAMP.test(status.provisioned_at), "provisioned_at once READY");
  });

  await step("runtime connected, boot accepted", async () => {
    const charger = await poll("runtime", async () => ok(await api.GET("/ocpp/chargers/{charger_id}", { params: { path } }), "charger"),
      (c) => c.runtime.state === "connected" && c.runtime.boot_status === "Accepted");
    assert.equal(charger.location_id, location.id);
    assert.equal(charger.ocpp_version, "OCPP2.0.1");
    const connectedAt: string | null = charger.runtime.connected_at;
    assert.ok(connectedAt !== null && GATEWAY_TIMESTAMP.test(connectedAt), "connected_at");
  });

  await step("logs with every filter: event, start_date/end_date with offsets, limit, offset", async () => {
    // The window is written in +05:00 and -03:00: read as local or UTC it would miss everything.
    const start_date = withOffset(new Date(before.getTime() - 60_000), 300);
    const end_date = withOffset(new Date(Date.now() + 120_000), -180);
    const first = await poll("two BootNotification frames", async () => ok(await api.GET("/ocpp/chargers/{charger_id}/logs", {
      params: { path, query: { event: "BootNotification", start_date, end_date, limit: 1, offset: 0 } },
    }), "logs"), (page) => page.total >= 2);
    assert.equal(first.limit, 1);
    assert.equal(first.offset, 0);
    assert.equal(first.data.length, 1);
    const call = first.data[0]!;
    assert.equal(call.action, "BootNotification");
    assert.equal(call.message_type, "call", "oldest first: the CALL before its result");
    assert.equal(call.direction, "cp_to_csms");
    assert.match(call.timestamp, GATEWAY_TIMESTAMP);

    const second = ok(await api.GET("/ocpp/chargers/{charger_id}/logs", { params: { path, query: { event: "BootNotification", start_date, end_date, limit: 1, offset: 1 } } }), "logs offset 1");
    assert.equal(second.offset, 1);
    assert.equal(second.data[0]?.message_type, "call_result");
    assert.equal(second.data[0]?.message_id, call.message_id, "the result answers that CALL");

    const past = ok(await api.GET("/ocpp/chargers/{charger_id}/logs", { params: { path, query: { offset: first.total } } }), "logs past the end");
    assert.equal(past.data.length, past.total - first.total < 0 ? 0 : past.data.length);
    const beyond = ok(await api.GET("/ocpp/chargers/{charger_id}/logs", { params: { path, query: { event: "BootNotification", offset: first.total } } }), "logs beyond");
    assert.deepEqual(beyond.data, [], "an offset at the total is an empty page");
    assert.equal(beyond.total, first.total);

    const earlier = ok(await api.GET("/ocpp/chargers/{charger_id}/logs", {
      params: { path, query: { start_date: withOffset(new Date(before.getTime() - 7_200_000), 300), end_date: withOffset(new Date(before.getTime() - 3_600_000), -180) } },
    }), "logs before the charger existed");
    assert.equal(earlier.total, 0, "a window before the charger existed is empty");

    const all = ok(await api.GET("/ocpp/chargers/{charger_id}/logs", { params: { path, query: { start_date, limit: 1000 } } }), "all logs");
    assert.ok(all.total > first.total, "without the event filter there are more frames");
    const stamps = all.data.map((e) => e.timestamp);
    assert.deepEqual([...stamps].sort(), stamps, "oldest first");
    assert.ok(all.data.some((e) => e.action === "StatusNotification"));
  });

  await step("start-session, then stop-session", async () => {
    const started = ok(await api.POST("/ocpp/commands/start-session", {
      body: { target: { charger_id: chargerId }, event: { id_tag: "04A2B3C4D5", evse_id: 1, duration_seconds: 600 } },
    }), "start-session");
    assert.equal(started.targeted_count, 1);
    assert.equal(started.queued_count, 1);
    assert.equal(started.failed_count, 0);
    assert.equal(started.results[0]?.charger_id, chargerId);
    await poll("a TransactionEvent Started", async () => ok(await api.GET("/ocpp/chargers/{charger_id}/logs", { params: { path, query: { event: "TransactionEvent" } } }), "tx logs"),
      (page) => page.data.some((e) => e.message_type === "call" && e.message.includes("\"Started\"")));

    const stopped = ok(await api.POST("/ocpp/commands/stop-session", { body: { target: { charger_id: chargerId }, event: { evse_id: 1 } } }), "stop-session");
    assert.equal(stopped.queued_count, 1);
    await poll("a TransactionEvent Ended", async () => ok(await api.GET("/ocpp/chargers/{charger_id}/logs", { params: { path, query: { event: "TransactionEvent" } } }), "tx logs"),
      (page) => page.data.some((e) => e.message_type === "call" && e.message.includes("\"Ended\"")));
  });

  await step("proxy-message: DataTransfer with a payload, Heartbeat", async () => {
    const transfer = ok(await api.POST("/ocpp/commands/proxy-message", {
      body: { target: { charger_id: chargerId }, event: { action: "DataTransfer", payload: { vendorId: "com.example", data: "hi" }, timeout_seconds: 10 } },
    }), "proxy DataTransfer");
    assert.equal(transfer.response.message_type, "call_result");
    assert.equal(transfer.response.payload?.["status"], "Accepted");
    assert.equal(transfer.payload["vendorId"], "com.example");

    const heartbeat = ok(await api.POST("/ocpp/commands/proxy-message", { body: { target: { charger_id: chargerId }, event: { action: "heartbeat", payload: {} } } }), "proxy Heartbeat");
    assert.equal(heartbeat.response.message_type, "call_result");
    assert.equal(typeof heartbeat.response.payload?.["currentTime"], "string");
    assert.ok(heartbeat.latency_ms >= 0);
  });

  await step("bulk create in the location, poll the job, list and delete them", async () => {
    const prefix = `TS-BULK-${runId}-`;
    const accepted = ok(await api.POST("/ocpp/locations/{location_id}/chargers", {
      params: { path: { location_id: location.id } },
      body: [{
        template: { brand_slug: "abb", model_slug: "terra-184", connector_type: "CCS2", ws_url: env.sandboxUrl, ocpp_version: "OCPP1.6", identity_prefix: prefix },
        charger_ids: ["001", "002"],
        chargers_number: 2,
      }],
    }), "bulk create");
    const jobPath = { location_id: location.id, job_id: accepted.job_id };
    const job = await poll("the bulk job", async () => ok(await api.GET("/ocpp/locations/{location_id}/chargers/jobs/{job_id}", { params: { path: jobPath } }), "job"),
      (j) => j.status === "READY" || j.status === "FAILED");
    assert.equal(job.status, "READY", JSON.stringify(job.error));
    assert.deepEqual(job.results.created.map((c) => c.identity).sort(), [`${prefix}001`, `${prefix}002`]);
    assert.deepEqual(job.results.failed, []);
    assert.ok(job.provisioned_at !== null && GATEWAY_TIMESTAMP.test(job.provisioned_at));

    const ids = job.results.created.map((c) => c.charger_id);
    const listed = ok(await api.GET("/ocpp/locations/{location_id}/chargers", { params: { path: { location_id: location.id }, query: { charger_ids: ids, limit: 10 } } }), "list subset");
    assert.deepEqual(listed.data.map((c) => c.id).sort(), [...ids].sort());
    const deleted = ok(await api.DELETE("/ocpp/locations/{location_id}/chargers", { params: { path: { location_id: location.id }, query: { charger_ids: ids } } }), "delete subset");
    assert.deepEqual([...deleted.deleted].sort(), [...ids].sort());
    assert.deepEqual(deleted.not_found, []);
  });

  await step("admin with X-Organization-Id (client default and per call); without it 403", async () => {
    const seen = ok(await admin.GET("/ocpp/chargers/{charger_id}", { params: { path } }), "admin get");
    assert.equal(seen.identity, identity);
    const perCall = ok(await adminBare.GET("/ocpp/chargers", { params: { header: { "X-Organization-Id": env.organizationId }, query: { location_id: location.id, limit: 100 } } }), "admin list");
    assert.ok(perCall.data.some((c) => c.id === chargerId));
    assertProblem(problem(await adminBare.GET("/ocpp/chargers/{charger_id}", { params: { path } }), 403, "admin without tenant"), 403, "admin without tenant");
    assertProblem(problem(await api.GET("/ocpp/chargers/{charger_id}", { params: { path, header: { "X-Organization-Id": env.organizationId } } }), 403, "user with header"), 403, "user with header");
  });

  await step("typed 404, 409 and 422", async () => {
    assertProblem(problem(await api.GET("/ocpp/chargers/{charger_id}", { params: { path: { charger_id: "dep-000000000000" } } }), 404, "unknown charger"), 404, "unknown charger");

    const duplicate = problem(await api.POST("/ocpp/chargers", {
      body: { identity, brand_slug: "abb", model_slug: "terra-184", connector_type: "CCS2", ws_url: env.sandboxUrl, ocpp_version: "OCPP2.0.1" },
    }), 409, "duplicate identity");
    assertProblem(duplicate, 409, "duplicate identity");

    const invalid = problem(await api.POST("/ocpp/chargers", {
      body: { identity: "bad:identity", brand_slug: "abb", model_slug: "terra-184", connector_type: "CCS2", ws_url: "http://not-a-websocket", ocpp_version: "OCPP1.6" },
    }), 422, "invalid charger");
    assertProblem(invalid, 422, "invalid charger");
    assert.ok("errors" in invalid, "a 422 carries errors");
    assert.ok(invalid.errors["identity"]?.length, "errors.identity");
    assert.ok(invalid.errors["ws_url"]?.length, "errors.ws_url");

    const badPage = problem(await api.GET("/ocpp/chargers/{charger_id}/logs", { params: { path, query: { limit: 1001 } } }), 422, "limit over 1000");
    assert.ok("errors" in badPage && badPage.errors["limit"]?.length, "errors.limit");
    const noOffset = problem(await api.GET("/ocpp/chargers/{charger_id}/logs", { params: { path, query: { start_date: "2026-04-09T08:00:00" } } }), 422, "date-time without offset");
    assert.ok("errors" in noOffset && noOffset.errors["start_date"]?.length, "errors.start_date");
  });

  await step("delete: the location with a charger is a 409, the charger is a 204 then a 404", async () => {
    assertProblem(problem(await api.DELETE("/ocpp/locations/{location_id}", { params: { path: { location_id: location.id } } }), 409, "location in use"), 409, "location in use");
    const removed = await api.DELETE("/ocpp/chargers/{charger_id}", { params: { path } });
    assert.equal(removed.response.status, 204, JSON.stringify(removed.error));
    problem(await api.GET("/ocpp/chargers/{charger_id}", { params: { path } }), 404, "deleted charger");
    const gone = await api.DELETE("/ocpp/locations/{location_id}", { params: { path: { location_id: location.id } } });
    assert.equal(gone.response.status, 204, JSON.stringify(gone.error));
  });

  await step("every response was validated", async () => {
    const statuses = new Set(validator.validated.map((v) => v.status));
    for (const status of [200, 201, 202, 204, 403, 404, 409, 422]) {
      assert.ok(statuses.has(status), `a ${status} was validated`);
    }
    console.log(`# ${validator.validated.length} responses validated against the document`);
  });
});
