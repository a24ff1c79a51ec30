import type { ByteEdit } from "./edit.js";

/** How a conflict (both trees hold the path, bytes differ) is resolved. */
export type ConflictStrategy = "manual" | "keep-target" | "keep-source" | "markers" | "merge-exports";

/** Entry kinds graft distinguishes when scanning. */
export type EntryKind = "file" | "symlink" | "dir";

/** One operation of a plan. Paths are POSIX, relative to the manifest root. Apply runs them in order. */
export type PlanOperation =
  /** Create a folder (parents come earlier in the list). */
  | { op: "mkdir"; path: string }
  /** Move a file or symlink; `edits` apply to the source bytes; `replaces` is the sha256 of a target it overwrites. */
  | {
      op: "move";
      from: string;
      to: string;
      kind: "file" | "symlink";
      mode: number;
      sha256: string;
      linkTarget?: string;
      replaces?: string;
      edits?: ByteEdit[];
    }
  /** Edit a file in place (importers outside the moved trees). */
  | { op: "edit"; path: string; sha256: string; edits: ByteEdit[] }
  /** Write whole new content (conflict resolution output, created modules); `before` null when the file is new. */
  | {
      op: "write";
      path: string;
      content: string;
      encoding: "utf8" | "base64";
      mode: number;
      before: string | null;
      sha256: string;
      reason: string;
    }
  /** Remove a file or symlink (identical source copy, conflict loser); its bytes stay in the backup. */
  | { op: "delete"; path: string; kind: "file" | "symlink"; sha256: string; reason: string }
  /** Remove a folder left empty by the moves (deepest first). */
  | { op: "rmdir"; path: string };

/** One file of a move's two trees, compared. Paths are relative to the move's `from` / `to`. */
export interface ConflictEntry {
  path: string;
  /** "content": both files, bytes differ; "type": file vs folder or file vs symlink. */
  type: "content" | "type";
  sourceKind: EntryKind;
  targetKind: EntryKind;
  strategy: ConflictStrategy;
  /** Set when the strategy cannot resolve this file and it falls back to manual, with the reason. */
  unresolved?: string;
}

/** Result of classifying one move's trees (pure data, POSIX paths relative to from/to, sorted). */
export interface MoveClassification {
  from: string;
  to: string;
  sourceOnly: string[];
  identical: string[];
  conflicts: ConflictEntry[];
  targetOnly: string[];
}

/** A migration plan: every operation, pinned to the sha256 of every file read. Serializable as JSON. */
export interface MigrationPlan {
  format: "graft-plan";
  version: 1;
  graftVersion: string;
  /** The manifest planned; `text` when it has no file of its own (a `graft mv`). */
  manifest: { path: string; sha256: string; name: string; text?: string };
  /** Absolute root the manifest paths are relative to. */
  root: string;
  moves: MoveClassification[];
  operations: PlanOperation[];
  /** Root-relative path → sha256 of every file (content) or symlink ("link:" + target) the plan read. */
  reads: Record<string, string>;
  /** Reasons the plan cannot be applied yet (unresolved manual conflicts); empty when applicable. */
  blockers: string[];
  /** Paths that mention moved modules but are only reported, not rewritten (text references). */
  reported: { path: string; line: number; column: number; text: string }[];
  warnings: string[];
  /** Files the plan writes with diff3-style conflict markers; apply refuses them without --accept-markers. */
  markers?: string[];
  summary: PlanSummary;
}

/** Counts shown at the top of a plan. */
export interface PlanSummary {
  moved: number;
  deleted: number;
  written: number;
  edited: number;
  editsByKind: Record<string, number>;
  conflicts: number;
  unresolvedConflicts: number;
}
