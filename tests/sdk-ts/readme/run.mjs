// The package's README example, as shipped: takes the first ```ts block of
// node_modules/@ocpplab/client/README.md, compiles it with tsc --strict and runs it against the
// gateway the environment names. A README whose example does not compile or run fails here.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { randomBytes } from "node:crypto";
import ts from "typescript";

const here = dirname(fileURLToPath(import.meta.url));
const readme = join(dirname(createRequire(import.meta.url).resolve("@ocpplab/client/openapi.json")), "..", "README.md");
const block = /```ts\n([\s\S]*?)```/.exec(readFileSync(readme, "utf8"));
if (!block) {
  console.error(`${readme} has no \`\`\`ts example.`);
  process.exit(1);
}

const out = join(here, "..", "out", "readme");
mkdirSync(out, { recursive: true });
const source = join(out, "example.ts");
writeFileSync(source, block[1]);

const program = ts.createProgram({
  rootNames: [source],
  options: {
    strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"], types: ["node"], typeRoots: [join(here, "..", "node_modules", "@types")], outDir: out,
  },
});
const emitted = program.emit();
const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
if (diagnostics.length > 0) {
  console.error(ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => out, getNewLine: () => "\n" }));
  console.log("not ok 1 - the README example compiles under --strict");
  process.exit(1);
}
console.log("ok 1 - the README example compiles under --strict");

const identity = `TS-README-${randomBytes(3).toString("hex").toUpperCase()}`;
const run = spawnSync(process.execPath, [join(out, "example.js")], {
  env: { ...process.env, OCPPLAB_URL: process.env.OCPPLAB_BASE_URL, TOKEN: process.env.OCPPLAB_USER_TOKEN, IDENTITY: identity },
  encoding: "utf8",
  timeout: 90_000,
});
process.stdout.write(run.stdout ?? "");
process.stderr.write(run.stderr ?? "");
const ran = run.status === 0 && (run.stdout ?? "").includes(identity) && (run.stdout ?? "").includes("call_result");
console.log(`${ran ? "ok" : "not ok"} 2 - the README example runs (exit ${run.status}${run.error ? `, ${run.error.message}` : ""})`);
process.exit(ran ? 0 : 1);
