import path from "node:path";
import { applyEdits, type Edit } from "../model/edit.js";
import type { ScanEntry } from "../scan/scan-tree.js";
import { sha256Hex } from "../shared/hash.js";
import { compareStrings, isSameOrInside } from "../shared/paths.js";
import type { ConflictMergers } from "./conflict-mergers.js";
import type { ConflictEntry, MoveClassification, PlanOperation, TextEdit } from "../model/plan.js";

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

/** Turns classifications and edits into the ordered operations of a plan (pure). */
export function buildOperations(input: BuildOperationsInput): BuildOperationsResult {
  const editsByFile = groupEdits(input.edits);
  const targetRemovals: PlanOperation[] = [];
  const targetRmdirs: string[] = [];
  const placements: PlanOperation[] = [];
  const sourceDeletes: PlanOperation[] = [];
  const neededDirs = new Set<string>();
  const handled = new Set<string>();
  const blockers: string[] = [];
  const warnings: string[] = [];
  const classifications: MoveClassification[] = [];

  const identity = (p: string) => input.identities.get(p) ?? "";
  const editedBytes = (p: string) => {
    const edits = editsByFile.get(p);
    return edits?.length ? applyEdits(input.readFile(p), edits) : input.readFile(p);
  };
  const entry = (p: string) => input.entries.get(p);
  const underPath = (base: string) => [...input.entries.values()].filter((e) => isSameOrInside(e.path, base));

  const moveFile = (from: string, to: string, replaces?: string) => {
    const e = entry(from)!;
    const edits = editsByFile.get(from);
    placements.push({
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
    handled.add(from);
    neededDirs.add(path.posix.dirname(to));
  };
  const deleteEntry = (p: string, reason: string, into: PlanOperation[]) => {
    const e = entry(p)!;
    if (e.kind === "dir") return;
    into.push({ op: "delete", path: p, kind: e.kind === "symlink" ? "symlink" : "file", sha256: identity(p), reason });
    handled.add(p);
  };

  for (const c of input.classifications) {
    // A single-file move classifies its one file under the target's base name.
    const isFileMove = entry(c.from)?.kind !== "dir";
    const join = (base: string, rel: string) => (isFileMove ? base : `${base}/${rel}`);
    const conflicts: ConflictEntry[] = [];
    for (const rel of c.sourceOnly) {
      if (rel.endsWith("/")) neededDirs.add(join(c.to, rel.slice(0, -1)));
      else moveFile(join(c.from, rel), join(c.to, rel));
    }
    for (const rel of c.identical) {
      if (!rel.endsWith("/")) deleteEntry(join(c.from, rel), `identical to ${join(c.to, rel)}`, sourceDeletes);
    }
    for (const conflict of c.conflicts) {
      const src = join(c.from, conflict.path);
      const dst = join(c.to, conflict.path);
      const resolved = { ...conflict };
      const fail = (reason: string) => {
        resolved.unresolved = reason;
        blockers.push(`conflict ${dst}: ${reason}`);
      };
      if (conflict.strategy === "manual")
        fail("strategy manual: choose keep-source, keep-target, markers or merge-exports");
      else if (conflict.strategy === "keep-target") {
        for (const e of conflict.type === "type" ? underPath(src) : [entry(src)!])
          deleteEntry(e.path, `conflict with ${dst}, kept target`, sourceDeletes);
      } else if (conflict.strategy === "keep-source") {
        if (conflict.type === "type") {
          for (const e of underPath(dst)) {
            if (e.kind === "dir") targetRmdirs.push(e.path);
            else deleteEntry(e.path, `conflict with ${src}, kept source`, targetRemovals);
          }
          for (const e of underPath(src)) {
            if (e.kind === "dir") neededDirs.add(dst + e.path.slice(src.length));
            else moveFile(e.path, dst + e.path.slice(src.length));
          }
        } else moveFile(src, dst, identity(dst));
      } else if (conflict.type === "type" || entry(src)?.kind !== "file" || entry(dst)?.kind !== "file") {
        fail(
          `strategy ${conflict.strategy} needs two regular files (${conflict.sourceKind} vs ${conflict.targetKind})`,
        );
      } else {
        const merger = input.mergers[conflict.strategy];
        // Both sides carry their rewritten imports into the merge, so appended statements are already re-pointed.
        const merged = merger
          ? merger(editedBytes(dst), editedBytes(src), dst)
          : { unresolved: `strategy ${conflict.strategy} is not available` };
        if ("unresolved" in merged) fail(merged.unresolved);
        else {
          const text = merged.content;
          placements.push({
            op: "write",
            path: dst,
            content: text.toString("base64"),
            encoding: "base64",
            mode: entry(dst)!.mode,
            before: identity(dst),
            sha256: sha256Hex(text),
            reason: `${conflict.strategy} of ${src} into ${dst}`,
          });
          handled.add(dst);
          deleteEntry(src, `merged into ${dst} (${conflict.strategy})`, sourceDeletes);
        }
      }
      if (resolved.unresolved) handled.add(src);
      conflicts.push(resolved);
    }
    classifications.push({ ...c, conflicts });
  }

  const inPlaceEdits: PlanOperation[] = [];
  for (const [file, edits] of [...editsByFile].sort(([a], [b]) => compareStrings(a, b))) {
    if (handled.has(file)) continue;
    const e = entry(file);
    if (e?.kind !== "file") {
      warnings.push(`edits for ${file} dropped: not a regular file in the tree`);
      continue;
    }
    inPlaceEdits.push({ op: "edit", path: file, sha256: identity(file), edits });
  }

  const mkdirs = missingFolders(neededDirs, input.entries, new Set(targetRmdirs));
  const rmdirs = sourceFoldersToRemove(input.classifications, input.entries, input.keptFolders);
  if (blockers.length === 0) {
    for (const kept of input.keptFolders) warnings.push(`${kept} stays: it holds files the manifest excludes`);
  }
  const operations: PlanOperation[] = [
    ...targetRemovals,
    ...targetRmdirs.sort((a, b) => compareStrings(b, a)).map((p): PlanOperation => ({ op: "rmdir", path: p })),
    ...mkdirs.map((p): PlanOperation => ({ op: "mkdir", path: p })),
    ...placements,
    ...inPlaceEdits,
    ...sourceDeletes,
    ...rmdirs.map((p): PlanOperation => ({ op: "rmdir", path: p })),
  ];
  return { operations, classifications, blockers, warnings };
}

function groupEdits(edits: readonly Edit[]): Map<string, TextEdit[]> {
  const byFile = new Map<string, TextEdit[]>();
  for (const e of edits) {
    const list = byFile.get(e.file) ?? [];
    list.push({
      start: e.start,
      end: e.end,
      text: e.text,
      kind: e.kind ?? "edit",
      ...(e.before !== undefined ? { before: e.before } : {}),
    });
    byFile.set(e.file, list);
  }
  for (const list of byFile.values()) list.sort((a, b) => a.start - b.start);
  return byFile;
}

/** Folders (and their missing ancestors) that do not exist yet, parents first. */
function missingFolders(
  needed: ReadonlySet<string>,
  entries: ReadonlyMap<string, ScanEntry>,
  removed: ReadonlySet<string>,
): string[] {
  const missing = new Set<string>();
  for (const dir of needed) {
    let current = dir;
    while (current !== "." && current !== "") {
      const existing = entries.get(current);
      if (existing?.kind === "dir" && !removed.has(current)) break;
      missing.add(current);
      current = path.posix.dirname(current);
    }
  }
  return [...missing].sort((a, b) => a.split("/").length - b.split("/").length || compareStrings(a, b));
}

/** Every folder under each move's `from` (and `from` itself), deepest first, except kept ones and their ancestors. */
function sourceFoldersToRemove(
  classifications: readonly MoveClassification[],
  entries: ReadonlyMap<string, ScanEntry>,
  kept: ReadonlySet<string>,
): string[] {
  const folders: string[] = [];
  for (const c of classifications) {
    if (entries.get(c.from)?.kind !== "dir") continue;
    for (const e of entries.values()) {
      if (e.kind !== "dir" || !isSameOrInside(e.path, c.from)) continue;
      if ([...kept].some((k) => isSameOrInside(k, e.path))) continue;
      folders.push(e.path);
    }
  }
  return folders.sort((a, b) => b.split("/").length - a.split("/").length || compareStrings(b, a));
}
