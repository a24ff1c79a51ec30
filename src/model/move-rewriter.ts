import type { Edit } from "./edit.js";
import type { ManifestData } from "./manifest-schema.js";

/** What a move rewriter sees: the tree before the migration, read through the scan stage (planning stays pure). */
export interface MoveRewriteContext {
  /** Absolute root of the manifest. */
  root: string;
  /** The manifest's moves (root-relative POSIX; `from` may be a file or a folder). */
  moves: readonly { from: string; to: string }[];
  /** Every file under root (root-relative POSIX, before the migration), minus the manifest's excludes. */
  files: readonly string[];
  /** Where a pre-migration path ends up (itself when it does not move). */
  newPathOf(oldPath: string): string;
  /** Reads a pre-migration file (root-relative); the plan pins the sha256 of whatever is read. */
  readFile(path: string): Buffer;
  /** True when a path exists before the migration (file, symlink or folder). */
  exists(path: string): boolean;
  manifest: ManifestData;
}

/** A place that mentions a moved module but is only listed in the plan, not rewritten. */
export interface ReportedReference {
  path: string;
  line: number;
  column: number;
  text: string;
}

/** What a move rewriter returns: byte-range edits keyed by pre-migration path. */
export interface MoveRewriteResult {
  edits: Edit[];
  reported: ReportedReference[];
  warnings: string[];
  /** Why the plan cannot be applied as it stands (a reference into the moved set that could not be rewritten). */
  blockers?: string[];
}

/** Rewrites references (imports, text references) that a set of moves breaks. Plain object, registered in codemod/registry.ts. */
export interface MoveRewriter {
  name: string;
  /** One-line description for `graft codemods`. */
  description: string;
  planEdits(context: MoveRewriteContext): MoveRewriteResult | Promise<MoveRewriteResult>;
}
