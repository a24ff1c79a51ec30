import { fork } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ExperimentSpec } from "../../model/manifest-schema.js";
import { InvalidInputError } from "../../shared/errors.js";
import { defaultTimeoutSeconds } from "./command-experiment.js";
import { createUnitResult, failUnit } from "./unit-result.js";
import { compareValues, createValueErrors, preview } from "./compare-values.js";
import type { CaseMismatch, ExperimentUnit, UnitResult, ValueErrors } from "./experiment-types.js";
import { loadModuleCases, type ModuleCase } from "./load-cases.js";
import { defaultPerformanceRepeat, judgePerformance, measureSide } from "./measure.js";
import type { CallOutcome, RunnerReply, RunnerRequest } from "./module-runner.js";
import { defaultTolerance } from "../diff/tolerance.js";
import { callPythonSide, isPythonTarget, loadPythonCases } from "./python-module-side.js";

/** Calls the legacy and migrated functions on every case, each side in its own process, and compares the results. */
export async function runModuleUnit(
  spec: ExperimentSpec,
  unit: ExperimentUnit,
  root: string,
  calibrate: boolean,
): Promise<UnitResult> {
  const moduleSpec = spec.module!;
  const result = createUnitResult(spec, unit);
  const repeat = spec.performance ? (spec.performance.repeat ?? defaultPerformanceRepeat) : 1;
  const timeoutMs = (spec.timeoutSeconds ?? defaultTimeoutSeconds) * 1000;
  // Python sides run in python3 and read the cases file themselves (a .py generator or JSON).
  if ([moduleSpec.legacy, moduleSpec.migrated].some(isPythonTarget) && !/\.(py|json)$/.test(moduleSpec.cases))
    throw new InvalidInputError(`${moduleSpec.cases}: a Python side needs its cases in a .py or .json file`);
  const cases = moduleSpec.cases.endsWith(".py")
    ? await loadPythonCases(root, moduleSpec.cases, timeoutMs)
    : await loadModuleCases(root, moduleSpec.cases);
  const callSide = (target: string, times: number): Promise<RunnerReply> =>
    isPythonTarget(target)
      ? callPythonSide(root, target, moduleSpec.cases, times, timeoutMs)
      : callNodeSide(root, target, cases, times, timeoutMs);
  const tolerance = {
    rtol: spec.rtol ?? defaultTolerance.rtol,
    atol: spec.atol ?? defaultTolerance.atol,
    symmetric: spec.symmetric ?? false,
  };

  const legacy = await callSide(moduleSpec.legacy, repeat);
  if (!legacy.ok) return failUnit(result, `legacy ${legacy.error}`);
  result.legacy = measureSide("current tree", legacy.wallMs, [legacy.peakMemoryBytes]);
  const migrated = await callSide(moduleSpec.migrated, repeat);
  if (!migrated.ok) return failUnit(result, `migrated ${migrated.error}`);
  result.migrated = measureSide("current tree", migrated.wallMs, [migrated.peakMemoryBytes]);

  const errors = createValueErrors();
  const mismatches = compareOutcomes(cases, legacy.outcomes, migrated.outcomes, tolerance, errors);
  result.cases = { total: cases.length, mismatches, tolerance, errors };
  if (spec.performance)
    result.performance = judgePerformance(spec.performance.maxSlowdown, repeat, result.legacy, result.migrated);
  if (calibrate) {
    const again = await callSide(moduleSpec.legacy, 1);
    if (!again.ok) return failUnit(result, `legacy ${again.error} on its calibration run`);
    const noisy = compareOutcomes(cases, legacy.outcomes, again.outcomes, { rtol: 0, atol: 0, symmetric: false });
    const beyond = new Set(compareOutcomes(cases, legacy.outcomes, again.outcomes, tolerance).map((m) => m.index));
    result.jitter = noisy.flatMap((m) =>
      m.differences.map((d) => ({
        output: `case ${m.name}`,
        column: d.path,
        jitterAbs: Math.abs(Number(d.migrated) - Number(d.legacy)) || 0,
        jitterRel: Math.abs((Number(d.migrated) - Number(d.legacy)) / Number(d.legacy)) || 0,
        rtol: tolerance.rtol,
        atol: tolerance.atol,
        isBelowJitter: beyond.has(m.index),
      })),
    );
  }
  const slow = result.performance !== null && !result.performance.passed;
  const parts: string[] = [];
  if (mismatches.length > 0)
    parts.push(`${mismatches.length} of ${cases.length} case(s) differ, first: ${mismatches[0].name}`);
  if (slow) parts.push(`too slow: ${result.performance!.note}`);
  const noisy = (result.jitter ?? []).filter((j) => j.isBelowJitter);
  if (noisy.length > 0) parts.push(`tolerance below legacy jitter in ${noisy.length} place(s)`);
  result.status = parts.length > 0 ? "different" : "equal";
  result.message = parts.length > 0 ? parts.join("; ") : `${cases.length} case(s) equal`;
  return result;
}

function compareOutcomes(
  cases: ModuleCase[],
  legacy: CallOutcome[],
  migrated: CallOutcome[],
  tolerance: { rtol: number; atol: number; symmetric: boolean },
  errors?: ValueErrors,
): CaseMismatch[] {
  const mismatches: CaseMismatch[] = [];
  cases.forEach((item, index) => {
    const l = legacy[index];
    const m = migrated[index];
    let differences: ReturnType<typeof compareValues>;
    if (l.ok && m.ok) {
      const own = createValueErrors();
      differences = compareValues(l.value, m.value, tolerance, own);
      if (errors !== undefined) mergeValueErrors(errors, own, item.name);
    } else if (!l.ok && !m.ok)
      differences =
        l.error === m.error
          ? []
          : [{ path: "$", legacy: `threw ${l.error}`, migrated: `threw ${m.error}`, reason: "different exceptions" }];
    else
      differences = [
        {
          path: "$",
          legacy: l.ok ? preview(l.value) : `threw ${l.error}`,
          migrated: m.ok ? preview(m.value) : `threw ${m.error}`,
          reason: "exception on one side only",
        },
      ];
    if (differences.length > 0) mismatches.push({ index, name: item.name, differences });
  });
  return mismatches;
}

function mergeValueErrors(total: ValueErrors, own: ValueErrors, caseName: string): void {
  if (own.maxAbsAt !== null && own.maxAbsError > total.maxAbsError) {
    total.maxAbsError = own.maxAbsError;
    total.maxAbsAt = { ...own.maxAbsAt, path: `case ${caseName}: ${own.maxAbsAt.path}` };
  }
  total.maxRelError = Math.max(total.maxRelError, own.maxRelError);
}

/** Where the runner entry lives: next to this file, as .js when built and .ts under tsx/vitest. */
function runnerEntry(): { file: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  const isSource = here.endsWith(".ts");
  const file = path.join(path.dirname(here), isSource ? "module-runner.ts" : "module-runner.js");
  return { file, execArgv: isSource ? ["--import", import.meta.resolve("tsx")] : [] };
}

async function callNodeSide(
  root: string,
  target: string,
  cases: ModuleCase[],
  repeat: number,
  timeoutMs: number,
): Promise<RunnerReply> {
  const hash = target.lastIndexOf("#");
  if (hash <= 0) throw new InvalidInputError(`module ${target}: expected "path/to/file.ts#exportName"`);
  const request: RunnerRequest = {
    modulePath: path.resolve(root, target.slice(0, hash)),
    exportName: target.slice(hash + 1),
    cases,
    repeat,
  };
  const entry = runnerEntry();
  return new Promise<RunnerReply>((resolve) => {
    const child = fork(entry.file, [], {
      cwd: root,
      serialization: "advanced",
      execArgv: entry.execArgv,
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    let stderr = "";
    let settled = false;
    child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4096)));
    const settle = (reply: RunnerReply): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(reply);
    };
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      settle({ ok: false, error: `${target} timed out after ${timeoutMs / 1000} s` });
    }, timeoutMs);
    child.on("message", (reply: RunnerReply) => settle(reply));
    child.on("error", (error) => settle({ ok: false, error: `${target}: ${error.message}` }));
    child.on("exit", (code) =>
      settle({
        ok: false,
        error: `${target}: runner exited with ${code}${stderr ? `: ${stderr.trim().split("\n").slice(-3).join(" | ")}` : ""}`,
      }),
    );
    child.send(request);
  });
}
