/**
 * @ocpplab/client — a typed client for the OcppLab Gateway REST API.
 *
 * The types are generated from the gateway's OpenAPI document by openapi-typescript; the runtime
 * is openapi-fetch (a thin wrapper over `fetch`). This module only adds what every caller would
 * otherwise repeat: the bearer token and, for admin tokens, the tenant header.
 */
import createClient, { type Client, type ClientOptions, type FetchResponse, type MaybeOptionalInit, type Middleware } from "openapi-fetch";
import type { components, paths } from "./generated/schema.js";

export type * from "./generated/schema.js";

/** Every schema of the document by name, e.g. `Schemas["ChargerResponse"]`. */
export type Schemas = components["schemas"];

type Method = "get" | "put" | "post" | "delete" | "patch";

/** The paths that have an operation for `M` (absent methods are `?: never` in the generated types). */
export type PathsWith<M extends Method> = {
  [P in keyof paths]: paths[P] extends { [K in M]: object } ? P : never;
}[keyof paths];

/** What a call of `M` on `P` accepts: `params` (path, query, header) and `body`, as the document says. */
export type RequestInit<P extends PathsWith<M>, M extends Method> = MaybeOptionalInit<paths[P], M>;

type InitArgument<I> = undefined extends I ? [init?: Exclude<I, undefined>] : [init: I];

/**
 * One HTTP method of the client. Unlike openapi-fetch's own signature, the request is not a
 * type parameter: TypeScript then checks it as written, so an unknown property in a body, a
 * query or a header (a typo, a field the API does not have) is a compile error, not ignored.
 */
export type OcppLabMethod<M extends Method> = <P extends PathsWith<M>>(
  url: P,
  ...init: InitArgument<RequestInit<P, M>>
) => Promise<FetchResponse<paths[P][M] & Record<string | number, unknown>, RequestInit<P, M>, `${string}/${string}`>>;

/**
 * The client: openapi-fetch's, typed by the gateway's paths, with `GET`, `POST`, `PUT`, `DELETE`
 * and `PATCH` checked strictly (see {@link OcppLabMethod}); `use`/`eject` add middleware.
 * Each call resolves to `{ data }` on a 2xx, otherwise `{ error }` (the problem+json body),
 * with the `response` either way.
 */
export type OcppLabClient = Omit<Client<paths>, "GET" | "PUT" | "POST" | "DELETE" | "PATCH"> & {
  GET: OcppLabMethod<"get">;
  PUT: OcppLabMethod<"put">;
  POST: OcppLabMethod<"post">;
  DELETE: OcppLabMethod<"delete">;
  PATCH: OcppLabMethod<"patch">;
};

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
  const client: Client<paths> = createClient<paths>(clientOptions);
  client.use(authentication(options.token, options.organizationId));
  // The same object: OcppLabMethod only narrows what the methods accept.
  return client as OcppLabClient;
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
