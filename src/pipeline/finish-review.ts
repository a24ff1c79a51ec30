import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm, symlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { readEntryState } from "../backup/entry-state.js";
import { getLayout } from "../backup/layout.js";
import { acquireLock, isOwnerAlive } from "../backup/lock.js";
import { materializeRunSnapshot } from "../backup/materialize-snapshot.js";
import { readReviewPlan } from "../backup/review-plan.js";
import { rollbackRun } from "../backup/rollback.js";
import { listRuns, readRunRecordOrThrow, writeRunRecord } from "../backup/run-record.js";
import type { RunRecord } from "../backup/types.js";
import type { Manifest } from "../model/manifest.js";
import type { PostWriteCheck } from "../model/post-write-check.js";
import type { ReviewOutcome } from "../model/review.js";
import type { PlannedStage } from "../model/stage.js";
import { findConflictMarkers } from "../plan/merge-markers.js";
import { InvalidInputError } from "../shared/errors.js";
import { nodeFsPort } from "../shared/fs-port.js";
import { createVerifyChecks } from "./apply-plan.js";
import { stageName } from "./plan-stage.js";
import { createStageChecks, type RunStagesOptions, stageKindOf } from "./run-stages.js";

export type { ReviewOutcome } from "../model/review.js";

/** Options of `finishReview`. */
export interface FinishReviewOptions {
  /** The run to finish (default: the one under the manifest's root waiting for review). */
  runId?: string;
  /** Checks that just passed on the tree as it is (graft verify's own), by name: not run again. */
  passed?: readonly string[];
  /** Gate checks for a staged run's step (as `graft apply` makes them). */
  gateChecks?: RunStagesOptions["gateChecks"];
  /** Roll the run back when markers remain or a check fails (instead of leaving it in review). */
  rollbackOnFailure?: boolean;
}

/** The run under `root` waiting for review of its conflict markers, if any. */
export async function findRunInReview(root: string): Promise<RunRecord | undefined> {
  const runs = await listRuns(nodeFsPort, getLayout(root), isOwnerAlive);
  return runs.find((summary) => summary.record.status === "needs-review")?.record;
}

/**
 * Finishes the review of a run applied with conflict markers: once none remain in its files, runs the checks the
 * run deferred exactly as apply would have (their baseline taken on the tree before the run, rebuilt from its
 * backup; their verdict on the tree now) and marks the run applied. Otherwise the run stays in review, or is
 * rolled back when asked.
 */
export async function finishReview(manifest: Manifest, options: FinishReviewOptions = {}): Promise<ReviewOutcome> {
  const root = manifest.root;
  const layout = getLayout(root);
  const record = options.runId
    ? (await readRunRecordOrThrow(nodeFsPort, layout, options.runId)).record
    : await findRunInReview(root);
  if (!record) throw new InvalidInputError(`no run waits for review in ${root} (see graft history)`);
  if (record.status !== "needs-review" || !record.review)
    throw new InvalidInputError(`run ${record.id} is ${record.status}, not waiting for review`);
  // Its checks come from the manifest it was made from (perhaps edited since): another manifest's would be wrong.
  if (record.manifest.path !== manifest.path && record.manifest.sha256 !== manifest.sha256)
    throw new InvalidInputError(
      `run ${record.id} waits for review under ${root} but was made from ${record.manifest.path}; review it with that manifest`,
    );
  const review = record.review;
  const outcome: ReviewOutcome = {
    runId: record.id,
    ...(review.step !== undefined ? { step: review.step } : {}),
    status: "needs-review",
    markers: [],
    checks: [],
    message: "",
  };
  const lock = await acquireLock(nodeFsPort, layout, `graft review ${record.id}`);
  try {
    for (const file of review.markers) {
      const absolute = path.join(root, file);
      if (!existsSync(absolute)) continue;
      for (const hit of findConflictMarkers(readFileSync(absolute, "utf8"))) outcome.markers.push({ file, ...hit });
    }
    if (outcome.markers.length === 0) await runDeferredChecks(manifest, record, options, outcome);
    if (outcome.markers.length === 0 && outcome.checks.every((check) => check.ok)) {
      review.finishedAt = new Date().toISOString();
      review.resolved = {};
      for (const file of review.markers)
        review.resolved[file] = await readEntryState(nodeFsPort, path.join(root, file));
      record.status = "applied";
      await writeRunRecord(nodeFsPort, layout, record);
      outcome.status = "applied";
      outcome.message = `run ${record.id}: conflict markers resolved and ${outcome.checks.length} check(s) passed; marked applied`;
      return outcome;
    }
  } finally {
    await lock.release();
  }
  const failed = outcome.checks.find((check) => !check.ok);
  const why = failed
    ? `${failed.name} failed: ${failed.text}`
    : `conflict markers remain in ${[...new Set(outcome.markers.map((m) => m.file))].join(", ")} (first: ${outcome.markers[0]!.file}:${outcome.markers[0]!.line})`;
  if (options.rollbackOnFailure) {
    await rollbackRun(root, { runId: record.id, force: true });
    outcome.status = "rolled-back";
    outcome.message = `run ${record.id}: ${why}; rolled back as asked (files edited since the run were backed up first)`;
  } else {
    outcome.message = `run ${record.id} still needs review: ${why}; fix that and run graft verify (or graft apply --continue) again, or graft rollback ${record.id}`;
  }
  return outcome;
}

/** The checks the run deferred, made as apply makes them, with their baseline taken on the tree before the run. */
async function runDeferredChecks(
  manifest: Manifest,
  record: RunRecord,
  options: FinishReviewOptions,
  outcome: ReviewOutcome,
): Promise<void> {
  const review = record.review!;
  const plan = await readReviewPlan(nodeFsPort, getLayout(manifest.root), record.id);
  const checks: PostWriteCheck[] = await createVerifyChecks(manifest.data);
  const spec = review.step === undefined ? undefined : manifest.data.steps?.[review.step];
  if (spec) {
    const planned: PlannedStage = {
      index: review.step!,
      name: stageName(spec),
      kind: stageKindOf(spec),
      gate: spec.gate ?? [],
      plan,
      detail: "",
    };
    checks.push(
      ...createStageChecks(manifest, planned, { ...(options.gateChecks ? { gateChecks: options.gateChecks } : {}) }),
    );
  }
  const deferred = new Set(review.checks);
  const passed = new Set(options.passed ?? []);
  const selected = checks.filter((check) => deferred.has(check.name) && !passed.has(check.name));
  for (const name of review.checks)
    if (passed.has(name)) outcome.checks.push({ name, ok: true, text: "passed (graft verify)" });
  if (selected.length === 0) return;
  const before = await mkdtemp(path.join(os.tmpdir(), "graft-review-"));
  try {
    if (selected.some((check) => check.beforeWrite)) {
      await materializeRunSnapshot(manifest.root, record.id, before, { skip: [".graft", ".git", "node_modules"] });
      const modules = path.join(manifest.root, "node_modules");
      if (existsSync(modules)) await symlink(modules, path.join(before, "node_modules"));
      for (const check of selected)
        await check.beforeWrite?.({ root: before, plan: { ...plan, root: before }, manifest: manifest.data });
    }
    for (const check of selected) {
      const verdict = await check.afterWrite({ root: manifest.root, plan, manifest: manifest.data });
      outcome.checks.push({
        name: check.name,
        ok: verdict.ok,
        text: verdict.ok ? (verdict.details ?? "ok") : verdict.message,
      });
      if (!verdict.ok) return;
    }
  } finally {
    await rm(before, { recursive: true, force: true });
  }
}
