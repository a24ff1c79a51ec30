import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { ChalkInstance } from "chalk";
import { rollbackRun } from "../backup/rollback.js";
import { baselineFolder } from "../equivalence/experiments/legacy-tree.js";
import type { EquivReport } from "../equivalence/experiments/experiment-types.js";
import { runEquivalence } from "../equivalence/experiments/run-experiments.js";
import { loadManifest } from "../manifest/load.js";
import { renderPatch } from "../plan/render-patch.js";
import { renderColumnErrors } from "../report/equiv-columns-text.js";
import { renderEquivText } from "../report/equiv-text.js";
import type { ReportStep, StatesSeries } from "../report/html/report-model.js";
import { stepOfStage } from "../report/html/report-steps.js";
import { describeStageOutcome } from "../report/stage-text.js";
import { createTreeReader } from "../scan/tree-reader.js";
import { fingerprintFolder } from "../shared/fingerprint-folder.js";
import { findPackageRoot } from "../shared/package-root.js";
import { runShell } from "../shared/run-shell.js";
import { writeOutputFile } from "../shared/write-output.js";
import { createGateChecks } from "../pipeline/gate-checks.js";
import { planStage } from "../pipeline/plan-stage.js";
import type { StageOutcome } from "../model/stage.js";
import { runStages } from "../pipeline/run-stages.js";
import type { DemoSection } from "./consolidation-demo.js";
import { readStatesSeries } from "./read-states-series.js";

/** The original Python program's input and outputs, bundled with their provenance (see its README). */
const ORIGINAL_DATA = "fixtures/hmm-pipeline/original";

/**
 * The HMM part needs the monolith's fixture and graft's development dependencies (tsx, @types/node), which a clone
 * has and an installed package does not (its tarball ships only the consolidation fixture).
 */
export function isHmmDemoAvailable(): boolean {
  const root = findPackageRoot();
  return (
    existsSync(path.join(root, "fixtures/hmm-pipeline/main.ts")) && existsSync(path.join(root, "node_modules/.bin/tsx"))
  );
}

/** What the staged HMM migration demo did. */
export interface HmmDemoResult {
  workdir: string;
  root: string;
  ok: boolean;
  stages: StageOutcome[];
  /** The final comparison of the migrated pipeline with the monolith's and the original program's outputs. */
  finalReport: EquivReport | null;
  restoredExactly: boolean;
  /** Where the first step's patch was written (inside `workdir`). */
  firstPatch: string;
  /** The first step's patch (what `firstPatch` holds). */
  firstPatchBytes: Buffer;
  /** The states plot the migrated pipeline drew (`--plot`), when asked for. */
  plotSvg?: string;
  /** The migrated pipeline's states output (close price and state per day), read when the plot was asked for. */
  states?: StatesSeries;
  /** Every step with its checks, duration and files changed, then the final comparison and the rollback. */
  steps: ReportStep[];
}

/** Options of the HMM demo. */
export interface HmmDemoOptions {
  /** Copy the migrated tree here before rolling back. */
  keep?: string;
  /** Manifest to run instead of the bundled one (its root must be the copied fixture); used by tests. */
  manifestText?: string;
  /** Run the migrated pipeline once more with --plot and return its SVG. */
  plot?: boolean;
  /** Remove the temp folder at the end (the CLI does unless --keep; tests look into it). */
  removeWorkdir?: boolean;
}

/** Splits the HMM monolith into modules on a temp copy, step by step with gates, shows the equivalence tables, then rolls every step back and proves the tree byte-identical. */
export async function runHmmDemo(
  color: ChalkInstance,
  emit: (section: DemoSection) => void,
  options: HmmDemoOptions = {},
): Promise<HmmDemoResult> {
  const { workdir, root, manifestPath } = await prepareHmmWorkdir(options.manifestText);
  try {
    return await runHmmDemoIn(workdir, root, manifestPath, color, emit, options);
  } finally {
    if (options.removeWorkdir) await rm(workdir, { recursive: true, force: true });
  }
}

async function runHmmDemoIn(
  workdir: string,
  root: string,
  manifestPath: string,
  color: ChalkInstance,
  emit: (section: DemoSection) => void,
  options: HmmDemoOptions,
): Promise<HmmDemoResult> {
  const manifest = await loadManifest(manifestPath);
  emit({
    title: "HMM monolith → modules",
    body: [
      `copied fixtures/hmm-pipeline to ${root}`,
      "frozen the monolith as legacy/main.ts; input data/BTC.csv (the original program's data, fixtures/hmm-pipeline/original)",
      `${manifest.data.steps?.length ?? 0} steps from manifests/hmm-pipeline-modules.yaml`,
    ].join("\n"),
  });

  const recorded = await runEquivalence(manifest, { record: true, only: ["hmm-pipeline"] });
  await seedOriginalBaseline(root);
  emit({
    title: "graft equiv --record --only hmm-pipeline",
    body: `recorded ${recorded.recorded.length} baseline file(s) of the monolith; hmm-vs-original seeded with the original Python program's BTC outputs`,
  });

  const before = withoutGraft(await fingerprintFolder(root));
  const first = await planStage(manifest, manifest.data.steps![0]!, 0);
  const firstPatch = path.join(workdir, "step-1.patch");
  const firstPatchBytes = renderPatch(first.plan, createTreeReader(root).readFile);
  await writeOutputFile(firstPatch, firstPatchBytes);
  const s = first.plan.summary;
  emit({
    title: `graft plan (step 1: ${first.name})`,
    body: `${first.detail}\n${s.written} file(s) created, ${s.edited} edited (${Object.entries(s.editsByKind)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ")}); patch: ${firstPatch}`,
  });

  const gateChecks = createGateChecks(manifest);
  const startedAt = new Map<number, number>();
  const durations = new Map<number, number>();
  const result = await runStages(manifest, {
    gateChecks: (names) => gateChecks(names),
    apply: { allowDirty: true },
    onStage: (outcome, phase) => {
      if (phase === "start") startedAt.set(outcome.index, performance.now());
      if (phase !== "end") return;
      durations.set(outcome.index, performance.now() - (startedAt.get(outcome.index) ?? performance.now()));
      const text = describeStageOutcome(outcome, color);
      emit({ title: text.head, body: text.details.join("\n") });
    },
  });

  const steps = result.stages.map((stage) => stepOfStage(stage, durations.get(stage.index) ?? null, "HMM"));
  let finalReport: EquivReport | null = null;
  if (result.ok) {
    const started = performance.now();
    finalReport = await runEquivalence(manifest, { only: ["hmm-pipeline", "hmm-vs-original"] });
    steps.push({
      part: "HMM",
      name: "graft equiv (migrated pipeline vs the monolith and the original program)",
      status: finalReport.equal ? "passed" : "failed",
      checks: finalReport.units.map((unit) => ({ name: unit.id, ok: unit.status === "equal", text: unit.message })),
      durationMs: performance.now() - started,
      filesChanged: 0,
    });
    emit({
      title: "Equivalence of the migrated pipeline (max error per column)",
      body: `${renderColumnErrors(finalReport, color)}\n${renderEquivText(finalReport, color).split("\n").slice(-2).join("\n")}`,
    });
  }
  if (options.keep) await cp(root, options.keep, { recursive: true, verbatimSymlinks: true });
  const plot = result.ok && options.plot ? await drawStatesPlot(root) : undefined;

  const rollbackStarted = performance.now();
  const applied = result.stages.filter((stage) => stage.status === "applied" && stage.runId).reverse();
  for (const stage of applied) await rollbackRun(root, { runId: stage.runId! });
  const after = withoutGraft(await fingerprintFolder(root));
  const differences = Object.keys({ ...before, ...after }).filter((p) => before[p] !== after[p]);
  const restoredExactly = differences.length === 0;
  emit({
    title: `graft rollback (${applied.length} step run(s), newest first)`,
    body: restoredExactly
      ? color.green(`tree byte-identical to before the migration (${Object.keys(before).length} paths)`)
      : color.red(`${differences.length} path(s) differ after rollback: ${differences.slice(0, 5).join(", ")}`),
  });
  steps.push({
    part: "HMM",
    name: `graft rollback (${applied.length} step run(s), newest first)`,
    status: restoredExactly ? "passed" : "failed",
    checks: [
      {
        name: "tree byte-identical to before the migration",
        ok: restoredExactly,
        text: restoredExactly ? `${Object.keys(before).length} paths` : `${differences.length} path(s) differ`,
      },
    ],
    durationMs: performance.now() - rollbackStarted,
    filesChanged: null,
  });
  return {
    workdir,
    root,
    ok: result.ok && (finalReport?.equal ?? false),
    stages: result.stages,
    finalReport,
    restoredExactly,
    firstPatch,
    firstPatchBytes,
    ...(plot?.svg ? { plotSvg: plot.svg } : {}),
    ...(plot?.states ? { states: plot.states } : {}),
    steps,
  };
}

function withoutGraft(fingerprint: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fingerprint).filter(([p]) => p !== ".graft" && !p.startsWith(".graft/")));
}

/** Lays out <tmp>/manifests/<manifest> and <tmp>/fixtures/hmm-pipeline (with data/, legacy/main.ts and a node_modules link) as the manifest expects. */
export async function prepareHmmWorkdir(
  manifestText?: string,
): Promise<{ workdir: string; root: string; manifestPath: string }> {
  const packageRoot = findPackageRoot();
  const workdir = await mkdtemp(path.join(os.tmpdir(), "graft-demo-hmm-"));
  const root = path.join(workdir, "fixtures/hmm-pipeline");
  await cp(path.join(packageRoot, "fixtures/hmm-pipeline"), root, {
    recursive: true,
    filter: (src) => !/[\\/](testdata|original|node_modules)$/.test(src),
  });
  await symlink(path.join(packageRoot, "node_modules"), path.join(root, "node_modules"));
  await mkdir(path.join(root, "legacy"), { recursive: true });
  await cp(path.join(root, "main.ts"), path.join(root, "legacy/main.ts"));
  await mkdir(path.join(root, "data"), { recursive: true });
  await cp(path.join(packageRoot, ORIGINAL_DATA, "BTC.csv"), path.join(root, "data/BTC.csv"));
  const manifestPath = path.join(workdir, "manifests/hmm-pipeline-modules.yaml");
  await mkdir(path.dirname(manifestPath), { recursive: true });
  if (manifestText !== undefined) await writeOutputFile(manifestPath, manifestText);
  else await cp(path.join(packageRoot, "manifests/hmm-pipeline-modules.yaml"), manifestPath);
  return { workdir, root, manifestPath };
}

/** The original program's outputs for BTC.csv are the baseline of `hmm-vs-original` (its outputs are named after the copied input). */
export async function seedOriginalBaseline(root: string): Promise<void> {
  const original = path.join(findPackageRoot(), ORIGINAL_DATA);
  const folder = baselineFolder(root, "hmm-vs-original", "data/BTC.csv");
  await mkdir(folder, { recursive: true });
  await cp(path.join(original, "BTC.hmm_states.csv"), path.join(folder, "input.hmm_states.csv"));
  await cp(path.join(original, "BTC.backtest.csv"), path.join(folder, "input.backtest.csv"));
}

/**
 * Runs the migrated pipeline with --plot on a copy of the input outside the tree (outputs land next to the input)
 * and returns its SVG and its states output (close price and state per day) for the report's own plot.
 */
async function drawStatesPlot(root: string): Promise<{ svg?: string; states?: StatesSeries } | undefined> {
  const input = (await readdir(path.join(root, "data"))).find((f) => f.endsWith(".csv"));
  if (!input) return undefined;
  const folder = await mkdtemp(path.join(os.tmpdir(), "graft-demo-plot-"));
  try {
    await cp(path.join(root, "data", input), path.join(folder, input));
    const run = await runShell(`"${root}/node_modules/.bin/tsx" "${root}/main.ts" "${input}" --plot`, {
      cwd: folder,
      timeoutMs: 300_000,
    });
    if (run.exitCode !== 0) return undefined;
    const svg = await readFile(path.join(folder, input.replace(/\.csv$/, ".svg")), "utf8").catch(() => undefined);
    const statesFile = input.replace(/\.csv$/, ".hmm_states.csv");
    const states = await readStatesSeries(path.join(folder, statesFile), `${statesFile} (migrated pipeline)`);
    return { ...(svg !== undefined ? { svg } : {}), states };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
