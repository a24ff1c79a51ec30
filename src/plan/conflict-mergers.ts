import type { ConflictStrategy } from "../model/plan.js";

/** Merges a conflicting file's two versions into one, or says why it cannot. */
export type ConflictMerger = (
  target: Buffer,
  source: Buffer,
  filePath: string,
) => { content: Buffer } | { unresolved: string };

/** Mergers for the strategies that produce new content, keyed by strategy. */
export type ConflictMergers = Partial<Record<Extract<ConflictStrategy, "markers" | "merge-exports">, ConflictMerger>>;
