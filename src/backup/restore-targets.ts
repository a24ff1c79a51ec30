import path from "node:path";
import picomatch from "picomatch";
import { isErrorCode, type FsPort } from "../shared/fs-port.js";
import { isGraftTempName } from "../shared/atomic-write.js";
import { isGeneratedArtefactName } from "../shared/generated-artefacts.js";
import { readEntryState, isSameState, describeState } from "./entry-state.js";
import { runPool } from "./run-pool.js";
import type { EntryState, RunAction } from "./types.js";

/** A path a run changed: the state it had before the run, and every state the run may have left it in. */
export interface RestoreTarget {
  path: string;
  original: EntryState;
  /** States the run itself produced (any of them means "nobody else touched it"). */
  produced: EntryState[];
  /** Paths that changed in the same action (a move's other end). */
  partners: string[];
}

/** A target with its current state and what restoring it needs. */
export interface AssessedTarget extends RestoreTarget {
  current: EntryState;
}

/** What a rollback would do. */
export interface RestoreAssessment {
  /** Targets not in their original state that the run left them in: restore these. */
  restore: AssessedTarget[];
  /** Targets already in their original state. */
  unchanged: AssessedTarget[];
  /** Targets someone changed after the run, with why. */
  changedSince: { target: AssessedTarget; reason: string }[];
}

/** Every path the given actions changed, with its original state (before the first action touching it). */
export function collectTargets(actions: readonly RunAction[]): Map<string, RestoreTarget> {
  const targets = new Map<string, RestoreTarget>();
  for (const action of actions) {
    for (const change of action.changes) {
      let target = targets.get(change.path);
      if (!target) {
        target = { path: change.path, original: change.before, produced: [], partners: [] };
        targets.set(change.path, target);
      }
      target.produced.push(change.after);
      for (const other of action.changes)
        if (other.path !== change.path && !target.partners.includes(other.path)) target.partners.push(other.path);
    }
  }
  return targets;
}

/**
 * Narrows targets to paths matching any glob (partial rollback), adding each match's move partner and the
 * folders it needs, so a partial rollback never leaves a file without its parent.
 */
export function selectTargets(
  targets: Map<string, RestoreTarget>,
  globs: readonly string[] | undefined,
): Map<string, RestoreTarget> {
  if (!globs?.length) return targets;
  const matches = picomatch(globs as string[], { dot: true });
  const chosen = new Set<string>();
  for (const target of targets.values()) {
    if (matches(target.path)) {
      chosen.add(target.path);
      for (const partner of target.partners) chosen.add(partner);
    }
  }
  for (const p of [...chosen]) {
    const parts = p.split("/");
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join("/");
      if (targets.has(dir)) chosen.add(dir);
    }
  }
  return new Map([...targets].filter(([p]) => chosen.has(p)));
}

/** Reads the current state of every target and sorts them into restore / unchanged / changed-since. */
export async function assessTargets(
  fs: FsPort,
  root: string,
  targets: Map<string, RestoreTarget>,
  concurrency = 16,
): Promise<RestoreAssessment> {
  const assessed: AssessedTarget[] = [];
  await runPool([...targets.values()], concurrency, async (target) => {
    assessed.push({ ...target, current: await readEntryState(fs, path.join(root, target.path)) });
  });
  assessed.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const result: RestoreAssessment = { restore: [], unchanged: [], changedSince: [] };
  const removedByRollback = new Set(assessed.filter((t) => t.original.kind === "absent").map((t) => t.path));
  for (const target of assessed) {
    if (isSameState(target.current, target.original, true)) {
      result.unchanged.push(target);
      continue;
    }
    const isProduced =
      target.produced.some((state) => isSameState(target.current, state)) ||
      isSameState(target.current, target.original);
    if (!isProduced) {
      result.changedSince.push({ target, reason: `is now ${describeState(target.current)}, not what the run left` });
      continue;
    }
    if (target.original.kind === "absent" && target.current.kind === "dir") {
      const foreign = await listForeignEntries(fs, root, target.path, removedByRollback);
      if (foreign.length) {
        result.changedSince.push({
          target,
          reason: `is a folder the run created that now also holds ${foreign.slice(0, 3).join(", ")}`,
        });
        continue;
      }
    }
    result.restore.push(target);
  }
  return result;
}

/**
 * Entries of a run-created folder that the rollback would not remove (someone else put them there). Generated
 * artefacts (`__pycache__`, `.pyc`, tool caches: a test run after the migration leaves them) are not someone's
 * work: the rollback removes them with the folder.
 */
async function listForeignEntries(
  fs: FsPort,
  root: string,
  dir: string,
  removed: ReadonlySet<string>,
): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(path.join(root, dir));
  } catch (error) {
    if (isErrorCode(error, "ENOENT")) return [];
    throw error;
  }
  return names
    .filter((name) => !isGraftTempName(name) && !isGeneratedArtefactName(name) && !removed.has(`${dir}/${name}`))
    .map((name) => `${dir}/${name}`);
}
