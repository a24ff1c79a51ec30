import path from "node:path";
import { applyEdits } from "../codemod/edit.js";
import type { MigrationPlan, PlanOperation, TextEdit } from "../plan/types.js";
import { lstatOrUndefined, type FsPort } from "../shared/fs-port.js";
import { getReadSignature } from "../backup/entry-state.js";
import { hashBytes, loadObjectIndex, readObject } from "../backup/object-store.js";
import { createPackWriter, type PackWriter } from "../backup/pack-writer.js";
import type { GraftLayout } from "../backup/layout.js";
import type { EntryState } from "../backup/types.js";
import { runPool } from "../backup/run-pool.js";

/** Current states of every path a plan reads or touches, with the touched files already backed up. */
export interface PlanStates {
  states: Map<string, EntryState>;
  /** sha256/size of the bytes an edited file (or edited move) will have, keyed by source path. */
  editedResults: Map<string, { sha256: string; size: number }>;
  /** The pack holding the backups this pass made: finished and flushed before the run record, discarded on refusal. */
  pack: PackWriter;
  /** First path (sorted) whose state differs from the plan's `reads`, with how. */
  stale?: { path: string; problem: "changed" | "missing" };
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

/** Every ancestor folder of `p` (root-relative POSIX), shallowest first. */
export function getAncestors(p: string): string[] {
  const parts = p.split("/");
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join("/"));
}

/**
 * One pass over the tree: hashes every read and touched path (staleness), and appends each touched file's
 * bytes to the run's pack while they are in memory, so backup reads every file once.
 */
export async function readPlanStates(fs: FsPort, layout: GraftLayout, plan: MigrationPlan, concurrency = 16): Promise<PlanStates> {
  const touched = getTouchedPaths(plan.operations);
  const editsBySource = new Map<string, TextEdit[]>();
  for (const op of plan.operations) {
    if (op.op === "edit") editsBySource.set(op.path, op.edits);
    if (op.op === "move" && op.edits?.length) editsBySource.set(op.from, op.edits);
  }
  const wanted = new Set<string>([...Object.keys(plan.reads), ...touched]);
  for (const p of touched) for (const a of getAncestors(p)) wanted.add(a);

  const index = await loadObjectIndex(fs, layout);
  const result: PlanStates = { states: new Map(), editedResults: new Map(), pack: createPackWriter(fs, layout, index) };
  const staleFound: { path: string; problem: "changed" | "missing" }[] = [];
  const packed = new Set<string>();
  /** Adds `data` to the run's pack unless an intact copy is stored (re-hashed first: a damaged one is stored again). */
  const backUp = async (sha256: string, data: Buffer) => {
    if (packed.has(sha256)) return;
    const isStored = (index.loose.has(sha256) || index.packed.has(sha256)) && "bytes" in (await readObject(fs, layout, index, sha256));
    if (isStored || packed.has(sha256)) return;
    packed.add(sha256);
    await result.pack.add(sha256, data);
  };
  const readState = async (rel: string): Promise<EntryState> => {
    const absolute = path.join(plan.root, rel);
    const stat = await lstatOrUndefined(fs, absolute);
    if (!stat) return { kind: "absent" };
    if (stat.isSymbolicLink()) return { kind: "symlink", target: await fs.readlink(absolute) };
    if (stat.isDirectory()) return { kind: "dir", mode: stat.mode & 0o7777 };
    const data = await fs.readFile(absolute);
    const sha256 = hashBytes(data);
    const edits = editsBySource.get(rel);
    if (edits) {
      const edited = applyEdits(data, edits);
      result.editedResults.set(rel, { sha256: hashBytes(edited), size: edited.length });
    }
    const expected = plan.reads[rel];
    // Once the plan is known to be stale nothing more is stored: the run will be refused.
    if (touched.has(rel) && staleFound.length === 0 && (expected === undefined || expected === sha256)) await backUp(sha256, data);
    return { kind: "file", sha256, mode: stat.mode & 0o7777, size: data.length };
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
    await result.pack.discard();
    throw error;
  }
  staleFound.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (staleFound.length) result.stale = staleFound[0];
  return result;
}
