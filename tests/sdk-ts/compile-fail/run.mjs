// The compile-fail set: every file in cases/ must fail `tsc --strict --noEmit`, with its errors
// inside its `// #region invalid` … `// #endregion` block (so it fails for the invalid call, not for
// a broken import or a typo elsewhere), and control.ts — the valid counterparts — must compile
// cleanly. All files are checked in one program, which gives each file exactly the diagnostics
// `tsc --strict --noEmit <file>` gives it: every file is a module (it imports), declares nothing
// global (checked below), so no file can change how another one type-checks.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const here = dirname(fileURLToPath(import.meta.url));
const MIN_CASES = 12;
// An error of these kinds means the case never got as far as the call it is about.
const INFRASTRUCTURE_CODES = new Set([2307, 2305, 2306, 2792, 1005, 1109, 1128, 1135, 1136, 1160, 1161]);

const options = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
  types: [],
  skipLibCheck: false,
};

const control = join(here, "control.ts");
const cases = readdirSync(join(here, "cases")).filter((f) => f.endsWith(".ts")).sort();
const files = [control, ...cases.map((name) => join(here, "cases", name))];
for (const file of files) {
  const text = readFileSync(file, "utf8");
  if (!/^import /m.test(text) || /declare\s+global|declare\s+module/.test(text)) {
    throw new Error(`${file}: each file must be a module that declares nothing global.`);
  }
}
const program = ts.createProgram({ rootNames: files, options });
const global = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
if (global.length > 0) {
  throw new Error(`the compiler options are wrong:\n${global.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")).join("\n")}`);
}
// Declaration files (the packed SDK, openapi-fetch, lib.*.d.ts) must check cleanly too (no skipLibCheck).
const libraries = program.getSourceFiles().filter((f) => f.isDeclarationFile).flatMap((f) => [...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f)]);
const check = (file) => {
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`${file} is not in the program`);
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source), ...libraries];
};

const format = (d) => {
  const text = ts.flattenDiagnosticMessageText(d.messageText, "\n    ");
  if (!d.file || d.start === undefined) return `TS${d.code}: ${text}`;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return `${relative(here, d.file.fileName)}(${line + 1},${character + 1}): TS${d.code}: ${text}`;
};

function region(file) {
  const lines = readFileSync(file, "utf8").split("\n");
  const start = lines.findIndex((l) => l.trim() === "// #region invalid");
  const end = lines.findIndex((l) => l.trim() === "// #endregion");
  if (start < 0 || end <= start) throw new Error(`${file}: no '// #region invalid' … '// #endregion' block`);
  return { first: start + 1, last: end - 1 }; // zero-based lines strictly inside the markers
}

let passed = 0;
let failed = 0;
const report = (ok, name, details = []) => {
  ok ? passed++ : failed++;
  console.log(`${ok ? "ok" : "not ok"} ${passed + failed} - ${name}`);
  for (const line of details) console.log(`    ${line}`);
};

const controlDiagnostics = check(control);
report(controlDiagnostics.length === 0, "control.ts (valid calls) compiles under --strict", controlDiagnostics.map(format));

if (cases.length < MIN_CASES) {
  report(false, `at least ${MIN_CASES} compile-fail cases (found ${cases.length})`);
}
for (const name of cases) {
  const file = join(here, "cases", name);
  const { first, last } = region(file);
  const diagnostics = check(file);
  const problems = [];
  const source = program.getSourceFile(file);
  const inFile = diagnostics.filter((d) => d.file === source);
  const elsewhere = diagnostics.filter((d) => !inFile.includes(d));
  if (inFile.length === 0 && elsewhere.length === 0) problems.push("compiled without an error, but the call is invalid");
  for (const d of elsewhere) problems.push(`error outside the case: ${format(d)}`);
  for (const d of inFile) {
    const line = d.file.getLineAndCharacterOfPosition(d.start ?? 0).line;
    if (INFRASTRUCTURE_CODES.has(d.code)) problems.push(`not the invalid call: ${format(d)}`);
    else if (line < first || line > last) problems.push(`error outside the invalid region: ${format(d)}`);
  }
  const ok = problems.length === 0;
  report(ok, `${name} fails to compile${ok ? `: ${inFile.map((d) => `TS${d.code}`).join(", ")}` : ""}`, ok ? [] : problems);
}

console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
