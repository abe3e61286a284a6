// Ships the OpenAPI document the package was generated from, as @ocpplab/client/openapi.json.
import { copyFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
await copyFile(resolve(root, process.env.OPENAPI_DOCUMENT ?? "../../docs/openapi/openapi.json"), resolve(root, "dist/openapi.json"));
