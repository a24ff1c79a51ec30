import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { applyEdits } from "../../../../../src/model/edit.js";
import type { ExtractResult } from "../../../../../src/model/extract.js";

/** One fixture case: `case.json` next to `input/` and (unless it expects an error) `expected/`. */
export interface ExtractCase {
  name: string;
  dir: string;
  from: string;
  symbols: string[];
  to: string;
  shim?: boolean;
  /** tsconfig-style compiler options (JSON spelling). */
  compilerOptions?: Record<string, unknown>;
  /** The exact InvalidInputError message the case expects. */
  error?: string;
  /** Fields of the result the case checks (movedSymbols, carriedHelpers, warnings…). */
  report?: Record<string, unknown>;
}

/** Reads every fixture case under `fixturesDir`. */
export function readCases(fixturesDir: string): ExtractCase[] {
  return fs
    .readdirSync(fixturesDir)
    .filter((name) => fs.existsSync(path.join(fixturesDir, name, "case.json")))
    .sort()
    .map((name) => ({
      name,
      dir: path.join(fixturesDir, name),
      ...JSON.parse(fs.readFileSync(path.join(fixturesDir, name, "case.json"), "utf8")),
    }));
}

/** Every file under `dir` (root-relative POSIX) with its bytes. */
export function readTree(dir: string): Map<string, Buffer> {
  const tree = new Map<string, Buffer>();
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else tree.set(child, fs.readFileSync(path.join(dir, child)));
    }
  };
  walk("");
  return new Map([...tree.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The tree after applying a result's edits and creating its files. */
export function applyResult(tree: ReadonlyMap<string, Buffer>, result: ExtractResult): Map<string, Buffer> {
  const out = new Map(tree);
  for (const [file, content] of tree) {
    const edits = result.edits.filter((e) => e.file === file);
    if (edits.length > 0) out.set(file, applyEdits(content, edits));
  }
  for (const created of result.creates) {
    if (tree.has(created.path)) throw new Error(`create over an existing file: ${created.path}`);
    out.set(created.path, Buffer.from(created.content, "utf8"));
  }
  for (const edit of result.edits) if (!tree.has(edit.file)) throw new Error(`edit of a missing file: ${edit.file}`);
  return out;
}

/** Compiler options of a case, parsed from their JSON spelling, over graft's NodeNext defaults. */
export function compilerOptionsOf(json: Record<string, unknown> | undefined, basePath = "/"): ts.CompilerOptions {
  const merged = {
    module: "nodenext",
    moduleResolution: "nodenext",
    target: "es2022",
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    ...json,
  };
  const { options, errors } = ts.convertCompilerOptionsFromJson(merged, basePath);
  if (errors.length > 0) throw new Error(ts.flattenDiagnosticMessageText(errors[0]!.messageText, "\n"));
  return options;
}

const libCache = new Map<string, ts.SourceFile | undefined>();

/** A compiler host that parses the default libraries once per test process. */
function cachingHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const original = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (!fileName.includes("/node_modules/typescript/lib/"))
      return original(fileName, languageVersion, onError, shouldCreate);
    if (!libCache.has(fileName)) libCache.set(fileName, original(fileName, languageVersion, onError, shouldCreate));
    return libCache.get(fileName);
  };
  return host;
}

/** Type-checks the TypeScript files of a folder on disk; returns formatted diagnostics (empty when clean). */
export function typeCheckDir(dir: string, json: Record<string, unknown> | undefined): string[] {
  const rootNames = [...readTree(dir).keys()].filter((f) => /\.[cm]?tsx?$/.test(f)).map((f) => path.join(dir, f));
  const options = compilerOptionsOf(json, dir);
  const program = ts.createProgram({ rootNames, options, host: cachingHost(options) });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file
      ? `${path.relative(dir, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
      : "";
    return `${where} TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
}
