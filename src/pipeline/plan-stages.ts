import { applyPlanToOverlay } from "../apply/apply-to-overlay.js";
import type { Manifest } from "../model/manifest.js";
import type { MigrationPlan } from "../model/plan.js";
import type { StagedPlan, StagedPlanStep, StagedPlanTotals } from "../model/staged-plan.js";
import { listStageFiles } from "../plan/list-stage-files.js";
import { planOverlayChanges } from "../plan/plan-overlay-changes.js";
import { renderPatch } from "../plan/render-patch.js";
import { createTreeOverlay, type TreeOverlay } from "../scan/tree-overlay.js";
import { RefusedError, isGraftError } from "../shared/errors.js";
import { graftVersion } from "../shared/version.js";
import { planStage, stageName } from "./plan-stage.js";

/** Options of `planStages`. */
export interface PlanStagesOptions {
  /** 0-based index of the first step to plan (default 0; earlier steps are taken as applied already). */
  first?: number;
  /** 0-based index of the last step to plan, inclusive (default: the last). */
  last?: number;
  /** Called before each step is planned. */
  onStage?: (index: number, name: string) => void;
}

/** A staged dry run: the plan, and the trees it was made on (for patches). */
export interface StagedDryRun {
  plan: StagedPlan;
  /** The tree before each planned step (`trees[i]` for `plan.steps[i]`), then the tree after the last one. */
  trees: TreeOverlay[];
}

/**
 * The dry run of a staged manifest: plans every selected step on the tree the previous ones would leave, through an
 * in-memory overlay of the tree that each step reads from and is applied to (as apply would), and writes nothing.
 * Planning stops after a step that cannot be applied as planned (unresolved conflicts, a failing transform).
 */
export async function planStages(manifest: Manifest, options: PlanStagesOptions = {}): Promise<StagedDryRun> {
  const specs = manifest.data.steps ?? [];
  const first = options.first ?? 0;
  const last = options.last ?? specs.length - 1;
  const overlay = createTreeOverlay(manifest.root);
  const steps: StagedPlanStep[] = [];
  const trees: TreeOverlay[] = [];
  let stoppedAt: number | undefined;
  for (let index = first; index <= last; index++) {
    options.onStage?.(index, stageName(specs[index]!));
    trees.push(overlay.fork());
    const planned = await planStage(manifest, specs[index]!, index, { overlay });
    steps.push({ ...planned, files: listStageFiles(planned.plan) });
    if (planned.failure || planned.plan.blockers.length) {
      stoppedAt = index;
      break;
    }
    try {
      applyPlanToOverlay(overlay, planned.plan);
    } catch (error) {
      if (!isGraftError(error)) throw error;
      throw new Error(
        `internal: step ${index + 1} (${planned.name}) does not apply to the tree it was planned on: ${error.message}`,
      );
    }
  }
  trees.push(overlay);
  const notPlanned = [];
  for (let index = (stoppedAt ?? last) + 1; index <= last; index++)
    notPlanned.push({ index, name: stageName(specs[index]!) });
  return {
    plan: {
      format: "graft-staged-plan",
      version: 1,
      graftVersion,
      manifest: { path: manifest.path, sha256: manifest.sha256, name: manifest.data.name },
      root: manifest.root,
      steps,
      notPlanned,
      totals: sumSteps(steps),
    },
    trees,
  };
}

function sumSteps(steps: readonly StagedPlanStep[]): StagedPlanTotals {
  const totals: StagedPlanTotals = {
    steps: steps.length,
    created: 0,
    edited: 0,
    moved: 0,
    deleted: 0,
    editsByKind: {},
    markers: [],
    blockers: [],
  };
  for (const step of steps) {
    totals.created += step.files.created.length;
    totals.edited += step.files.edited.length;
    totals.moved += step.files.moved.length;
    totals.deleted += step.files.deleted.length;
    for (const [kind, n] of Object.entries(step.files.editsByKind))
      totals.editsByKind[kind] = (totals.editsByKind[kind] ?? 0) + n;
    const label = `step ${step.index + 1}`;
    for (const file of step.plan.markers ?? []) totals.markers.push(`${label}: ${file}`);
    for (const blocker of step.plan.blockers) totals.blockers.push(`${label}: ${blocker}`);
    if (step.failure) totals.blockers.push(`${label}: ${step.failure}`);
  }
  return totals;
}

/** One git-style patch of what the whole dry run does to the tree on disk (`git apply` accepts it on that tree). */
export function renderStagedPatch(dryRun: StagedDryRun, manifest: Manifest): Buffer {
  const final = dryRun.trees.at(-1)!;
  return renderPatch(planOverlayChanges(final, manifest), final.readDiskFile);
}

/** One patch per planned step, each to apply on top of the ones before it. */
export function renderStepPatches(dryRun: StagedDryRun): { step: StagedPlanStep; patch: Buffer }[] {
  return dryRun.plan.steps.map((step, i) => ({ step, patch: renderPatch(step.plan, dryRun.trees[i]!.readFile) }));
}

/**
 * Refuses (exit 3) a saved staged plan when any file a selected step read is not what that step expects: replays the
 * steps on an overlay of the tree as it is now, so nothing is written unless every step still applies.
 */
export function checkSavedStages(
  root: string,
  steps: readonly { index: number; name: string; plan: MigrationPlan }[],
): void {
  const overlay = createTreeOverlay(root);
  for (const step of steps) {
    try {
      applyPlanToOverlay(overlay, step.plan);
    } catch (error) {
      if (!isGraftError(error)) throw error;
      throw new RefusedError(`step ${step.index + 1} (${step.name}): ${error.message}; nothing was applied`);
    }
  }
}
