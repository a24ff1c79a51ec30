import path from "node:path";
import { lstatOrUndefined, type FsPort } from "../shared/fs-port.js";
import { getAncestors } from "../shared/paths.js";
import { CheckFailedError, RefusedError } from "../shared/errors.js";
import { describeState, isSameState, readEntryState } from "./entry-state.js";
import { hashBytes, loadObjectIndex, storeObject, unshareObjects } from "./object-store.js";
import { getObjectPath, type GraftLayout } from "./layout.js";
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
  /**
   * Leave files changed after the run as they are and restore the rest (an automatic rollback: it never
   * overwrites what someone else wrote); they are listed in `leftAlone`.
   */
  leaveChanged?: boolean;
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
  /**
   * Paths left as they are: changed after the run wrote them (an automatic rollback leaves those), or folders
   * the run created that now hold files it did not create.
   */
  leftAlone: string[];
  /** Files the run meant to replace that someone changed in place first: the run never wrote them. */
  notWritten: string[];
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
  // The folder rollback works on is the layout's: a record's own `root` (it may be a copied or hostile record)
  // never decides where graft writes.
  const root = layout.root;
  const allTargets = collectTargets(record.actions);
  const targets = selectTargets(allTargets, options.paths);
  await refuseSymlinkedFolders(fs, root, record.id, targets.keys());
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
  const notWritten: string[] = [];
  const toRestore: AssessedTarget[] = [...assessment.restore];
  const changed: { target: AssessedTarget; reason: string }[] = [];
  for (const item of assessment.changedSince) {
    // Still the very file the run adopted as its backup: the run never replaced it, someone edited it in place.
    if (await isUnreplacedOriginal(fs, layout, root, item.target)) notWritten.push(item.target.path);
    else changed.push(item);
  }
  if (changed.length && !options.force && !options.leaveChanged) {
    const list = changed.map((c) => `${c.target.path} ${c.reason}`);
    throw new RefusedError(
      `refusing to roll back run ${record.id}: ${list.length} file(s) changed after the run: ${list.slice(0, 10).join("; ")}${list.length > 10 ? "; …" : ""} (use --force to back them up and overwrite them)`,
    );
  }
  for (const { target } of changed) {
    if (options.leaveChanged || (target.original.kind === "absent" && target.current.kind === "dir")) {
      leftAlone.push(target.path);
      continue;
    }
    toRestore.push(target);
    if (target.current.kind !== "absent") entry.forcedBackups.push({ path: target.path, state: target.current });
  }
  // A folder the run created stays while it holds a file left as it is.
  const kept = new Set([...leftAlone, ...notWritten]);
  const holdsKept = (t: AssessedTarget) =>
    t.original.kind === "absent" && t.current.kind === "dir" && [...kept].some((p) => p.startsWith(`${t.path}/`));
  const restorable = toRestore.filter((t) => !holdsKept(t));
  for (const t of toRestore) if (holdsKept(t)) leftAlone.push(t.path);
  leftAlone.sort();
  notWritten.sort();
  if (options.leaveChanged && leftAlone.length) entry.leftAlone = leftAlone;
  if (notWritten.length) entry.notWritten = notWritten;
  const schedule = scheduleRestore(restorable);
  entry.restored = restorable.map((t) => t.path).sort();
  if (options.dryRun) return { entry, assessment, leftAlone, notWritten };

  const index = await loadObjectIndex(fs, layout);
  await verifyScheduleObjects(fs, layout, index, record.id, schedule);
  await backUpChangedFiles(fs, layout, root, entry.forcedBackups);
  await options.beforeWrite?.(entry);
  const warn = options.onWarning ?? (() => {});
  await executeRestore(fs, layout, index, root, schedule, options.durable ?? true, warn);
  await checkRestored(fs, root, record.id, restorable);
  // A run stopped early never replaced some files it adopted as backups: those objects are still tree files.
  const originals = [...allTargets.values()].flatMap((t) => (t.original.kind === "file" ? [t.original.sha256] : []));
  await unshareObjects(fs, layout, originals);
  return { entry, assessment, leftAlone, notWritten };
}

/**
 * True when `target` is a file the run meant to replace that is still the inode the run adopted as its backup
 * object: the run never wrote it, and its change is someone's in-place edit (which the shared object followed).
 */
async function isUnreplacedOriginal(
  fs: FsPort,
  layout: GraftLayout,
  root: string,
  target: AssessedTarget,
): Promise<boolean> {
  if (target.original.kind !== "file" || target.current.kind !== "file") return false;
  const object = await lstatOrUndefined(fs, getObjectPath(layout, target.original.sha256));
  const current = await lstatOrUndefined(fs, path.join(root, target.path));
  return object !== undefined && current !== undefined && object.ino === current.ino && object.dev === current.dev;
}

/** Refuses when a folder above a path to restore is now a symlink: a write through it could land outside the root. */
async function refuseSymlinkedFolders(fs: FsPort, root: string, runId: string, paths: Iterable<string>): Promise<void> {
  const seen = new Map<string, boolean>();
  for (const p of paths) {
    for (const dir of getAncestors(p)) {
      let isLink = seen.get(dir);
      if (isLink === undefined) {
        isLink = (await lstatOrUndefined(fs, path.join(root, dir)))?.isSymbolicLink() ?? false;
        seen.set(dir, isLink);
      }
      if (isLink)
        throw new RefusedError(
          `refusing to roll back run ${runId}: ${p} lies under ${dir}, which is now a symlink; graft never writes through a symlink (replace it by the folder it was, then roll back)`,
        );
    }
  }
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
