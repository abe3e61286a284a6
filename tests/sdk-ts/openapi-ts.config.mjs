// @hey-api/openapi-ts: a fetch client with its SDK functions, typed, with every request and
// response checked by the zod schemas generated from the same document.
import { defineConfig } from "@hey-api/openapi-ts";

export default defineConfig({
  input: process.env.OPENAPI_DOCUMENT ?? "../../docs/openapi/openapi.json",
  output: { path: "generated/hey-api", importFileExtension: ".js", tsConfigPath: "./tsconfig.hey-api.json" },
  plugins: [
    "@hey-api/client-fetch",
    "@hey-api/typescript",
    "zod",
    { name: "@hey-api/sdk", validator: { request: false, response: "zod" } },
  ],
});
