import os from "node:os";
import type { ManifestData } from "../model/manifest-schema.js";
import type { MigrationPlan } from "../model/plan.js";
import { findPlanOperationProblem } from "../model/plan-schema.js";
import { InterruptedError, InvalidInputError, RefusedError, toGraftError } from "../shared/errors.js";
import { nodeFsPort, type FsPort } from "../shared/fs-port.js";
import { graftVersion } from "../shared/version.js";
import { getHeldDir, getLayout, type GraftLayout } from "../backup/layout.js";
import { acquireLock, isOwnerAlive } from "../backup/lock.js";
import { flushObjects, hashBytes } from "../backup/object-store.js";
import { checkGraftFolder } from "../backup/check-graft-folder.js";
import { loadRecordKey } from "../backup/record-key.js";
import { writeReviewPlan } from "../backup/review-plan.js";
import { createRunId, readRuns, recordProblemError, writeRunRecord } from "../backup/run-record.js";
import type { RunRecord } from "../backup/types.js";
import { expandActions, staleError } from "../apply/expand-actions.js";
import type { GitState } from "../apply/git-state.js";
import { refuseForeignChanges, type OwnChanges } from "../apply/own-changes.js";
import type { PostWriteCheck } from "../model/post-write-check.js";
import { readPlanStates } from "../apply/read-plan-states.js";
import { watchInterruption, type InterruptionWatch } from "../apply/watch-interruption.js";
import { writeActions, type ApplyEvent } from "../apply/write-actions.js";

export type { ApplyEvent } from "../apply/write-actions.js";

/** Options of `executePlan`. */
export interface ExecuteOptions {
  /** File-system port (tests inject faults). */
  fs?: FsPort;
  /** Apply even when git reports uncommitted changes under the root. */
  allowDirty?: boolean;
  /**
   * Apply a plan that writes diff3-style conflict markers (strategy `markers`); refused otherwise. The run then
   * ends "needs-review": its checks wait until the markers are resolved (see finishReview).
   */
  acceptMarkers?: boolean;
  /** What earlier runs of the same migration left in the tree: a dirty git tree may hold exactly these changes. */
  ownChanges?: OwnChanges;
  /** 0-based manifest step this run applies (staged migrations), recorded for a review. */
  step?: number;
  /** The manifest the plan came from, when known (checks read it). */
  manifest?: ManifestData;
  /** Checks run after the writes, in order (import resolution, verify commands, gates); a failure rolls back. */
  checks?: readonly PostWriteCheck[];
  /** Install SIGINT/SIGTERM handlers: finish the current operation, roll back, throw InterruptedError. */
  handleSignals?: boolean;
  /** Aborting it behaves like SIGINT. */
  signal?: AbortSignal;
  /** fsync each tree write (default true). */
  durable?: boolean;
  /** Command line recorded in the lock and the run record. */
  command?: string[];
  onEvent?: (event: ApplyEvent) => void;
}

/**
 * Executes a plan: refuses when unsafe (blockers, lock, interrupted run, dirty git tree, stale plan), backs up
 * every file it changes (objects → run record → tree), writes atomically with a journal, runs the checks it is
 * given, and rolls back on any failure or signal. Returns the run record.
 */
export async function executePlan(plan: MigrationPlan, options: ExecuteOptions = {}): Promise<RunRecord> {
  if (plan?.format !== "graft-plan" || plan.version !== 1)
    throw new InvalidInputError("not a graft plan (format graft-plan, version 1)");
  // Whoever made the plan (a saved file, a library caller), it writes only inside its root.
  const problem = findPlanOperationProblem(plan);
  if (problem) throw new InvalidInputError(`plan: ${problem}`);
  if (plan.blockers.length) {
    const more = plan.blockers.length > 1 ? ` (and ${plan.blockers.length - 1} more)` : "";
    throw new RefusedError(
      `refusing to apply: the plan has ${plan.blockers.length} unresolved conflict(s): ${plan.blockers[0]}${more}; give them a conflict strategy in the manifest and plan again`,
    );
  }
  if (plan.markers?.length && !options.acceptMarkers) {
    throw new RefusedError(
      `refusing to apply: the plan writes conflict markers into ${plan.markers.length} file(s) (first: ${plan.markers[0]}); review the plan and pass --accept-markers`,
    );
  }
  const fs = options.fs ?? nodeFsPort;
  const layout = getLayout(plan.root);
  const command = options.command ?? ["graft", "apply"];
  await checkGraftFolder(fs, layout);
  // A run whose record cannot be signed must not start: its rollback could not trust the record later.
  loadRecordKey(true);
  const lock = await acquireLock(fs, layout, command.join(" ")).catch((error: unknown) => {
    throw toGraftError(error, "apply could not take the lock", "; nothing was written");
  });
  if (lock.takeover) options.onEvent?.({ type: "warning", message: lock.takeover });
  const interruption = watchInterruption(options.handleSignals ?? false, options.signal);
  try {
    await ensureGraftDir(fs, layout);
    await refuseInterruptedRuns(fs, layout);
    const git = await refuseForeignChanges(plan.root, options.ownChanges, options.allowDirty);
    return await backUpAndWrite(fs, layout, plan, git, command, options, interruption);
  } catch (error) {
    throw toGraftError(error, "apply failed before changing the tree", "; nothing was written");
  } finally {
    interruption.dispose();
    await lock.release();
  }
}

async function backUpAndWrite(
  fs: FsPort,
  layout: GraftLayout,
  plan: MigrationPlan,
  git: GitState | null,
  command: string[],
  options: ExecuteOptions,
  interruption: InterruptionWatch,
): Promise<RunRecord> {
  options.onEvent?.({ type: "phase", phase: "backing-up" });
  const runId = createRunId();
  const states = await readPlanStates(fs, layout, plan, getHeldDir(layout, runId));
  let actions: ReturnType<typeof expandActions>;
  try {
    if (states.stale)
      throw staleError(
        states.stale.path,
        states.stale.problem === "missing" ? "no longer exists" : "changed since the plan was made",
      );
    actions = expandActions(plan, states);
    if (interruption.isInterrupted())
      throw new InterruptedError(
        `interrupted by ${interruption.isInterrupted()} before any change; nothing was written`,
      );
  } catch (error) {
    // Refused: leave no trace, not even the objects this run stored.
    await states.backup.discard();
    throw error;
  }
  // Objects are durable before the run record names them, and the record before the tree changes.
  try {
    await flushObjects(fs, layout, await states.backup.finish());
  } catch (error) {
    await states.backup.discard();
    throw error;
  }

  const checks = options.checks ?? [];
  const checkContext = { root: plan.root, plan, manifest: options.manifest };
  // With markers accepted the checks would fail on them by design: they run at the review, baseline included.
  const review =
    plan.markers?.length && options.acceptMarkers
      ? {
          markers: [...plan.markers],
          checks: checks.map((check) => check.name),
          ...(options.step !== undefined ? { step: options.step } : {}),
        }
      : undefined;
  if (!review) for (const check of checks) await check.beforeWrite?.(checkContext);

  const record: RunRecord = {
    format: "graft-run",
    version: 1,
    id: runId,
    root: plan.root,
    command,
    manifest: plan.manifest,
    planSha256: hashBytes(JSON.stringify(plan)),
    git: git ? { head: git.head, dirty: git.dirty } : null,
    graftVersion,
    nodeVersion: process.version,
    platform: `${process.platform}-${process.arch}`,
    user: readUserName(),
    host: os.hostname(),
    pid: process.pid,
    startedAt: new Date().toISOString(),
    status: "running",
    actions: actions.map((planned) => planned.action),
    rollbacks: [],
    ...(review ? { review } : {}),
  };
  await writeRunRecord(fs, layout, record);
  if (review) await writeReviewPlan(fs, layout, runId, plan);
  return writeActions({
    fs,
    layout,
    plan,
    record,
    actions,
    checks: review ? [] : checks,
    endStatus: review ? "needs-review" : "applied",
    checkContext,
    interruption,
    options: { onEvent: options.onEvent, durable: options.durable ?? true },
    kept: states.backup.kept,
  });
}

/** Creates `.graft/` with a .gitignore so git never reports graft's own files. */
async function ensureGraftDir(fs: FsPort, layout: GraftLayout): Promise<void> {
  await fs.mkdir(layout.objects, { recursive: true });
  await fs.mkdir(layout.runs, { recursive: true });
  await fs.writeFile(`${layout.dir}/.gitignore`, "*\n", { exclusive: true }).catch(() => undefined);
}

/**
 * An interrupted run must be rolled back first: applying over a half-written tree would mix two runs. A record
 * that cannot be read may be such a run, so it refuses too (fail closed). A run in review must be finished.
 */
async function refuseInterruptedRuns(fs: FsPort, layout: GraftLayout): Promise<void> {
  const { runs, problems } = await readRuns(fs, layout, isOwnerAlive);
  if (problems[0])
    throw new RefusedError(
      `refusing to apply: ${recordProblemError(problems[0], layout).message}; it may be a run that is not rolled back: fix or remove that run folder first`,
    );
  const pending = runs.find((s) => s.interrupted || s.record.rollbackPending);
  if (pending) {
    const trust = pending.trusted ? "" : " --trust-records";
    throw new RefusedError(
      `run ${pending.record.id} was interrupted and is not rolled back; run graft rollback ${pending.record.id}${trust} first`,
    );
  }
  // Stacking a run on unreviewed conflict markers would make the review (and its rollback) cover two runs.
  const reviewing = runs.find((s) => s.record.status === "needs-review");
  if (reviewing) {
    throw new RefusedError(
      `run ${reviewing.record.id} needs review: resolve the conflict markers in ${reviewing.record.review?.markers.join(", ") ?? "its files"}, then run graft verify (or graft apply --continue), or graft rollback ${reviewing.record.id}`,
    );
  }
}

function readUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? "unknown";
  }
}
