import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { isSameState, readEntryState } from "../backup/entry-state.js";
import { collectTargets } from "../backup/restore-targets.js";
import type { EntryState, RunRecord } from "../backup/types.js";
import { RefusedError } from "../shared/errors.js";
import { nodeFsPort } from "../shared/fs-port.js";
import { readGitState, type GitState } from "./git-state.js";

const run = promisify(execFile);

/** Root-relative path → the state a migration's own runs left it in (what a dirty git tree may hold for it). */
export type OwnChanges = Map<string, EntryState>;

/** Records what `record` left on every path it changed; paths a partial rollback restored go back to their original state. */
export function addRunChanges(own: OwnChanges, record: RunRecord): void {
  const targets = collectTargets(record.actions);
  for (const target of targets.values()) own.set(target.path, target.produced.at(-1) ?? target.original);
  for (const rollback of record.rollbacks)
    for (const p of rollback.restored) {
      const target = targets.get(p);
      if (target) own.set(p, target.original);
    }
  // Files whose conflict markers the user resolved during review hold the resolved bytes now.
  for (const [p, state] of Object.entries(record.review?.resolved ?? {})) own.set(p, state);
}

/** The changes of `records` (oldest first) that still stand: applied runs, and runs waiting for review. */
export function collectOwnChanges(records: readonly RunRecord[]): OwnChanges {
  const own: OwnChanges = new Map();
  for (const record of records)
    if (record.status === "applied" || record.status === "needs-review") addRunChanges(own, record);
  return own;
}

/**
 * The dirty paths (as git status prints them, relative to the repository's top) that are not exactly what the
 * migration's own runs left: a path none of them changed, or one changed again since.
 */
export async function findForeignChanges(
  root: string,
  dirtyPaths: readonly string[],
  own: ReadonlyMap<string, EntryState> | undefined,
): Promise<string[]> {
  if (!own?.size) return [...dirtyPaths];
  const prefix = (await run("git", ["rev-parse", "--show-prefix"], { cwd: root })).stdout.trim();
  const foreign: string[] = [];
  for (const dirty of dirtyPaths) {
    const rel = dirty.startsWith(prefix) ? dirty.slice(prefix.length) : undefined;
    const expected = rel === undefined ? undefined : own.get(rel);
    if (!expected || !isSameState(await readEntryState(nodeFsPort, path.join(root, rel!)), expected))
      foreign.push(dirty);
  }
  return foreign;
}

/**
 * Refuses (exit 3) when git reports uncommitted changes under `root` other than `own` (the migration's earlier
 * runs); returns the git state for the run record (null outside a git work tree).
 */
export async function refuseForeignChanges(
  root: string,
  own: ReadonlyMap<string, EntryState> | undefined,
  allowDirty = false,
): Promise<GitState | null> {
  // --allow-dirty accepts whatever state the tree is in, so a git that cannot tell does not block it either.
  const git = await readGitState(root).catch((error: unknown) => {
    if (allowDirty) return null;
    throw error;
  });
  if (!git?.dirty || allowDirty) return git;
  const foreign = await findForeignChanges(root, git.dirtyPaths, own);
  if (foreign.length === 0) return git;
  const sample = foreign.slice(0, 3).join(", ");
  const which = own?.size ? "uncommitted changes the migration's earlier steps did not make" : "uncommitted changes";
  throw new RefusedError(
    `refusing to apply: ${root} has ${which} (${foreign.length} path(s): ${sample}${foreign.length > 3 ? ", …" : ""}); commit or stash them, or pass --allow-dirty`,
  );
}
