/**
 * Benchmark: the Python reference migration (manifests/py-pipeline-modules.yaml on fixtures/py-pipeline: eight
 * steps splitting a 360-line monolith into src/ modules) done by graft's Python extract and by rope's MoveGlobal
 * (Debian's python3-rope), each on its own copy, step by step. After every step it checks, on each tree, that
 * the program still writes the monolith's recorded outputs byte for byte, that `import main` works (a library
 * import, not only the script), and that the project's unittest checks pass.
 *
 *   npx tsx bench/python-extract.ts [--quick] [--skip-rope]
 *
 * Times: graft's is planning the step (parse, analyse, plan every edit) and writing it, in this process (no backup
 * and no checks, which `graft apply` adds); rope's is setting up its project, `get_changes` and `do` for every
 * symbol of the step, inside its Python process. Neither includes interpreter start-up. rope runs under the first
 * interpreter that imports it (python3, then /usr/bin/python3; GRAFT_ROPE_PYTHON overrides); the program runs
 * under python3, which needs numpy. --quick runs the first three steps only.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fg from "fast-glob";
import { parse as parseYaml } from "yaml";
import { planPythonExtract } from "../src/lang/python/extract/plan-python-extract.js";
import { applyEdits } from "../src/model/edit.js";
import { discardScratch } from "./scratch.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const repositoryRoot = path.resolve(here, "..");
const fixture = path.join(repositoryRoot, "fixtures/py-pipeline");
const args = process.argv.slice(2);
const outputNames = ["prices.hmm_states.csv", "prices.backtest.csv", "prices.metrics.csv"];
const env = { ...process.env, PYTHONDONTWRITEBYTECODE: "1" };

interface Step {
  name: string;
  extract: { from: string; symbols: string[]; to: string; shim?: boolean; prune?: boolean };
}
interface Manifest {
  exclude: string[];
  steps: Step[];
}

/** What one tree is like after a step. */
interface TreeCheck {
  outputs: string;
  importMain: string;
  tests: string;
}

interface StepRow {
  step: string;
  ms: number;
  refused: string[];
  check: TreeCheck;
}

function lastLine(text: string): string {
  return text.trim().split("\n").pop() ?? "";
}

function checkTree(tree: string, scratch: string): TreeCheck {
  // The line naming the error (unittest ends with a summary line, the error is above it).
  const lastLine = (text: string): string => {
    const lines = text.trim().split("\n");
    const error = lines.filter((line) => /^\w*(Error|Exception)\b/.test(line)).pop();
    return (error ?? lines.pop() ?? "").replaceAll(tree, "<tree>");
  };
  const out = mkdtempSync(path.join(scratch, "out-"));
  const run = spawnSync(
    "python3",
    ["-B", "main.py", "data/prices.csv", "--backtest", "--prevent-lookahead", "--out-dir", out],
    { cwd: tree, env, encoding: "utf8" },
  );
  let outputs: string;
  if (run.status !== 0) outputs = `crashed: ${lastLine(run.stderr)}`;
  else {
    const differing = outputNames.filter(
      (name) => !readFileSync(path.join(out, name)).equals(readFileSync(path.join(fixture, "recorded", name))),
    );
    outputs = differing.length === 0 ? "same" : `differ: ${differing.join(", ")}`;
  }
  const imported = spawnSync("python3", ["-B", "-c", "import main"], { cwd: tree, env, encoding: "utf8" });
  const tests = spawnSync("python3", ["-B", "-m", "unittest", "-q", "tests.test_pipeline"], {
    cwd: tree,
    env,
    encoding: "utf8",
  });
  return {
    outputs,
    importMain: imported.status === 0 ? "ok" : `fails: ${lastLine(imported.stderr)}`,
    tests: tests.status === 0 ? "pass" : `fail: ${lastLine(tests.stderr)}`,
  };
}

function graftStep(tree: string, manifest: Manifest, step: Step): { ms: number; refused: string[]; moved: string[] } {
  const files = fg.sync("**/*", { cwd: tree, dot: true, ignore: manifest.exclude }).sort();
  const started = performance.now();
  let result: ReturnType<typeof planPythonExtract>;
  try {
    result = planPythonExtract({
      root: tree,
      files,
      readFile: (p) => readFileSync(path.join(tree, p)),
      ...step.extract,
    });
  } catch (error) {
    return { ms: performance.now() - started, refused: [(error as Error).message], moved: [] };
  }
  for (const file of new Set(result.edits.map((e) => e.file))) {
    const absolute = path.join(tree, file);
    writeFileSync(
      absolute,
      applyEdits(
        readFileSync(absolute),
        result.edits.filter((e) => e.file === file),
      ),
    );
  }
  for (const created of result.creates) {
    mkdirSync(path.dirname(path.join(tree, created.path)), { recursive: true });
    writeFileSync(path.join(tree, created.path), created.content);
  }
  return { ms: performance.now() - started, refused: [], moved: result.movedSymbols };
}

/** The first interpreter that imports rope, or undefined. */
function ropePython(): string | undefined {
  const candidates = [process.env.GRAFT_ROPE_PYTHON, "python3", "/usr/bin/python3"].filter(
    (c): c is string => c !== undefined && c !== "",
  );
  return candidates.find((python) => spawnSync(python, ["-c", "import rope"], { env }).status === 0);
}

function ropeStep(python: string, tree: string, step: Step): { ms: number; refused: string[] } {
  const run = spawnSync(python, [path.join(here, "rope-move-global.py"), tree, JSON.stringify(step.extract)], {
    env,
    encoding: "utf8",
  });
  if (run.status !== 0) return { ms: Number.NaN, refused: [`rope crashed: ${lastLine(run.stderr)}`] };
  const reply = JSON.parse(lastLine(run.stdout)) as { ms: number; errors: string[] };
  return { ms: reply.ms, refused: reply.errors };
}

function printRows(tool: string, rows: StepRow[]): void {
  const total = rows.reduce((sum, row) => sum + row.ms, 0);
  process.stdout.write(`\n${tool}: ${total.toFixed(0)} ms for ${rows.length} step(s)\n`);
  process.stdout.write(
    `  ${"step".padEnd(20)} ${"ms".padStart(7)}  ${"outputs".padEnd(8)} ${"import main".padEnd(12)} tests\n`,
  );
  for (const row of rows) {
    const short = (text: string): string => (text.length > 8 ? `${text.split(":")[0]}` : text);
    process.stdout.write(
      `  ${row.step.padEnd(20)} ${row.ms.toFixed(0).padStart(7)}  ${short(row.check.outputs).padEnd(8)} ${short(row.check.importMain).padEnd(12)} ${short(row.check.tests)}\n`,
    );
    for (const refusal of row.refused) process.stdout.write(`      refused: ${refusal.slice(0, 240)}\n`);
    for (const detail of [row.check.outputs, row.check.importMain, row.check.tests])
      if (detail.includes(": ")) process.stdout.write(`      ${detail.slice(0, 240)}\n`);
  }
}

const manifest = parseYaml(
  readFileSync(path.join(repositoryRoot, "manifests/py-pipeline-modules.yaml"), "utf8"),
) as Manifest;
const steps = args.includes("--quick") ? manifest.steps.slice(0, 3) : manifest.steps;
const scratch = mkdtempSync(path.join(os.tmpdir(), "graft-bench-py-extract-"));
try {
  process.stdout.write(
    `Python reference migration: ${steps.length} extract steps on fixtures/py-pipeline (main.py, ${readFileSync(path.join(fixture, "main.py"), "utf8").split("\n").length - 1} lines)\n`,
  );
  const graftTree = path.join(scratch, "graft");
  cpSync(fixture, graftTree, { recursive: true });
  const before = checkTree(graftTree, scratch);
  process.stdout.write(`before: outputs ${before.outputs}, import main ${before.importMain}, tests ${before.tests}\n`);
  const carried: string[][] = [];
  const graftRows = steps.map((step): StepRow => {
    const { ms, refused, moved } = graftStep(graftTree, manifest, step);
    carried.push(moved);
    return { step: step.name, ms, refused, check: checkTree(graftTree, scratch) };
  });
  printRows("graft extract", graftRows);

  const python = args.includes("--skip-rope") ? undefined : ropePython();
  if (!python) {
    process.stdout.write(
      "\nrope: skipped (--skip-rope, or no interpreter imports rope: apt-get install python3-rope)\n",
    );
  } else {
    const version = spawnSync(python, ["-c", "import rope, sys; print(rope.VERSION, sys.version.split()[0])"], {
      encoding: "utf8",
    }).stdout.trim();
    const label = `rope ${version.split(" ")[0]} MoveGlobal (${python}, Python ${version.split(" ")[1]})`;
    /** Runs every step with rope on a fresh copy, moving `symbolsOf(step)`. */
    const ropeRun = (name: string, symbolsOf: (index: number) => string[]): StepRow[] => {
      const tree = path.join(scratch, name);
      cpSync(fixture, tree, { recursive: true });
      return steps.map((step, index): StepRow => {
        const { ms, refused } = ropeStep(python, tree, {
          ...step,
          extract: { ...step.extract, symbols: symbolsOf(index) },
        });
        return { step: step.name, ms, refused, check: checkTree(tree, scratch) };
      });
    };
    // As the manifest lists them, and again with every helper graft carried along listed too (what a rope user
    // would have to work out by hand).
    const ropeRows = ropeRun("rope", (i) => steps[i]!.extract.symbols);
    printRows(`${label}, the manifest's symbols`, ropeRows);
    const ropeAllRows = ropeRun("rope-all", (i) => carried[i]!);
    printRows(`${label}, graft's moved symbols (helpers listed)`, ropeAllRows);
    const intact = (rows: StepRow[]): number =>
      rows.filter((r) => r.check.outputs === "same" && r.check.importMain === "ok" && r.check.tests === "pass").length;
    process.stdout.write(
      `\nsteps after which the program, \`import main\` and the tests all still work: graft ${intact(graftRows)}/${steps.length}, rope ${intact(ropeRows)}/${steps.length}, rope with helpers listed ${intact(ropeAllRows)}/${steps.length}\n`,
    );
  }
} finally {
  discardScratch(scratch);
}
