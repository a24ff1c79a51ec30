import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { planTypeScriptExtract } from "../../../../../src/lang/typescript/extract/plan-extract.js";
import { copyFixture, repoRoot } from "../../../../helpers/copy-fixture.js";
import { applyResult, readTree } from "./fixture-harness.js";

const fixture = path.join(repoRoot, "fixtures/hmm-pipeline");
const monolith = path.join(fixture, "main.ts");
const target = "src/data-processing/feature-engineering.ts";
/** The reference migration of issue 8 after the first step (as in manifests/hmm-pipeline-modules.yaml). */
const laterSteps: { from: string; symbols: string[]; to: string }[] = [
  { from: "main.ts", symbols: ["streamFeatures"], to: "src/data-processing/streaming.ts" },
  {
    from: "main.ts",
    symbols: ["fitGaussianHmm", "predictViterbi", "scoreHmm", "initGaussianHmm"],
    to: "src/model/gaussian-hmm.ts",
  },
  { from: "main.ts", symbols: ["simpleBacktest"], to: "src/backtesting/strategy-engine.ts" },
  { from: "main.ts", symbols: ["perfMetrics"], to: "src/backtesting/performance-metrics.ts" },
  { from: "main.ts", symbols: ["main"], to: "src/pipelines/hmm-pipeline.ts" },
  { from: "main.ts", symbols: ["parseArgs"], to: "src/cli/hmm-commands.ts" },
];
const declares = (file: string, name: string): boolean =>
  fs.existsSync(path.join(fixture, file)) &&
  new RegExp(`^export (function|class|const|interface|type) ${name}\\b`, "m").test(
    fs.readFileSync(path.join(fixture, file), "utf8"),
  );
const temps: string[] = [];
/** What the manifest's `exclude` leaves out of the step's tree (frozen copies, data, experiment cases). */
const isInScope = (file: string): boolean => !/^(legacy|data|testdata|cases)\//.test(file) && !/\.(csv|md)$/.test(file);

/** The fixture's own compiler options, with @types resolved from this repository (the copy lives in a temp folder). */
function fixtureOptions(dir: string): ts.CompilerOptions {
  const config = ts.readConfigFile(path.join(dir, "tsconfig.json"), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, dir);
  return { ...parsed.options, typeRoots: [path.join(repoRoot, "node_modules/@types")] };
}

/** Writes the files of `after` that differ from `before` into `dir`. */
function writeChanged(dir: string, before: ReadonlyMap<string, Buffer>, after: ReadonlyMap<string, Buffer>): void {
  for (const [file, content] of after) {
    if (before.get(file)?.equals(content)) continue;
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
}

/** Runs the pipeline CLI of a tree on a copy of a CSV; returns the files it wrote and stdout. */
function runPipeline(tree: string, csv: string): Map<string, Buffer> {
  const work = fs.mkdtempSync(path.join(path.dirname(tree), "run-"));
  temps.push(work);
  fs.copyFileSync(csv, path.join(work, "d.csv"));
  const args = [path.join(tree, "main.ts"), "d.csv", "--backtest", "--prevent-lookahead", "-i", "5"];
  const run = spawnSync(path.join(repoRoot, "node_modules/.bin/tsx"), args, { cwd: work, encoding: "utf8" });
  expect(run.status, run.stderr).toBe(0);
  const outputs = readTree(work);
  outputs.set("stdout", Buffer.from(run.stdout));
  return outputs;
}

describe("extract on the HMM monolith", () => {
  afterAll(() => {
    for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("finds every symbol the reference steps extract exported by the monolith", () => {
    const missing = [{ from: "main.ts", symbols: ["addFeatures"] }, ...laterSteps].flatMap((s) =>
      s.symbols.filter((name) => !declares(s.from, name)),
    );
    expect(missing).toEqual([]);
  });

  it("moves addFeatures into src/data-processing/feature-engineering.ts, then the rest of the reference split; the tree type-checks and outputs stay identical", async () => {
    const copy = await copyFixture("hmm-pipeline");
    temps.push(copy);
    // In the repository the fixture sits under graft's package.json ("type": "module"); the copy needs its own.
    fs.writeFileSync(path.join(copy, "package.json"), '{ "type": "module" }\n');
    const before = new Map([...readTree(copy)].filter(([file]) => isInScope(file)));
    const options = fixtureOptions(copy);
    const result = planTypeScriptExtract({
      root: copy,
      files: [...before.keys()],
      readFile: (p) => before.get(p)!,
      from: "main.ts",
      symbols: ["addFeatures"],
      to: target,
      compilerOptions: options,
    });

    expect(result.movedSymbols).toEqual(["addFeatures"]);
    expect(result.creates.map((c) => c.path)).toEqual([target]);
    expect(new Set(result.edits.map((e) => e.file))).toEqual(new Set(["main.ts"]));
    expect(result.importersUpdated).toEqual([]);
    const after = applyResult(before, result);
    writeChanged(copy, before, after);

    const main = after.get("main.ts")!.toString("utf8");
    expect(main).toContain(`export { addFeatures } from "./${target.replace(/\.ts$/, ".js")}";`);
    expect(main).not.toMatch(/export function addFeatures\b/);
    const created = after.get(target)!.toString("utf8");
    const legacyText = fs.readFileSync(monolith, "utf8");
    const at = legacyText.indexOf("export function addFeatures");
    const verbatim = legacyText.slice(legacyText.lastIndexOf("/**", at), legacyText.indexOf("\n}\n", at) + 3);
    expect(created).toContain(verbatim);
    // Helpers addFeatures shares with code that stays come from the monolith, which exports them.
    expect(created).toMatch(/^import \{[^}]*\} from "\.\.\/\.\.\/main\.js";$/m);

    // The rest of the reference migration, each step planned against the tree the previous one left.
    const stepsDone: string[] = [];
    for (const step of laterSteps) {
      const tree = new Map([...readTree(copy)].filter(([file]) => isInScope(file)));
      const planned = planTypeScriptExtract({
        root: copy,
        files: [...tree.keys()],
        readFile: (p) => tree.get(p)!,
        ...step,
        compilerOptions: options,
      });
      expect(planned.movedSymbols).toEqual(expect.arrayContaining(step.symbols));
      writeChanged(copy, tree, applyResult(tree, planned));
      stepsDone.push(step.to);
    }
    expect(stepsDone).toHaveLength(laterSteps.length);

    const rootNames = [...readTree(copy).keys()]
      .filter((f) => f.endsWith(".ts") && isInScope(f))
      .map((f) => path.join(copy, f));
    const program = ts.createProgram({ rootNames, options });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => `${d.file?.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    expect(diagnostics).toEqual([]);

    const csv = path.join(fixture, "testdata/synthetic-200.v2.csv");
    const legacy = runPipeline(fixture, csv);
    const migrated = runPipeline(copy, csv);
    expect([...migrated.keys()]).toEqual([...legacy.keys()]);
    for (const [file, content] of legacy) expect(migrated.get(file)!.equals(content), file).toBe(true);
  });
});
