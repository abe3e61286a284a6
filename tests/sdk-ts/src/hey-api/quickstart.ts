/**
 * (b) The README quickstart through a client generated during the test run by
 * @hey-api/openapi-ts (fetch client + SDK functions) with its zod plugin validating every
 * success response; error bodies are parsed with the generated zod schemas too. Compiled with
 * tsc --strict. Written to the contract of issue 10: no casts, no `any`.
 */
import assert from "node:assert/strict";
import { createClient, createConfig, type Client } from "../../generated/hey-api/client/index.js";
import {
  catalogGetModel, catalogListBrands, catalogListModels, chargersCreate, chargersDelete, chargersGet, chargersGetStatus,
  chargersList, chargersListLogs, commandsProxyMessage, commandsStartSession, commandsStopSession, locationChargersBulkCreate,
  locationChargersDelete, locationChargersGetJob, locationChargersList, locationsCreate, locationsDelete,
} from "../../generated/hey-api/index.js";
import { zChargerResponse, zProblemDetails, zValidationProblemDetails } from "../../generated/hey-api/zod.gen.js";
import { GATEWAY_TIMESTAMP, env, main, poll, runId, show, step, withOffset } from "../common/harness.js";

function clientFor(token: string, headers?: Record<string, string>): Client {
  return createClient(createConfig({ baseUrl: env.baseUrl, auth: token, ...(headers ? { headers } : {}) }));
}

type Failed = { data?: unknown; error: unknown; response?: Response | undefined };

function expectProblem(result: Failed, status: number, what: string): void {
  assert.equal(result.response?.status, status, `${what}: status (body ${show(result.error ?? result.data)})`);
  assert.match(result.response?.headers.get("Content-Type") ?? "", /^application\/problem\+json/, `${what}: content type`);
}

/** An expected failure: that status, problem+json, a body the generated zod schema accepts. */
function problem(result: Failed, status: number, what: string) {
  expectProblem(result, status, what);
  const parsed = zProblemDetails.parse(result.error);
  assert.equal(parsed.status, status, `${what}: problem.status`);
  assert.equal(typeof parsed.title, "string", `${what}: problem.title`);
  assert.ok(typeof parsed.trace_id === "string" && parsed.trace_id.length > 0, `${what}: problem.trace_id`);
  return parsed;
}

/** An expected 422: as problem(), with the `errors` the generated zod schema accepts. */
function validationProblem(result: Failed, what: string) {
  problem(result, 422, what);
  const parsed = zValidationProblemDetails.parse(result.error);
  assert.ok(parsed.errors !== undefined, `${what}: errors`);
  return parsed.errors;
}

main("hey-api quickstart (@hey-api/openapi-ts + zod)", async () => {
  const client = clientFor(env.userToken);
  const admin = clientFor(env.adminToken, { "X-Organization-Id": env.organizationId });
  const adminBare = clientFor(env.adminToken);

  await step("the zod schemas reject a body that is not what the document says", async () => {
    assert.equal(zChargerResponse.safeParse({ id: 1 }).success, false);
    // The generated SDK functions really validate: a 200 that is not a ChargerResponse is refused.
    const lying = createClient(createConfig({
      baseUrl: env.baseUrl,
      fetch: async () => new Response(JSON.stringify({ id: 1 }), { status: 200, headers: { "Content-Type": "application/json" } }),
    }));
    await assert.rejects(chargersGet({ client: lying, path: { charger_id: "dep-1" }, throwOnError: true }),
      (error: unknown) => typeof error === "object" && error !== null && "issues" in error && Array.isArray(error.issues) && error.issues.length > 0);
  });

  await step("catalog: brands, models of abb, terra-184", async () => {
    const { data: brands } = await catalogListBrands({ client, query: { page: 1, limit: 100 }, throwOnError: true });
    assert.ok(brands.data.some((b) => b.slug === "abb"));
    const { data: models } = await catalogListModels({ client, path: { brand_slug: "abb" }, query: { limit: 100 }, throwOnError: true });
    assert.ok(models.data.some((m) => m.slug === "terra-184"));
    const { data: model } = await catalogGetModel({ client, path: { brand_slug: "abb", model_slug: "terra-184" }, throwOnError: true });
    assert.ok(model.connector_types.includes("CCS2"));
    assert.match(model.created_at, GATEWAY_TIMESTAMP);
  });

  const { data: location } = await step("create a location", () =>
    locationsCreate({ client, body: { name: `TS hey-api Hub ${runId}`, country: "DE", timezone: "Europe/Berlin" }, throwOnError: true }));

  const identity = `TS-HEY-${runId}`;
  const before = new Date(Date.now() - 1_000);
  const { data: created } = await step("create a charger against the sandbox CSMS", () => chargersCreate({
    client,
    body: { identity, brand_slug: "abb", model_slug: "terra-184", connector_type: "CCS2", ws_url: env.sandboxUrl, ocpp_version: "OCPP2.0.1", location_id: location.id },
    throwOnError: true,
  }));
  const path = { charger_id: created.charger_id };

  await step("poll the status to READY", async () => {
    const status = await poll("provisioning", async () => (await chargersGetStatus({ client, path, throwOnError: true })).data,
      (s) => s.status === "READY" || s.status === "FAILED");
    assert.equal(status.status, "READY", JSON.stringify(status.error));
    assert.ok(status.provisioned_at !== null && GATEWAY_TIMESTAMP.test(status.provisioned_at));
  });

  await step("runtime connected, boot accepted", async () => {
    const charger = await poll("runtime", async () => (await chargersGet({ client, path, throwOnError: true })).data,
      (c) => c.runtime.state === "connected" && c.runtime.boot_status === "Accepted");
    assert.equal(charger.location_id, location.id);
    const connectedAt: string | null = charger.runtime.connected_at;
    assert.ok(connectedAt !== null && GATEWAY_TIMESTAMP.test(connectedAt));
  });

  await step("logs with every filter: event, start_date/end_date with offsets, limit, offset", async () => {
    const start_date = withOffset(new Date(before.getTime() - 60_000), 330);
    const end_date = withOffset(new Date(Date.now() + 120_000), -240);
    const first = await poll("two BootNotification frames",
      async () => (await chargersListLogs({ client, path, query: { event: "BootNotification", start_date, end_date, limit: 1, offset: 0 }, throwOnError: true })).data,
      (page) => page.total >= 2);
    assert.equal(first.data.length, 1);
    assert.equal(first.data[0]?.message_type, "call");
    const { data: second } = await chargersListLogs({ client, path, query: { event: "BootNotification", start_date, end_date, limit: 1, offset: 1 }, throwOnError: true });
    assert.equal(second.data[0]?.message_type, "call_result");
    assert.equal(second.data[0]?.message_id, first.data[0]?.message_id);
    const { data: beyond } = await chargersListLogs({ client, path, query: { event: "BootNotification", offset: first.total }, throwOnError: true });
    assert.deepEqual(beyond.data, []);
    const { data: earlier } = await chargersListLogs({
      client, path, throwOnError: true,
      query: { start_date: withOffset(new Date(before.getTime() - 7_200_000), 330), end_date: withOffset(new Date(before.getTime() - 3_600_000), -240) },
    });
    assert.equal(earlier.total, 0);
    const { data: all } = await chargersListLogs({ client, path, query: { start_date, limit: 1000 }, throwOnError: true });
    assert.ok(all.total > first.total);
    assert.ok(all.data.every((e) => GATEWAY_TIMESTAMP.test(e.timestamp)));
  });

  await step("start-session, then stop-session", async () => {
    const { data: started } = await commandsStartSession({ client, body: { target: { charger_id: created.charger_id }, event: { id_tag: "04A2B3C4D5", evse_id: 1, duration_seconds: 600 } }, throwOnError: true });
    assert.equal(started.queued_count, 1);
    assert.equal(started.failed_count, 0);
    await poll("a TransactionEvent Started", async () => (await chargersListLogs({ client, path, query: { event: "TransactionEvent" }, throwOnError: true })).data,
      (page) => page.data.some((e) => e.message_type === "call" && e.message.includes("\"Started\"")));
    const { data: stopped } = await commandsStopSession({ client, body: { target: { charger_id: created.charger_id }, event: { evse_id: 1 } }, throwOnError: true });
    assert.equal(stopped.queued_count, 1);
    await poll("a TransactionEvent Ended", async () => (await chargersListLogs({ client, path, query: { event: "TransactionEvent" }, throwOnError: true })).data,
      (page) => page.data.some((e) => e.message_type === "call" && e.message.includes("\"Ended\"")));
  });

  await step("proxy-message: DataTransfer with a payload", async () => {
    const { data: transfer } = await commandsProxyMessage({
      client, throwOnError: true,
      body: { target: { charger_id: created.charger_id }, event: { action: "data_transfer", payload: { vendor_id: "com.example", data: "hi" } } },
    });
    assert.equal(transfer.response.message_type, "call_result");
    assert.equal(transfer.response.payload?.["status"], "Accepted");
  });

  await step("bulk create in the location, poll the job, list and delete them", async () => {
    const prefix = `TS-HEYBULK-${runId}-`;
    const { data: accepted } = await locationChargersBulkCreate({
      client, path: { location_id: location.id }, throwOnError: true,
      body: [{ template: { brand_slug: "abb", model_slug: "terra-184", connector_type: "CCS2", ws_url: env.sandboxUrl, ocpp_version: "OCPP1.6", identity_prefix: prefix }, chargers_number: 2 }],
    });
    const job = await poll("the bulk job", async () => (await locationChargersGetJob({ client, path: { location_id: location.id, job_id: accepted.job_id }, throwOnError: true })).data,
      (j) => j.status === "READY" || j.status === "FAILED");
    assert.equal(job.status, "READY", JSON.stringify(job.error));
    assert.equal(job.results.created.length, 2);
    assert.ok(job.results.created.every((c) => /^[0-9a-f]{6}$/i.test(c.identity.slice(prefix.length))), "random hex suffixes");
    const ids = job.results.created.map((c) => c.charger_id);
    const { data: listed } = await locationChargersList({ client, path: { location_id: location.id }, query: { charger_ids: ids }, throwOnError: true });
    assert.deepEqual(listed.data.map((c) => c.id).sort(), [...ids].sort());
    const { data: deleted } = await locationChargersDelete({ client, path: { location_id: location.id }, query: { charger_ids: ids }, throwOnError: true });
    assert.deepEqual([...deleted.deleted].sort(), [...ids].sort());
  });

  await step("admin with X-Organization-Id; without it 403", async () => {
    const { data: seen } = await chargersGet({ client: admin, path, throwOnError: true });
    assert.equal(seen.identity, identity);
    const { data: listed } = await chargersList({ client: adminBare, headers: { "X-Organization-Id": env.organizationId }, query: { location_id: location.id }, throwOnError: true });
    assert.ok(listed.data.some((c) => c.id === created.charger_id));
    problem(await chargersGet({ client: adminBare, path }), 403, "admin without tenant");
  });

  await step("typed 404, 409 and 422", async () => {
    problem(await chargersGet({ client, path: { charger_id: "dep-000000000000" } }), 404, "unknown charger");
    problem(await chargersCreate({
      client, body: { identity, brand_slug: "abb", model_slug: "terra-184", connector_type: "CCS2", ws_url: env.sandboxUrl, ocpp_version: "OCPP2.0.1" },
    }), 409, "duplicate identity");
    const invalid = await chargersCreate({
      client, body: { identity: "bad:identity", brand_slug: "abb", model_slug: "terra-184", connector_type: "CCS2", ws_url: "http://not-a-websocket", ocpp_version: "OCPP1.6" },
    });
    const errors = validationProblem(invalid, "invalid charger");
    assert.ok(errors["identity"]?.length && errors["ws_url"]?.length, "errors.identity and errors.ws_url");
    if (invalid.error !== undefined && "errors" in invalid.error) {
      assert.ok(invalid.error.errors?.["identity"], "the typed 422 error carries errors too");
    } else {
      assert.fail("the typed error of a 422 is a ValidationProblemDetails");
    }
    const noOffset = validationProblem(await chargersListLogs({ client, path, query: { end_date: "2026-04-09T08:00:00" } }), "date-time without offset");
    assert.ok(noOffset["end_date"]?.length, "errors.end_date");
  });

  await step("delete the charger (204, then 404) and the location", async () => {
    const removed = await chargersDelete({ client, path });
    assert.equal(removed.response?.status, 204, JSON.stringify(removed.error));
    problem(await chargersGet({ client, path }), 404, "deleted charger");
    const gone = await locationsDelete({ client, path: { location_id: location.id } });
    assert.equal(gone.response?.status, 204, JSON.stringify(gone.error));
  });
});
