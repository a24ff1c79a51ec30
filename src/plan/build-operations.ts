import path from "node:path";
import type { ConflictMergers } from "../model/conflict-merger.js";
import { applyEdits, type ByteEdit, type Edit, groupEditsByFile } from "../model/edit.js";
import type { ConflictEntry, MoveClassification, PlanOperation } from "../model/plan.js";
import type { ScanEntry } from "../scan/scan-tree.js";
import { compareStrings, isSameOrInside } from "../shared/paths.js";
import { findEmptiedSourceFolders, findMissingFolders } from "./plan-folders.js";
import { type ConflictDraft, resolveConflict } from "./resolve-conflict.js";

/** A generated file or folder the migration removes with the folder it empties. */
export type GeneratedArtefact = { path: string; kind: "dir" } | { path: string; kind: "file"; sha256: string };

/** Everything the operation builder needs; it does no I/O. */
export interface BuildOperationsInput {
  classifications: readonly MoveClassification[];
  /** Every scanned entry by root-relative path (pre-migration). */
  entries: ReadonlyMap<string, ScanEntry>;
  /** Content identity (sha256 or `link:target`) of every file/symlink under a move's from/to. */
  identities: ReadonlyMap<string, string>;
  /** Edits from rewriters, keyed by pre-migration path. */
  edits: readonly Edit[];
  /** Folders under a move's `from` that must stay because they hold excluded files. */
  keptFolders: ReadonlySet<string>;
  /** Generated artefacts (bytecode, tool caches) under a move's `from` that the scan left out, deepest first. */
  generatedArtefacts?: readonly GeneratedArtefact[];
  readFile(rootRelative: string): Buffer;
  mergers: ConflictMergers;
}

/** Result: ordered operations, the conflicts with their final resolution, and reasons the plan is blocked. */
export interface BuildOperationsResult {
  operations: PlanOperation[];
  classifications: MoveClassification[];
  blockers: string[];
  warnings: string[];
}

/** The operations of a plan, collected by the phase they run in (see `orderOperations`). */
interface OperationParts {
  /** Target files a keep-source type conflict replaces, then the target folders it removes. */
  targetRemovals: PlanOperation[];
  targetRmdirs: string[];
  /** Folders the placements need. */
  neededDirs: Set<string>;
  /** Files arriving at their new place: moves and merged writes. */
  placements: PlanOperation[];
  /** Source copies dropped (identical, or the losing side of a conflict). */
  sourceDeletes: PlanOperation[];
  /** Pre-migration paths some operation already covers (their edits travel with it). */
  handled: Set<string>;
}

/** Turns classifications and edits into the ordered operations of a plan (pure). */
export function buildOperations(input: BuildOperationsInput): BuildOperationsResult {
  const editsByFile = groupEditsByFile(input.edits, "edit");
  const parts: OperationParts = {
    targetRemovals: [],
    targetRmdirs: [],
    neededDirs: new Set(),
    placements: [],
    sourceDeletes: [],
    handled: new Set(),
  };
  const draft = createDraft(input, editsByFile, parts);
  const blockers: string[] = [];
  const classifications = input.classifications.map((c) => placeMove(c, draft, parts, blockers));
  const warnings: string[] = [];
  const inPlaceEdits = planInPlaceEdits(input, editsByFile, parts.handled, warnings);
  if (blockers.length === 0) {
    for (const kept of input.keptFolders) warnings.push(`${kept} stays: it holds files the manifest excludes`);
    const artefacts = input.generatedArtefacts ?? [];
    if (artefacts.length)
      warnings.push(
        `removes ${artefacts.length} generated artefact(s) left in moved-from folders (${artefacts[0]!.path}${artefacts.length > 1 ? ", …" : ""}), so the old module cannot import from a cache (a rollback restores them)`,
      );
  }
  return { operations: orderOperations(input, parts, inPlaceEdits), classifications, blockers, warnings };
}

/** The draft's operations on `parts`, as the conflict strategies see them. */
function createDraft(
  input: BuildOperationsInput,
  editsByFile: ReadonlyMap<string, ByteEdit[]>,
  parts: OperationParts,
): ConflictDraft {
  const entry = (p: string) => input.entries.get(p);
  const identity = (p: string) => input.identities.get(p) ?? "";
  const deleteInto = (into: PlanOperation[]) => (p: string, reason: string) => {
    const e = entry(p)!;
    if (e.kind === "dir") return;
    into.push({ op: "delete", path: p, kind: e.kind === "symlink" ? "symlink" : "file", sha256: identity(p), reason });
    parts.handled.add(p);
  };
  return {
    entry,
    identity,
    under: (base) => [...input.entries.values()].filter((e) => isSameOrInside(e.path, base)),
    editedBytes: (p) => {
      const edits = editsByFile.get(p);
      return edits?.length ? applyEdits(input.readFile(p), edits) : input.readFile(p);
    },
    mergers: input.mergers,
    moveFile(from, to, replaces) {
      const e = entry(from)!;
      const edits = editsByFile.get(from);
      parts.placements.push({
        op: "move",
        from,
        to,
        kind: e.kind === "symlink" ? "symlink" : "file",
        mode: e.mode,
        sha256: identity(from),
        ...(e.linkTarget !== undefined ? { linkTarget: e.linkTarget } : {}),
        ...(replaces ? { replaces } : {}),
        ...(edits && e.kind !== "symlink" ? { edits } : {}),
      });
      parts.handled.add(from);
      parts.neededDirs.add(path.posix.dirname(to));
    },
    needFolder: (p) => parts.neededDirs.add(p),
    deleteSource: deleteInto(parts.sourceDeletes),
    deleteTarget: deleteInto(parts.targetRemovals),
    removeTargetFolder: (p) => parts.targetRmdirs.push(p),
    place(operation) {
      parts.placements.push(operation);
      parts.handled.add(operation.path);
    },
  };
}

/** One move's classes become operations: source-only files move, identical copies go, conflicts follow their strategy. */
function placeMove(
  c: MoveClassification,
  draft: ConflictDraft,
  parts: OperationParts,
  blockers: string[],
): MoveClassification {
  // A single-file move classifies its one file under the target's base name.
  const isFileMove = draft.entry(c.from)?.kind !== "dir";
  const join = (base: string, rel: string) => (isFileMove ? base : `${base}/${rel}`);
  for (const rel of c.sourceOnly) {
    if (rel.endsWith("/")) draft.needFolder(join(c.to, rel.slice(0, -1)));
    else draft.moveFile(join(c.from, rel), join(c.to, rel));
  }
  for (const rel of c.identical) {
    if (!rel.endsWith("/")) draft.deleteSource(join(c.from, rel), `identical to ${join(c.to, rel)}`);
  }
  const conflicts = c.conflicts.map((conflict): ConflictEntry => {
    const src = join(c.from, conflict.path);
    const dst = join(c.to, conflict.path);
    const unresolved = resolveConflict({ conflict, src, dst }, draft);
    if (unresolved === undefined) return { ...conflict };
    blockers.push(`conflict ${dst}: ${unresolved}`);
    parts.handled.add(src);
    return { ...conflict, unresolved };
  });
  return { ...c, conflicts };
}

/** Edits of files no operation carries (importers outside the moved trees) become in-place edit operations. */
function planInPlaceEdits(
  input: BuildOperationsInput,
  editsByFile: ReadonlyMap<string, ByteEdit[]>,
  handled: ReadonlySet<string>,
  warnings: string[],
): PlanOperation[] {
  const operations: PlanOperation[] = [];
  for (const [file, edits] of [...editsByFile].sort(([a], [b]) => compareStrings(a, b))) {
    if (handled.has(file)) continue;
    if (input.entries.get(file)?.kind !== "file") {
      warnings.push(`edits for ${file} dropped: not a regular file in the tree`);
      continue;
    }
    operations.push({ op: "edit", path: file, sha256: input.identities.get(file) ?? "", edits });
  }
  return operations;
}

/**
 * The order apply runs them in: clear what keep-source replaces in the target, create folders, place files, edit
 * importers, drop source copies, then remove the emptied source folders deepest first.
 */
function orderOperations(
  input: BuildOperationsInput,
  parts: OperationParts,
  inPlaceEdits: PlanOperation[],
): PlanOperation[] {
  const removedTargets = new Set(parts.targetRmdirs);
  return [
    ...parts.targetRemovals,
    ...[...parts.targetRmdirs]
      .sort((a, b) => compareStrings(b, a))
      .map((p): PlanOperation => ({ op: "rmdir", path: p })),
    ...findMissingFolders(parts.neededDirs, input.entries, removedTargets).map(
      (p): PlanOperation => ({ op: "mkdir", path: p }),
    ),
    ...parts.placements,
    ...inPlaceEdits,
    ...parts.sourceDeletes,
    ...(input.generatedArtefacts ?? []).map(
      (a): PlanOperation =>
        a.kind === "dir"
          ? { op: "rmdir", path: a.path }
          : { op: "delete", path: a.path, kind: "file", sha256: a.sha256, reason: "generated artefact" },
    ),
    ...findEmptiedSourceFolders(input.classifications, input.entries, input.keptFolders).map(
      (p): PlanOperation => ({ op: "rmdir", path: p }),
    ),
  ];
}
