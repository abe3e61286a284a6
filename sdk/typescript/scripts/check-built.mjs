// npm pack / publish without a build would ship an empty package: refuse.
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
for (const file of ["dist/index.js", "dist/index.d.ts", "dist/generated/schema.d.ts", "dist/openapi.json"]) {
  if (!existsSync(resolve(root, file))) {
    console.error(`${file} is missing: run \`npm run build\` before packing.`);
    process.exit(1);
  }
}
