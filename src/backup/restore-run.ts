import path from "node:path";
import type { FsPort } from "../shared/fs-port.js";
import { CheckFailedError, RefusedError } from "../shared/errors.js";
import { describeState, isSameState, readEntryState } from "./entry-state.js";
import { hashBytes, loadObjectIndex, storeObject, unshareObjects } from "./object-store.js";
import type { GraftLayout } from "./layout.js";
import {
  assessTargets,
  collectTargets,
  selectTargets,
  type AssessedTarget,
  type RestoreAssessment,
} from "./restore-targets.js";
import { executeRestore, scheduleRestore, sweepTempFiles, verifyScheduleObjects } from "./restore-tree.js";
import { runPool } from "./run-pool.js";
import type { EntryState, RollbackEntry, RunRecord } from "./types.js";

/** How to restore a run's paths. */
export interface RestoreRunOptions {
  /** Globs for a partial rollback. */
  paths?: string[];
  /** Overwrite files changed after the run (after backing them up as objects). */
  force?: boolean;
  dryRun?: boolean;
  /** fsync restored files (default true). */
  durable?: boolean;
  reason: RollbackEntry["reason"];
  /** Told about what went wrong without stopping the restore (a failed flush). */
  onWarning?: (message: string) => void;
  /** Called once the forced backups are known, before the tree changes, so the record can name them. */
  beforeWrite?: (entry: RollbackEntry) => Promise<void>;
}

/** What a restore did (or, in a dry run, would do). */
export interface RestoreRunResult {
  entry: RollbackEntry;
  assessment: RestoreAssessment;
  /** Paths whose original state a forced rollback could not bring back (left as they are). */
  leftAlone: string[];
}

/**
 * Brings every path a run changed back to its state before the run, judging each path by its state (so it
 * works for a finished run and for one killed at any point), then re-hashes every restored path.
 */
export async function restoreRun(
  fs: FsPort,
  layout: GraftLayout,
  record: RunRecord,
  options: RestoreRunOptions,
): Promise<RestoreRunResult> {
  const root = record.root;
  const allTargets = collectTargets(record.actions);
  const targets = selectTargets(allTargets, options.paths);
  if (!options.dryRun) await sweepTempFiles(fs, root, targets.keys());
  const assessment = await assessTargets(fs, root, targets);
  const entry: RollbackEntry = {
    at: new Date().toISOString(),
    restored: [],
    forcedBackups: [],
    reason: options.reason,
  };
  if (options.paths?.length) entry.paths = options.paths;

  const leftAlone: string[] = [];
  const toRestore: AssessedTarget[] = [...assessment.restore];
  if (assessment.changedSince.length) {
    if (!options.force) {
      const list = assessment.changedSince.map((c) => `${c.target.path} ${c.reason}`);
      throw new RefusedError(
        `refusing to roll back run ${record.id}: ${list.length} file(s) changed after the run: ${list.slice(0, 10).join("; ")}${list.length > 10 ? "; …" : ""} (use --force to back them up and overwrite them)`,
      );
    }
    for (const { target } of assessment.changedSince) {
      if (target.original.kind === "absent" && target.current.kind === "dir") {
        leftAlone.push(target.path);
        continue;
      }
      toRestore.push(target);
      if (target.current.kind !== "absent") entry.forcedBackups.push({ path: target.path, state: target.current });
    }
  }
  const schedule = scheduleRestore(toRestore);
  entry.restored = toRestore.map((t) => t.path).sort();
  if (options.dryRun) return { entry, assessment, leftAlone };

  const index = await loadObjectIndex(fs, layout);
  await verifyScheduleObjects(fs, layout, index, record.id, schedule);
  await backUpChangedFiles(fs, layout, root, entry.forcedBackups);
  await options.beforeWrite?.(entry);
  await executeRestore(fs, layout, index, root, schedule, options.durable ?? true, options.onWarning ?? (() => {}));
  await checkRestored(
    fs,
    root,
    record.id,
    toRestore.filter((t) => !leftAlone.includes(t.path)),
  );
  // A run stopped early never replaced some files it adopted as backups: those objects are still tree files.
  const originals = [...allTargets.values()].flatMap((t) => (t.original.kind === "file" ? [t.original.sha256] : []));
  await unshareObjects(fs, layout, originals);
  return { entry, assessment, leftAlone };
}

/** Stores the current bytes of files a forced rollback overwrites, so even that is undoable. */
async function backUpChangedFiles(
  fs: FsPort,
  layout: GraftLayout,
  root: string,
  backups: { path: string; state: EntryState }[],
): Promise<void> {
  await runPool(backups, 8, async ({ path: rel, state }) => {
    if (state.kind !== "file") return;
    const data = await fs.readFile(path.join(root, rel));
    const sha256 = hashBytes(data);
    // The file may change again while we look; keep what we actually stored.
    if (sha256 !== state.sha256) Object.assign(state, { sha256, size: data.length });
    await storeObject(fs, layout, sha256, data);
  });
}

/** Re-hashes restored paths against their original state; fails loudly on any difference. */
async function checkRestored(
  fs: FsPort,
  root: string,
  runId: string,
  targets: readonly AssessedTarget[],
): Promise<void> {
  const differences: string[] = [];
  await runPool(targets, 16, async (t) => {
    const now = await readEntryState(fs, path.join(root, t.path));
    if (!isSameState(now, t.original, true))
      differences.push(`${t.path}: expected ${describeState(t.original)}, found ${describeState(now)}`);
  });
  if (differences.length) {
    differences.sort();
    throw new CheckFailedError(
      `rollback of run ${runId} left ${differences.length} difference(s): ${differences.slice(0, 10).join("; ")}`,
    );
  }
}
