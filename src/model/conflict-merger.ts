import type { ConflictStrategy } from "./plan.js";

/** What a conflict merge returns: the merged file's bytes, or why this strategy cannot merge it (it stays a manual conflict). */
export type MergeResult = { content: Buffer } | { unresolved: string };

/** A conflict merge: target and source bytes of the same relative path → merged content or a reason. Pure. */
export type ConflictMerger = (targetBytes: Buffer, sourceBytes: Buffer, path: string) => MergeResult;

/** Mergers for the strategies that produce new content, keyed by strategy. */
export type ConflictMergers = Partial<Record<Extract<ConflictStrategy, "markers" | "merge-exports">, ConflictMerger>>;
