import type { ConflictEntry, ConflictStrategy, PlanOperation } from "../model/plan.js";
import type { ConflictMergers } from "../model/conflict-merger.js";
import type { ScanEntry } from "../scan/scan-tree.js";
import { sha256Hex } from "../shared/hash.js";

/** One conflict: the classified entry and its two paths, root-relative. */
export interface ConflictSides {
  conflict: ConflictEntry;
  /** The source's path (under the move's `from`). */
  src: string;
  /** The target's path (under the move's `to`), where the result goes. */
  dst: string;
}

/** What a strategy may do to the plan being built; `draft` in build-operations.ts implements it. */
export interface ConflictDraft {
  entry(path: string): ScanEntry | undefined;
  identity(path: string): string;
  /** Entries at or under a path (a folder's whole subtree). */
  under(path: string): ScanEntry[];
  /** The file's bytes with the rewriters' edits applied (what the merge must see). */
  editedBytes(path: string): Buffer;
  mergers: ConflictMergers;
  moveFile(from: string, to: string, replaces?: string): void;
  needFolder(path: string): void;
  deleteSource(path: string, reason: string): void;
  deleteTarget(path: string, reason: string): void;
  removeTargetFolder(path: string): void;
  place(operation: PlanOperation & { op: "write" }): void;
}

/** Resolves one conflict into operations on `draft`; returns why it cannot (the conflict stays manual) or undefined. */
type Strategy = (sides: ConflictSides, draft: ConflictDraft) => string | undefined;

/** What each conflict strategy does. */
const strategies: Record<ConflictStrategy, Strategy> = {
  manual: () => "strategy manual: choose keep-source, keep-target, markers or merge-exports",
  "keep-target": ({ conflict, src, dst }, draft) => {
    // A type conflict (file vs folder) drops the source's whole subtree; the target stays as it is.
    for (const e of conflict.type === "type" ? draft.under(src) : [draft.entry(src)!])
      if (e.kind !== "dir") draft.deleteSource(e.path, `conflict with ${dst}, kept target`);
    return undefined;
  },
  "keep-source": ({ conflict, src, dst }, draft) => {
    if (conflict.type === "content") {
      draft.moveFile(src, dst, draft.identity(dst));
      return undefined;
    }
    for (const e of draft.under(dst)) {
      if (e.kind === "dir") draft.removeTargetFolder(e.path);
      else draft.deleteTarget(e.path, `conflict with ${src}, kept source`);
    }
    for (const e of draft.under(src)) {
      if (e.kind === "dir") draft.needFolder(dst + e.path.slice(src.length));
      else draft.moveFile(e.path, dst + e.path.slice(src.length));
    }
    return undefined;
  },
  markers: (sides, draft) => mergeContents("markers", sides, draft),
  "merge-exports": (sides, draft) => mergeContents("merge-exports", sides, draft),
};

/** The content-producing strategies: two regular files become one written file, the source copy is dropped. */
function mergeContents(
  strategy: "markers" | "merge-exports",
  { conflict, src, dst }: ConflictSides,
  draft: ConflictDraft,
): string | undefined {
  if (conflict.type === "type" || draft.entry(src)?.kind !== "file" || draft.entry(dst)?.kind !== "file")
    return `strategy ${strategy} needs two regular files (${conflict.sourceKind} vs ${conflict.targetKind})`;
  const merger = draft.mergers[strategy];
  if (!merger) return `strategy ${strategy} is not available`;
  // Both sides carry their rewritten imports into the merge, so appended statements are already re-pointed.
  const merged = merger(draft.editedBytes(dst), draft.editedBytes(src), dst);
  if ("unresolved" in merged) return merged.unresolved;
  draft.place({
    op: "write",
    path: dst,
    content: merged.content.toString("base64"),
    encoding: "base64",
    mode: draft.entry(dst)!.mode,
    before: draft.identity(dst),
    sha256: sha256Hex(merged.content),
    reason: `${strategy} of ${src} into ${dst}`,
  });
  draft.deleteSource(src, `merged into ${dst} (${strategy})`);
  return undefined;
}

/** Applies the conflict's strategy to the draft; returns the reason it stays unresolved, if it does. */
export function resolveConflict(sides: ConflictSides, draft: ConflictDraft): string | undefined {
  return strategies[sides.conflict.strategy](sides, draft);
}
