/**
 * Response validation for openapi-fetch (which has none of its own): every response is checked
 * against the OpenAPI document the package shipped with — its status must be declared for the
 * operation, its media type must be one the document names, and its body must match the schema
 * (JSON Schema 2020-12, as OpenAPI 3.1 defines it). A mismatch rejects the call.
 */
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { Middleware } from "openapi-fetch";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface MediaType { schema?: Json }
interface ResponseObject { content?: Record<string, MediaType> }
interface Operation { operationId?: string; responses?: Record<string, ResponseObject> }
interface Document { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Json> } }

// ajv-formats is CommonJS: its module object is the plugin, which also carries itself as `default`.
const addFormats = addFormatsModule.default;
const DOC_ID = "urn:ocpplab:openapi";

/** The document @ocpplab/client was generated from (it ships it as @ocpplab/client/openapi.json). */
export function shippedDocument(): Document {
  const path = createRequire(import.meta.url).resolve("@ocpplab/client/openapi.json");
  return JSON.parse(readFileSync(path, "utf8")) as Document;
}

function rewriteRefs(node: Json): Json {
  if (Array.isArray(node)) {
    return node.map(rewriteRefs);
  }
  if (node !== null && typeof node === "object") {
    const out: { [key: string]: Json } = {};
    for (const [key, value] of Object.entries(node)) {
      out[key] = key === "$ref" && typeof value === "string" && value.startsWith("#/components/schemas/")
        ? `${DOC_ID}#/$defs/${value.slice("#/components/schemas/".length)}`
        : rewriteRefs(value);
    }
    return out;
  }
  return node;
}

export interface ValidatedResponse { operation: string; status: number }

export class ResponseValidator {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();
  /** Every response that was checked (and passed), in order. */
  readonly validated: ValidatedResponse[] = [];

  constructor(private readonly document: Document) {
    // Strict about the schema's keywords and formats (an unknown one is an error, not a pass);
    // OpenAPI's own annotations are declared as such.
    this.ajv = new Ajv2020({ strict: true, strictTypes: false, strictTuples: false, strictRequired: false, allowUnionTypes: true, allErrors: true });
    this.ajv.addVocabulary(["example", "xml", "externalDocs", "discriminator"]);
    addFormats(this.ajv);
    const int = (min: number, max: number) => ({ type: "number" as const, validate: (n: number) => Number.isInteger(n) && n >= min && n <= max });
    this.ajv.addFormat("int32", int(-2147483648, 2147483647));
    this.ajv.addFormat("int64", int(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));
    this.ajv.addFormat("double", { type: "number", validate: (n: number) => Number.isFinite(n) });
    this.ajv.addFormat("float", { type: "number", validate: (n: number) => Number.isFinite(n) });
    this.ajv.addSchema({ $id: DOC_ID, $defs: rewriteRefs((document.components?.schemas ?? {}) as Json) as { [key: string]: Json } });
  }

  /** Throws unless `body` (text, as received) is what the document says `method path` answers with `status`. */
  check(method: string, path: string, status: number, contentType: string | null, body: string): void {
    const operation = this.document.paths[path]?.[method.toLowerCase()];
    const where = `${method.toUpperCase()} ${path} → ${status}`;
    if (!operation) {
      throw new Error(`${where}: the document has no such operation.`);
    }
    const declared = operation.responses?.[String(status)] ?? operation.responses?.[`${String(status)[0]}XX`] ?? operation.responses?.default;
    if (!declared) {
      throw new Error(`${where}: status not declared (declared: ${Object.keys(operation.responses ?? {}).join(", ")}). Body: ${body.slice(0, 500)}`);
    }
    const content = declared.content;
    if (status === 204 || status === 304) {
      // RFC 9110 §15.3.5: a 204 has no content, so a document that gives it a media type is wrong.
      if (content && Object.keys(content).length !== 0) {
        throw new Error(`${where}: the document gives a ${status} content (${Object.keys(content).join(", ")}), but it never has any.`);
      }
    }
    if (!content || Object.keys(content).length === 0) {
      if (body.length !== 0) {
        throw new Error(`${where}: the document declares no body, the gateway sent ${body.slice(0, 500)}`);
      }
      this.validated.push({ operation: operation.operationId ?? path, status });
      return;
    }
    const mediaType = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
    const media = content[mediaType];
    if (!media) {
      throw new Error(`${where}: Content-Type '${contentType}' is not declared (declared: ${Object.keys(content).join(", ")}).`);
    }
    if (media.schema === undefined) {
      throw new Error(`${where}: '${mediaType}' has no schema in the document.`);
    }
    const key = `${method.toLowerCase()} ${path} ${status} ${mediaType}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(rewriteRefs(media.schema) as object);
      this.compiled.set(key, validate);
    }
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      throw new Error(`${where}: the body is not JSON: ${body.slice(0, 500)}`);
    }
    if (!validate(value)) {
      const errors = (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
      throw new Error(`${where}: the body does not match the document:\n  ${errors.join("\n  ")}\nBody: ${body.slice(0, 2000)}`);
    }
    this.validated.push({ operation: operation.operationId ?? path, status });
  }

  /** The openapi-fetch middleware: validates every response before the caller sees it. */
  middleware(): Middleware {
    return {
      onResponse: async ({ request, response, schemaPath }) => {
        const text = await response.clone().text();
        this.check(request.method, schemaPath, response.status, response.headers.get("Content-Type"), text);
        return undefined;
      },
    };
  }
}
