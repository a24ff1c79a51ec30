import type { Stats } from "node:fs";
import path from "node:path";
import { applyEdits } from "../model/edit.js";
import type { MigrationPlan, PlanOperation } from "../model/plan.js";
import type { ByteEdit } from "../model/edit.js";
import { lstatOrUndefined, type FsPort } from "../shared/fs-port.js";
import { getReadSignature } from "../backup/entry-state.js";
import { createBackupWriter, type BackupWriter } from "../backup/backup-writer.js";
import { hashBytes, hasReliableCopy, loadObjectIndex } from "../backup/object-store.js";
import type { GraftLayout } from "../backup/layout.js";
import type { EntryState } from "../backup/types.js";
import { runPool } from "../backup/run-pool.js";
import { InvalidInputError } from "../shared/errors.js";
import { getAncestors } from "../shared/paths.js";
import { recallReadIdentities } from "../scan/read-identities.js";
import { hasIdentity } from "../scan/file-identity.js";

/** Current states of every path a plan reads or touches, with the touched files already backed up. */
export interface PlanStates {
  states: Map<string, EntryState>;
  /** sha256/size of the bytes an edited file (or edited move) will have, keyed by source path. */
  editedResults: Map<string, { sha256: string; size: number }>;
  /** The backups this pass made: finished and flushed before the run record, discarded on refusal. */
  backup: BackupWriter;
  /** First path (sorted) whose state differs from the plan's `reads`, with how. */
  stale?: { path: string; problem: "changed" | "missing" };
  /** Names in each folder the plan removes, as they are now (a name the plan does not account for makes it stale). */
  listings: Map<string, string[]>;
}

/** Root-relative paths whose files an operation changes, overwrites or removes. */
export function getTouchedPaths(operations: readonly PlanOperation[]): Set<string> {
  const touched = new Set<string>();
  for (const op of operations) {
    if (op.op === "move") touched.add(op.from).add(op.to);
    else touched.add(op.path);
  }
  return touched;
}

/**
 * What a plan needs to know of the tree before it runs: the paths it touches, every path whose state it reads
 * (reads, touched paths and their folders), and the byte edits it makes to each source file.
 */
export function getPlanInputs(plan: MigrationPlan): {
  touched: Set<string>;
  wanted: Set<string>;
  editsBySource: Map<string, ByteEdit[]>;
} {
  const touched = getTouchedPaths(plan.operations);
  const editsBySource = new Map<string, ByteEdit[]>();
  for (const op of plan.operations) {
    if (op.op === "edit") editsBySource.set(op.path, op.edits);
    if (op.op === "move" && op.edits?.length) editsBySource.set(op.from, op.edits);
  }
  const wanted = new Set<string>([...Object.keys(plan.reads), ...touched]);
  for (const p of touched) for (const a of getAncestors(p)) wanted.add(a);
  return { touched, wanted, editsBySource };
}

/**
 * Touched paths whose file the run takes out of the tree (replaced atomically, or removed), so the original can
 * become its own backup. A file moved on by a rename stays in the tree and is never one of them.
 */
export function getDroppedPaths(operations: readonly PlanOperation[]): Set<string> {
  const dropped = new Set<string>();
  const movedOn = new Set<string>();
  for (const op of operations) {
    if (op.op === "move") {
      // A file moved with edits is written anew at its destination and removed (see expandActions).
      if (op.kind === "file" && op.edits?.length) dropped.add(op.from);
      else movedOn.add(op.from);
      dropped.add(op.to);
    } else if (op.op === "edit" || op.op === "write" || op.op === "delete") dropped.add(op.path);
  }
  for (const p of movedOn) dropped.delete(p);
  return dropped;
}

/**
 * One pass over the tree: hashes every read and touched path (staleness) and backs up each touched file while
 * its bytes are in memory, so backup reads every file once. A file the run takes out of the tree, linked
 * nowhere else, is adopted as its own backup (a hard link, no copy), or held in `heldDir` when the store has
 * its bytes already, so the run frees no file; any other goes into the run's pack.
 */
export async function readPlanStates(
  fs: FsPort,
  layout: GraftLayout,
  plan: MigrationPlan,
  heldDir: string,
  concurrency = 16,
): Promise<PlanStates> {
  const { touched, wanted, editsBySource } = getPlanInputs(plan);
  const dropped = getDroppedPaths(plan.operations);
  const listings = new Map<string, string[]>();
  for (const op of plan.operations) {
    if (op.op !== "rmdir") continue;
    const names = await fs.readdir(path.join(plan.root, op.path)).catch(() => [] as string[]);
    listings.set(op.path, names);
    for (const name of names) wanted.add(`${op.path}/${name}`);
  }

  const index = await loadObjectIndex(fs, layout);
  const result: PlanStates = {
    states: new Map(),
    editedResults: new Map(),
    listings,
    backup: createBackupWriter(fs, layout, index, heldDir),
  };
  const staleFound: { path: string; problem: "changed" | "missing" }[] = [];
  const stored = new Set<string>();
  /**
   * Backs up `data` (the bytes of `file`) unless an intact copy is stored (re-hashed first: a damaged one is
   * stored again). `adoptable`: the run takes the file out of the tree and nothing else links to it.
   */
  const backUp = async (sha256: string, data: Buffer, file: string, adoptable: boolean) => {
    let isStored = stored.has(sha256);
    if (!isStored) {
      stored.add(sha256);
      isStored = await hasReliableCopy(fs, layout, index, sha256);
    }
    if (isStored) {
      if (adoptable) await result.backup.hold(file, sha256);
      return;
    }
    if (adoptable && (await result.backup.adopt(sha256, file))) return;
    await result.backup.add(sha256, data);
  };
  const seen = recallReadIdentities(plan);
  const readState = async (rel: string): Promise<EntryState> => {
    const absolute = path.join(plan.root, rel);
    const stat = await lstatOrUndefined(fs, absolute);
    if (!stat) return { kind: "absent" };
    if (stat.isSymbolicLink()) return { kind: "symlink", target: await fs.readlink(absolute) };
    if (stat.isDirectory()) return { kind: "dir", mode: stat.mode & 0o7777 };
    const expected = plan.reads[rel];
    // A file the run only read, with the identity planning saw before it read it, holds the bytes the plan pinned
    // (file-identity.ts argues it): its state needs no second read. Files the run touches are read for their backup.
    const identity = seen.get(rel);
    if (expected !== undefined && !touched.has(rel) && identity && hasIdentity(stat, identity))
      return fileState(stat, expected, stat.size);
    const data = await fs.readFile(absolute);
    const sha256 = hashBytes(data);
    const edits = editsBySource.get(rel);
    if (edits) {
      let edited: Buffer;
      try {
        edited = applyEdits(data, edits);
      } catch (error) {
        // Edits that do not fit the file are a plan made for other bytes, or made up: bad input, not a bug.
        throw new InvalidInputError(`plan: the edits of ${rel} do not fit it: ${(error as Error).message}`);
      }
      result.editedResults.set(rel, { sha256: hashBytes(edited), size: edited.length });
    }
    // Once the plan is known to be stale nothing more is stored: the run will be refused.
    if (touched.has(rel) && staleFound.length === 0 && (expected === undefined || expected === sha256)) {
      await backUp(sha256, data, absolute, dropped.has(rel) && stat.isFile() && stat.nlink === 1);
    }
    return fileState(stat, sha256, data.length);
  };
  try {
    await runPool([...wanted], concurrency, async (rel) => {
      const state = await readState(rel);
      result.states.set(rel, state);
      const expected = plan.reads[rel];
      if (expected !== undefined && getReadSignature(state) !== expected) {
        staleFound.push({ path: rel, problem: state.kind === "absent" ? "missing" : "changed" });
      }
    });
  } catch (error) {
    await result.backup.discard();
    throw error;
  }
  staleFound.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (staleFound.length) result.stale = staleFound[0];
  return result;
}

/** The state of a regular file with these bytes' sha256 and size. */
function fileState(stat: Stats, sha256: string, size: number): EntryState {
  const state: EntryState = { kind: "file", sha256, mode: stat.mode & 0o7777, size };
  // A file with other hard links: rollback links the ones it restores together again (see executeRestore).
  if (stat.nlink > 1) Object.assign(state, { ino: stat.ino, links: stat.nlink });
  return state;
}
