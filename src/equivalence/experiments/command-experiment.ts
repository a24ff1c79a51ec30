import { copyFile, mkdir, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ExperimentSpec } from "../../model/manifest-schema.js";
import { relativePosix } from "../../shared/paths.js";
import { compareOutputFiles, outputDiffOptions } from "./compare-output.js";
import type { ExperimentUnit, JitterNote, UnitResult } from "./experiment-types.js";
import { baselineFolder, describeLegacySource, parseLegacySource } from "./legacy-tree.js";
import { defaultPerformanceRepeat, judgePerformance, measureSide } from "./measure.js";
import { describeShellEnd, runShell, type ShellRun } from "../../shared/run-shell.js";
import { createUnitResult, failSetup, failUnit } from "./unit-result.js";
import { createWorkingFolder, fillPlaceholders, removeWorkingFolder } from "./working-folder.js";

/** What a command unit needs from the run: the root, the legacy tree, and the mode. */
export interface CommandContext {
  root: string;
  /** Materialized legacy tree (current root when `from` is absent); null for baselines. */
  legacyTree: string | null;
  calibrate: boolean;
}

/** Default command timeout. */
export const defaultTimeoutSeconds = 600;

interface SideRuns {
  folder: string;
  runs: ShellRun[];
  failure: ShellRun | null;
}

/** Runs both sides of a command experiment on one input and compares the declared outputs. */
export async function runCommandUnit(
  spec: ExperimentSpec,
  unit: ExperimentUnit,
  context: CommandContext,
): Promise<UnitResult> {
  const legacySpec = spec.legacy!;
  const migratedSpec = spec.migrated!;
  const source = parseLegacySource(legacySpec.from);
  const input = unit.input === null ? null : path.join(context.root, unit.input);
  const repeat = spec.performance ? (spec.performance.repeat ?? defaultPerformanceRepeat) : 1;
  const timeoutMs = (spec.timeoutSeconds ?? defaultTimeoutSeconds) * 1000;
  const result = createUnitResult(spec, unit);
  const folders: string[] = [];
  try {
    const outputNames = (workdir: string, tree: string) =>
      spec.outputs!.map((o) => fillPlaceholders(o.file, { input, tree, workdir }, false));
    const runSide = async (
      label: string,
      tree: string,
      command: string,
      env: Record<string, string> | undefined,
      times: number,
    ): Promise<SideRuns> => {
      const folder = await createWorkingFolder(tree, `${spec.name}-${label}`, outputNames("", tree));
      folders.push(folder);
      const filled = fillPlaceholders(command, { input, tree, workdir: folder }, true);
      const runs: ShellRun[] = [];
      for (let i = 0; i < times; i++) {
        const run = await runShell(filled, { cwd: folder, ...(env ? { env } : {}), timeoutMs, measureMemory: true });
        runs.push(run);
        if (run.timedOut || run.exitCode !== 0) return { folder, runs, failure: run };
      }
      return { folder, runs, failure: null };
    };

    let legacyFolder: string;
    let legacyRuns: SideRuns | null = null;
    if (source.kind === "baseline") {
      legacyFolder = baselineFolder(context.root, spec.name, unit.input);
      if (
        !(await stat(legacyFolder).then(
          (s) => s.isDirectory(),
          () => false,
        ))
      ) {
        return failSetup(
          result,
          `no baseline recorded under ${relativePosix(context.root, legacyFolder)}; run graft equiv --record first`,
        );
      }
    } else {
      legacyRuns = await runSide("legacy", context.legacyTree!, legacySpec.run, legacySpec.env, repeat);
      legacyFolder = legacyRuns.folder;
      result.legacy = measureSide(
        describeLegacySource(source),
        legacyRuns.runs.map((r) => r.wallMs),
        legacyRuns.runs.map((r) => r.peakMemoryBytes),
      );
      if (legacyRuns.failure) {
        result.stderr.legacy = legacyRuns.failure.outputTail;
        return (isStartFailure(legacyRuns.failure) ? failSetup : failUnit)(
          result,
          `legacy command ${describeShellEnd(legacyRuns.failure, timeoutMs)}`,
        );
      }
    }
    const migratedRuns = await runSide("migrated", context.root, migratedSpec.run, migratedSpec.env, repeat);
    result.migrated = measureSide(
      "current tree",
      migratedRuns.runs.map((r) => r.wallMs),
      migratedRuns.runs.map((r) => r.peakMemoryBytes),
    );
    if (migratedRuns.failure) {
      result.stderr.migrated = migratedRuns.failure.outputTail;
      return (isStartFailure(migratedRuns.failure) ? failSetup : failUnit)(
        result,
        `migrated command ${describeShellEnd(migratedRuns.failure, timeoutMs)}`,
      );
    }

    for (const output of spec.outputs!) {
      const legacyName = fillPlaceholders(
        output.file,
        { input, tree: context.legacyTree ?? context.root, workdir: legacyFolder },
        false,
      );
      const migratedName = fillPlaceholders(
        output.file,
        { input, tree: context.root, workdir: migratedRuns.folder },
        false,
      );
      result.outputs.push(
        await compareOutputFiles(
          migratedName,
          path.resolve(legacyFolder, legacyName),
          path.resolve(migratedRuns.folder, migratedName),
          outputDiffOptions(spec, output),
        ),
      );
    }
    if (spec.performance)
      result.performance = judgePerformance(spec.performance.maxSlowdown, repeat, result.legacy, result.migrated);
    if (context.calibrate && legacyRuns !== null) {
      const again = await runSide("legacy-again", context.legacyTree!, legacySpec.run, legacySpec.env, 1);
      if (again.failure)
        return failUnit(result, `legacy command ${describeShellEnd(again.failure, timeoutMs)} on its calibration run`);
      result.jitter = await measureJitter(spec, input, legacyRuns.folder, again.folder, context);
    }
    return conclude(result);
  } finally {
    await Promise.all(folders.map(removeWorkingFolder));
  }
}

/** Runs the legacy command and stores its outputs as the baseline of this unit; returns the files written. */
export async function recordCommandBaseline(
  spec: ExperimentSpec,
  unit: ExperimentUnit,
  context: CommandContext,
): Promise<{ result: UnitResult; files: string[] }> {
  const legacySpec = spec.legacy!;
  const input = unit.input === null ? null : path.join(context.root, unit.input);
  const tree = context.legacyTree ?? context.root;
  const result = createUnitResult(spec, unit);
  const outputNames = spec.outputs!.map((o) => fillPlaceholders(o.file, { input, tree, workdir: "" }, false));
  const folder = await createWorkingFolder(tree, `${spec.name}-record`, outputNames);
  try {
    const run = await runShell(fillPlaceholders(legacySpec.run, { input, tree, workdir: folder }, true), {
      cwd: folder,
      ...(legacySpec.env ? { env: legacySpec.env } : {}),
      timeoutMs: (spec.timeoutSeconds ?? defaultTimeoutSeconds) * 1000,
      measureMemory: true,
    });
    const source = parseLegacySource(legacySpec.from);
    result.legacy = measureSide(
      source.kind === "baseline" ? "current tree" : describeLegacySource(source),
      [run.wallMs],
      [run.peakMemoryBytes],
    );
    if (run.timedOut || run.exitCode !== 0) {
      result.stderr.legacy = run.outputTail;
      return {
        result: (isStartFailure(run) ? failSetup : failUnit)(
          result,
          `legacy command ${describeShellEnd(run, (spec.timeoutSeconds ?? defaultTimeoutSeconds) * 1000)}`,
        ),
        files: [],
      };
    }
    const target = baselineFolder(context.root, spec.name, unit.input);
    await rm(target, { recursive: true, force: true });
    const files: string[] = [];
    for (const name of outputNames) {
      const from = path.resolve(folder, name);
      if (
        !(await stat(from).then(
          (s) => s.isFile(),
          () => false,
        ))
      )
        return { result: failUnit(result, `legacy did not write ${name}`), files };
      const to = path.join(target, name);
      await mkdir(path.dirname(to), { recursive: true });
      await copyFile(from, to);
      files.push(relativePosix(context.root, to));
    }
    await writeFile(
      path.join(target, ".baseline.json"),
      JSON.stringify(
        { experiment: spec.name, input: unit.input, command: legacySpec.run, outputs: outputNames, wallMs: run.wallMs },
        null,
        2,
      ) + "\n",
    );
    result.status = "equal";
    result.message = `recorded ${files.length} output(s)`;
    return { result, files };
  } finally {
    await removeWorkingFolder(folder);
  }
}

async function measureJitter(
  spec: ExperimentSpec,
  input: string | null,
  first: string,
  second: string,
  context: CommandContext,
): Promise<JitterNote[]> {
  const notes: JitterNote[] = [];
  for (const output of spec.outputs!) {
    const name = fillPlaceholders(
      output.file,
      { input, tree: context.legacyTree ?? context.root, workdir: first },
      false,
    );
    const options = outputDiffOptions(spec, output);
    const legacyA = path.resolve(first, name);
    const legacyB = path.resolve(second, name);
    const raw = await compareOutputFiles(name, legacyA, legacyB, {
      ...options,
      rtol: 0,
      atol: 0,
      exact: [],
      columnTolerances: {},
      maxReport: 0,
    });
    if (raw.diff === null || raw.diff.equal) continue;
    const declared = await compareOutputFiles(name, legacyA, legacyB, { ...options, maxReport: 0 });
    for (const [column, stats] of Object.entries(raw.diff.columns)) {
      if (stats.mismatches === 0) continue;
      const own = declared.diff?.columns[column];
      notes.push({
        output: name,
        column,
        jitterAbs: stats.maxAbsError,
        jitterRel: stats.maxRelError,
        rtol: own?.rtol ?? 0,
        atol: own?.atol ?? 0,
        isBelowJitter: (own?.mismatches ?? 0) > 0,
      });
    }
  }
  return notes;
}

/**
 * True when the command never ran: the shell could not start, or it could not find (127) or execute (126) the
 * program. The experiment is set up wrong; nothing was learnt about the migration.
 */
function isStartFailure(run: ShellRun): boolean {
  return run.startError !== undefined || (!run.timedOut && (run.exitCode === 127 || run.exitCode === 126));
}

function conclude(result: UnitResult): UnitResult {
  const broken = result.outputs.filter((o) => o.error !== null);
  const different = result.outputs.filter((o) => o.error === null && !o.equal);
  const slow = result.performance !== null && !result.performance.passed;
  const noisy = (result.jitter ?? []).filter((j) => j.isBelowJitter);
  const parts: string[] = [];
  if (broken.length > 0) parts.push(broken.map((o) => o.error).join("; "));
  if (different.length > 0)
    parts.push(`${different.map((o) => o.file).join(", ")} differ${different.length === 1 ? "s" : ""}`);
  if (slow) parts.push(`too slow: ${result.performance!.note}`);
  if (noisy.length > 0)
    parts.push(`tolerance below legacy jitter in ${noisy.map((j) => `${j.output}:${j.column}`).join(", ")}`);
  result.status = broken.length > 0 ? "error" : parts.length > 0 ? "different" : "equal";
  result.message = parts.length > 0 ? parts.join("; ") : `${result.outputs.length} output(s) equal`;
  return result;
}
