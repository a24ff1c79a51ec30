import { applyPlan, type ApplyOptions } from "./apply-plan.js";
import { addRunChanges, collectOwnChanges, refuseForeignChanges } from "../apply/own-changes.js";
import { listRunHistory } from "../backup/run-history.js";
import type { CheckOutcome, PostWriteCheck } from "../model/post-write-check.js";
import type { Manifest } from "../model/manifest.js";
import { CheckFailedError, InvalidInputError, isGraftError } from "../shared/errors.js";
import type { PlannedStage, StagedRunResult, StageKind, StageOutcome } from "../model/stage.js";
import { planStage, stageName } from "./plan-stage.js";
import { createTypecheckCheck } from "../verify/typecheck-check.js";

/** Options of `runStages`. */
export interface RunStagesOptions {
  /** 0-based index of the first step to run (default 0). */
  first?: number;
  /** 0-based index of the last step to run, inclusive (default: the last). */
  last?: number;
  /** Checks for a step's `gate` names (equivalence experiments); the caller supplies them so this stage stays independent. */
  gateChecks?: (names: readonly string[], stage: PlannedStage) => PostWriteCheck[];
  /** Type-check the project after every step (default: when the manifest names a tsconfig). */
  typecheck?: boolean;
  /** Options passed to every apply. */
  apply?: Omit<ApplyOptions, "checks" | "manifest" | "command">;
  /** Called when a step starts and when it ends. */
  onStage?: (outcome: StageOutcome, phase: "start" | "end") => void;
  /** Steps planned by a dry run (a saved staged plan), by index: applied exactly as planned instead of planned now. */
  planned?: ReadonlyMap<number, PlannedStage>;
}

/** Resolves `--step N` (1-based) and `--until NAME` to a range of step indexes. */
export function selectStages(
  manifest: Manifest,
  selection: { step?: number; until?: string },
): { first: number; last: number } {
  const steps = manifest.data.steps ?? [];
  if (steps.length === 0) throw new InvalidInputError(`${manifest.path}: steps: the manifest has no steps`);
  if (selection.step !== undefined) {
    if (!Number.isInteger(selection.step) || selection.step < 1 || selection.step > steps.length) {
      throw new InvalidInputError(`--step: must be between 1 and ${steps.length}, got ${selection.step}`);
    }
    return { first: selection.step - 1, last: selection.step - 1 };
  }
  if (selection.until !== undefined) {
    const last = steps.findIndex((s) => stageName(s) === selection.until);
    if (last < 0)
      throw new InvalidInputError(
        `--until: no step named "${selection.until}" (steps: ${steps.map((s) => stageName(s)).join(", ")})`,
      );
    return { first: 0, last };
  }
  return { first: 0, last: steps.length - 1 };
}

/**
 * Runs the manifest's steps in order; each is planned on the tree left by the previous one (or taken from a saved
 * staged plan), applied as its own run, and rolled back alone when a check or gate fails. In a git work tree the
 * uncommitted changes are checked once, before the first step: the only ones allowed are those the migration's
 * own earlier runs made, exactly as they left them. A step applied with conflict markers ends "needs-review" and
 * the steps after it wait for the review.
 */
export async function runStages(manifest: Manifest, options: RunStagesOptions = {}): Promise<StagedRunResult> {
  const steps = manifest.data.steps ?? [];
  const first = options.first ?? 0;
  const last = options.last ?? steps.length - 1;
  const stages: StageOutcome[] = steps.map((step, index) => ({
    index,
    name: stageName(step),
    kind: stageKindOf(step),
    detail: "",
    status: "not-run",
    checks: [],
  }));
  const own = collectOwnChanges(await readMigrationRuns(manifest));
  await refuseForeignChanges(manifest.root, own, options.apply?.allowDirty);
  for (let index = first; index <= last; index++) {
    const outcome = stages[index]!;
    options.onStage?.(outcome, "start");
    try {
      const planned = options.planned?.get(index) ?? (await planStage(manifest, steps[index]!, index));
      outcome.planned = planned;
      outcome.detail = planned.detail;
      if (planned.failure) throw new CheckFailedError(planned.failure);
      const checks = createStageChecks(manifest, planned, options).map((check) => recordOutcome(check, outcome));
      const record = await applyPlan(planned.plan, {
        ...options.apply,
        manifest: manifest.data,
        checks,
        ownChanges: own,
        step: index,
        command: ["graft", "apply", manifest.path, "--step", String(index + 1), `# ${planned.name}`],
      });
      addRunChanges(own, record);
      outcome.status = record.status === "needs-review" ? "needs-review" : "applied";
      outcome.runId = record.id;
    } catch (error) {
      if (!isGraftError(error)) throw error;
      outcome.status = "failed";
      outcome.error = error.message;
      options.onStage?.(outcome, "end");
      return { ok: false, stages };
    }
    options.onStage?.(outcome, "end");
    if (outcome.status === "needs-review") break;
  }
  return { ok: true, stages };
}

/** The checks a step's run gets besides import resolution and verify commands: a type-check, then its gates. */
export function createStageChecks(
  manifest: Manifest,
  planned: PlannedStage,
  options: Pick<RunStagesOptions, "typecheck" | "gateChecks">,
): PostWriteCheck[] {
  const tsconfig = manifest.data.typescript?.tsconfig;
  const typecheck = options.typecheck ?? tsconfig !== undefined;
  return [
    ...(typecheck ? [createTypecheckCheck(tsconfig ?? "tsconfig.json")] : []),
    ...(options.gateChecks?.(planned.gate, planned) ?? []),
  ];
}

/** What kind of step a manifest step is. */
export function stageKindOf(step: NonNullable<Manifest["data"]["steps"]>[number]): StageKind {
  return "move" in step ? "move" : "extract" in step ? "extract" : "codemod";
}

/**
 * The runs of this migration under its root, oldest first: those made from the same manifest file (edited since,
 * perhaps, to fix a later step) or the same manifest bytes. Their changes are accepted only as they left them.
 */
async function readMigrationRuns(manifest: Manifest) {
  const runs = await listRunHistory(manifest.root);
  return runs
    .map((summary) => summary.record)
    .filter((record) => record.manifest.path === manifest.path || record.manifest.sha256 === manifest.sha256)
    .reverse();
}

/** Wraps a check so its verdict lands in the step's outcome (apply itself only reports the first failure). */
function recordOutcome(check: PostWriteCheck, outcome: StageOutcome): PostWriteCheck {
  return {
    name: check.name,
    ...(check.beforeWrite ? { beforeWrite: check.beforeWrite.bind(check) } : {}),
    async afterWrite(context): Promise<CheckOutcome> {
      const verdict = await check.afterWrite(context);
      outcome.checks.push({
        name: check.name,
        ok: verdict.ok,
        text: verdict.ok ? (verdict.details ?? "ok") : verdict.message,
      });
      return verdict;
    },
  };
}
