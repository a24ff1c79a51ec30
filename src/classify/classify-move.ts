import path from "node:path";
import type { ConflictEntry, ConflictStrategy, EntryKind, MoveClassification } from "../model/plan.js";
import { compareStrings, isSameOrInside } from "../shared/paths.js";

/** A scanned path as classification needs it (root-relative POSIX). */
export interface ClassifyEntry {
  path: string;
  kind: EntryKind;
}

/** Input of classifying one move: both sides' entries and the content identity of paths present on both. */
export interface ClassifyInput {
  from: string;
  to: string;
  /** Entries at or under `from`, root-relative. */
  sourceEntries: readonly ClassifyEntry[];
  /** Entries at or under `to`, root-relative. */
  targetEntries: readonly ClassifyEntry[];
  /** Root-relative path → sha256 (or `link:` target) for files/symlinks present on both sides. */
  identities: ReadonlyMap<string, string>;
  strategyFor(movePath: string, rootPath: string): ConflictStrategy;
}

/** Move-relative path of a root-relative one under `base` ("" for base itself). */
export function relativeTo(base: string, p: string): string {
  return p === base ? "" : p.slice(base.length + 1);
}

/** Pairs of move-relative paths that exist on both sides, for hashing before classification. */
export function pairedPaths(
  from: string,
  to: string,
  sourceEntries: readonly ClassifyEntry[],
  targetEntries: readonly ClassifyEntry[],
): string[] {
  const target = new Map(targetEntries.map((e) => [relativeTo(to, e.path), e.kind]));
  return sourceEntries
    .filter((e) => e.kind !== "dir" && target.get(relativeTo(from, e.path)) === e.kind)
    .map((e) => relativeTo(from, e.path));
}

/** Classifies every path of a move's two trees as source-only, identical, conflict or target-only (pure). */
export function classifyMove(input: ClassifyInput): MoveClassification {
  const { from, to } = input;
  const source = new Map(input.sourceEntries.map((e) => [relativeTo(from, e.path), e.kind]));
  const target = new Map(input.targetEntries.map((e) => [relativeTo(to, e.path), e.kind]));
  const result: MoveClassification = { from, to, sourceOnly: [], identical: [], conflicts: [], targetOnly: [] };
  const sourceParents = parentsOf(source);
  const targetParents = parentsOf(target);
  const isEmptyDir = (side: typeof source, rel: string) => !(side === source ? sourceParents : targetParents).has(rel);
  const typeConflicts: string[] = [];
  const insideTypeConflict = (rel: string) => typeConflicts.some((c) => isSameOrInside(rel, c));
  const all = [...new Set([...source.keys(), ...target.keys()])].sort(compareStrings);
  for (const rel of all) {
    if (insideTypeConflict(rel)) continue;
    const sk = source.get(rel);
    const tk = target.get(rel);
    const rootPath = rel === "" ? to : `${to}/${rel}`;
    const shown = rel === "" ? path.posix.basename(to) : rel;
    if (sk && tk && sk !== tk) {
      typeConflicts.push(rel);
      result.conflicts.push(conflictEntry(shown, "type", sk, tk, input.strategyFor(shown, rootPath)));
    } else if (sk && tk) {
      if (sk === "dir") {
        if (isEmptyDir(source, rel) && isEmptyDir(target, rel)) result.identical.push(shown + "/");
      } else if (input.identities.get(`${from}${rel ? "/" + rel : ""}`) === input.identities.get(rootPath)) {
        result.identical.push(shown);
      } else {
        result.conflicts.push(conflictEntry(shown, "content", sk, tk, input.strategyFor(shown, rootPath)));
      }
    } else if (sk) {
      if (sk !== "dir") result.sourceOnly.push(shown);
      else if (isEmptyDir(source, rel)) result.sourceOnly.push(shown + "/");
    } else if (tk) {
      if (tk !== "dir") result.targetOnly.push(shown);
      else if (isEmptyDir(target, rel)) result.targetOnly.push(shown + "/");
    }
  }
  return result;
}

function conflictEntry(
  p: string,
  type: ConflictEntry["type"],
  sourceKind: EntryKind,
  targetKind: EntryKind,
  strategy: ConflictStrategy,
): ConflictEntry {
  return { path: p, type, sourceKind, targetKind, strategy };
}

function parentsOf(entries: ReadonlyMap<string, EntryKind>): Set<string> {
  const parents = new Set<string>();
  for (const key of entries.keys())
    if (key !== "") parents.add(key.includes("/") ? key.slice(0, key.lastIndexOf("/")) : "");
  return parents;
}
