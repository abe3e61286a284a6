/**
 * What both quickstarts share: the gateway they drive (from the environment the NUnit fixture
 * sets), polling with a deadline, RFC 3339 timestamps with offsets, and step-by-step output.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: the NUnit fixture (or you) must name the gateway and the tokens.`);
  }
  return value;
}

export const env = {
  /** e.g. http://127.0.0.1:5080 */
  baseUrl: required("OCPPLAB_BASE_URL"),
  /** ws://…/sandbox/csms of the same gateway */
  sandboxUrl: required("OCPPLAB_SANDBOX_URL"),
  /** a user token of organizationId */
  userToken: required("OCPPLAB_USER_TOKEN"),
  /** an admin token (of another organization: it acts through X-Organization-Id) */
  adminToken: required("OCPPLAB_ADMIN_TOKEN"),
  /** the user token's org_id */
  organizationId: required("OCPPLAB_ORG"),
};

/** A suffix that keeps identities of concurrent or repeated runs apart. */
export const runId = randomBytes(3).toString("hex").toUpperCase();

/** How the gateway writes every timestamp: UTC, `Z`, exactly three fraction digits. */
export const GATEWAY_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** `date` as RFC 3339 with an explicit offset, e.g. 2026-04-09T13:00:00.000+05:00 for +300 minutes. */
export function withOffset(date: Date, offsetMinutes: number): string {
  const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, -1);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `${local}${sign}${hh}:${mm}`;
}

/** Polls `probe` until `done` (backing off from 50 ms to 500 ms), failing with the last value after `timeoutMs`. */
export async function poll<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let delay = 50;
  for (;;) {
    const value = await probe();
    if (done(value)) {
      return value;
    }
    if (Date.now() > until) {
      assert.fail(`${what}: not reached within ${timeoutMs / 1000} s; last value: ${JSON.stringify(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 500);
  }
}

/** A value for a failure message: JSON, at most 600 characters. */
export function show(value: unknown): string {
  return (JSON.stringify(value) ?? String(value)).slice(0, 600);
}

let steps = 0;

/** Runs one named step of the quickstart and prints it, so a failure says where it happened. */
export async function step<T>(name: string, body: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    const result = await body();
    steps++;
    console.log(`ok ${steps} - ${name} (${Date.now() - started} ms)`);
    return result;
  } catch (error) {
    console.log(`not ok ${steps + 1} - ${name}`);
    throw error;
  }
}

/** Runs the quickstart; exit code 0 only if every step passed. */
export function main(name: string, body: () => Promise<void>): void {
  const hardDeadline = setTimeout(() => {
    console.error(`${name}: still running after 240 s, giving up.`);
    process.exit(2);
  }, 240_000);
  hardDeadline.unref();
  body().then(
    () => {
      console.log(`${name}: ${steps} steps passed`);
    },
    (error: unknown) => {
      console.error(`${name} failed:`, error instanceof Error ? (error.stack ?? error.message) : error);
      process.exitCode = 1;
    },
  );
}
