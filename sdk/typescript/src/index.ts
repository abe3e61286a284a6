/**
 * @ocpplab/client — a typed client for the OcppLab Gateway REST API.
 *
 * The types are generated from the gateway's OpenAPI document by openapi-typescript; the runtime
 * is openapi-fetch (a thin wrapper over `fetch`). This module only adds what every caller would
 * otherwise repeat: the bearer token and, for admin tokens, the tenant header.
 */
import createClient, { type Client, type ClientOptions, type Middleware } from "openapi-fetch";
import type { components, paths } from "./generated/schema.js";

export type * from "./generated/schema.js";

/** Every schema of the document by name, e.g. `Schemas["ChargerResponse"]`. */
export type Schemas = components["schemas"];

/** The openapi-fetch client typed by the gateway's paths: `GET`, `POST`, `PUT`, `DELETE`, `use`. */
export type OcppLabClient = Client<paths>;

/** The header an admin token names the tenant with (a user token must not send it: 403). */
export const ORGANIZATION_HEADER = "X-Organization-Id";

export interface OcppLabClientOptions {
  /** The gateway's base URL, e.g. `http://127.0.0.1:5080` (a trailing slash is ignored). */
  baseUrl: string;
  /** A bearer JWT (claims `org_id`, `role`), or a function returning a fresh one for each request. */
  token: string | (() => string | Promise<string>);
  /**
   * For admin tokens only: the tenant to act for, sent as `X-Organization-Id` on every request
   * that does not set the header itself. Leave it out with a user token.
   */
  organizationId?: string;
  /** Another `fetch` (tests, proxies, retries). */
  fetch?: ClientOptions["fetch"];
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
}

/**
 * Creates a client for one gateway and one identity.
 *
 * ```ts
 * const api = createOcppLabClient({ baseUrl: "http://127.0.0.1:5080", token });
 * const { data, error } = await api.GET("/ocpp/chargers/{charger_id}", { params: { path: { charger_id } } });
 * ```
 */
export function createOcppLabClient(options: OcppLabClientOptions): OcppLabClient {
  if (!options.baseUrl) {
    throw new TypeError("baseUrl is required, e.g. http://127.0.0.1:5080.");
  }
  if (typeof options.token === "string" && options.token.trim() === "") {
    throw new TypeError("token must be a bearer JWT; it is empty.");
  }
  if (options.organizationId !== undefined && options.organizationId.trim() === "") {
    throw new TypeError("organizationId, when given, must name a tenant; it is empty.");
  }

  const clientOptions: ClientOptions = { baseUrl: options.baseUrl.replace(/\/+$/, "") };
  if (options.fetch) {
    clientOptions.fetch = options.fetch;
  }
  if (options.headers) {
    clientOptions.headers = options.headers;
  }
  const client = createClient<paths>(clientOptions);
  client.use(authentication(options.token, options.organizationId));
  return client;
}

/** The middleware createOcppLabClient installs; exported for clients built with openapi-fetch directly. */
export function authentication(token: OcppLabClientOptions["token"], organizationId?: string): Middleware {
  return {
    async onRequest({ request }) {
      const value = typeof token === "string" ? token : await token();
      request.headers.set("Authorization", `Bearer ${value}`);
      if (organizationId !== undefined && !request.headers.has(ORGANIZATION_HEADER)) {
        request.headers.set(ORGANIZATION_HEADER, organizationId);
      }
      return request;
    },
  };
}
