import { nodeFsPort, type FsPort } from "../shared/fs-port.js";
import { CheckFailedError, GraftError, InvalidInputError, RefusedError } from "../shared/errors.js";
import { getLayout, getRecordPath, type GraftLayout } from "./layout.js";
import { acquireLock, isOwnerAlive } from "./lock.js";
import { readJournal } from "./journal.js";
import { checkGraftFolder } from "./check-graft-folder.js";
import { loadRecordKey } from "./record-key.js";
import { readRunRecordOrThrow, readRuns, recordProblemError, summarizeRun, writeRunRecord } from "./run-record.js";
import { collectTargets, selectTargets } from "./restore-targets.js";
import { restoreRun, type RestoreRunResult } from "./restore-run.js";
import type { RunRecord, RunSummary } from "./types.js";

/** Options of `rollbackRun`. */
export interface RollbackOptions {
  fs?: FsPort;
  /** Run to roll back; default the newest applied (or interrupted) run. */
  runId?: string;
  /** Globs: restore only matching paths (partial rollback). */
  paths?: string[];
  dryRun?: boolean;
  /** Overwrite files changed after the run, backing them up first. */
  force?: boolean;
  /** fsync restored files (default true). */
  durable?: boolean;
  /** Called with warnings (a stale lock taken over). */
  onWarning?: (message: string) => void;
  /** Accept a record this user's key did not sign (written by another user, on another machine, or edited). */
  trustRecords?: boolean;
}

/** What a rollback did. */
export interface RollbackResult extends RestoreRunResult {
  runId: string;
  dryRun: boolean;
  /** True when the run was interrupted (killed) and is rolled back from its record and journal. */
  wasInterrupted: boolean;
  /** Actions the journal marked complete, of all actions. */
  journaled: number;
  record: RunRecord;
}

/**
 * True when a run still has changes on the tree a rollback could undo: applied, interrupted, a failed
 * automatic rollback, or one that left files changed during the run as they were.
 */
export function isRollbackable(summary: RunSummary): boolean {
  const { record } = summary;
  const leftAlone = record.status !== "rolled-back" && record.rollbacks.some((r) => r.leftAlone?.length);
  return (
    record.status === "applied" ||
    record.status === "needs-review" ||
    summary.interrupted ||
    record.rollbackPending === true ||
    leftAlone
  );
}

/** Rolls back a run (default: the newest applied one), under the lock; refuses out-of-order rollbacks. */
export async function rollbackRun(root: string, options: RollbackOptions = {}): Promise<RollbackResult> {
  const fs = options.fs ?? nodeFsPort;
  const layout = getLayout(root);
  try {
    await checkGraftFolder(fs, layout);
    if (!options.dryRun) loadRecordKey(true); // a rollback that cannot sign its record must fail before it restores
    const lock = options.dryRun
      ? undefined
      : await acquireLock(fs, layout, `graft rollback ${options.runId ?? ""}`.trim());
    if (lock?.takeover) options.onWarning?.(lock.takeover);
    try {
      return await rollbackLocked(fs, layout, options);
    } finally {
      await lock?.release();
    }
  } catch (error) {
    if (error instanceof GraftError) throw error;
    // Restoring is idempotent (each path is judged by its state), so running it again after fixing the cause is safe.
    const message = error instanceof Error ? error.message : String(error);
    throw new CheckFailedError(`rollback failed: ${message}; fix the cause and run graft rollback again`);
  }
}

async function rollbackLocked(fs: FsPort, layout: GraftLayout, options: RollbackOptions): Promise<RollbackResult> {
  const { runs, problems } = await readRuns(fs, layout, isOwnerAlive);
  const summary = options.runId
    ? await summarizeRun(fs, layout, await readRunRecordOrThrow(fs, layout, options.runId), isOwnerAlive)
    : runs.find(isRollbackable);
  if (!summary) throw new InvalidInputError(`no applied run to roll back in ${layout.root} (see graft history)`);
  const record = summary.record;
  if (!summary.trusted && !options.trustRecords)
    throw new RefusedError(
      `refusing to roll back run ${record.id}: its record is not signed by your key (written by another user, on another machine, or edited since: ${getRecordPath(layout, record.id)}); pass --trust-records if you trust it`,
    );
  // A newer run whose record cannot be read may have changed the same files: undoing this one first is unsafe.
  const newer = problems.find((p) => p.runId > record.id);
  if (newer)
    throw new RefusedError(
      `refusing to roll back run ${record.id}: ${recordProblemError(newer, layout).message}, and it is newer; fix or remove that run folder first`,
    );
  if (!isRollbackable(summary)) {
    const why = record.status === "running" ? "is still running" : `is ${record.status}; there is nothing to roll back`;
    throw new RefusedError(`run ${record.id} ${why}`);
  }
  refuseOutOfOrder(record, runs, options.paths);
  const journal = await readJournal(fs, layout, record.id);
  const reasonNote = summary.interrupted
    ? `interrupted after ${journal.actions.size} of ${record.actions.length} actions`
    : undefined;
  const result = await restoreRun(fs, layout, record, {
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
    paths: options.paths,
    force: options.force,
    dryRun: options.dryRun,
    durable: options.durable,
    reason: "user",
    beforeWrite: async (entry) => {
      // Name the forced backups in the record before the tree changes.
      if (entry.forcedBackups.length)
        await writeRunRecord(fs, layout, { ...record, rollbacks: [...record.rollbacks, entry] });
    },
  });
  if (!options.dryRun) {
    record.rollbacks.push(result.entry);
    const isFull = !options.paths?.length || restoresEverything(record);
    if (isFull) {
      record.status = "rolled-back";
      delete record.rollbackPending;
      if (reasonNote) record.error ??= reasonNote;
      record.endedAt ??= result.entry.at;
    }
    await writeRunRecord(fs, layout, record);
  }
  return {
    ...result,
    runId: record.id,
    dryRun: options.dryRun ?? false,
    wasInterrupted: summary.interrupted,
    journaled: journal.actions.size,
    record,
  };
}

/** True when the rollbacks recorded so far together restored every path of the run. */
function restoresEverything(record: RunRecord): boolean {
  const restored = new Set(record.rollbacks.flatMap((r) => r.restored));
  return [...collectTargets(record.actions).keys()].every((p) => restored.has(p));
}

/** Refuses to roll back `record` while a newer run that still has changes touched the same paths. */
function refuseOutOfOrder(record: RunRecord, runs: readonly RunSummary[], globs: string[] | undefined): void {
  const mine = new Set(selectTargets(collectTargets(record.actions), globs).keys());
  for (const newer of runs) {
    if (newer.record.id <= record.id || !isRollbackable(newer)) continue;
    const undone = new Set(newer.record.rollbacks.flatMap((r) => r.restored));
    const shared = [...collectTargets(newer.record.actions).keys()].filter((p) => mine.has(p) && !undone.has(p)).sort();
    if (shared.length) {
      throw new RefusedError(
        `refusing to roll back run ${record.id} before the newer run ${newer.record.id}, which also changed ${shared.slice(0, 5).join(", ")}${shared.length > 5 ? ", …" : ""}; roll back ${newer.record.id} first`,
      );
    }
  }
}
