import { mergePythonExports } from "../lang/python/merge-init-exports.js";
import { mergeTypeScriptExports } from "../lang/typescript/merge-barrel-exports.js";
import type { MergeResult } from "../model/conflict-merger.js";
import { decodeMergeText } from "../shared/merge-text.js";

export type { ConflictMerger, MergeResult } from "../model/conflict-merger.js";

/** True for the files `merge-exports` knows how to merge: `__init__.py` and `index.{ts,tsx,js,jsx,mts,mjs,cts,cjs}` barrels. */
export function isMergeableBarrel(path: string): boolean {
  const base = path.split("/").pop() ?? path;
  return base === "__init__.py" || /^index\.(d\.)?[cm]?[tj]sx?$/.test(base);
}

/** `merge-exports` strategy: the target's statements stay, import/export statements only the source has are appended in a marked block. */
export function mergeExports(targetBytes: Buffer, sourceBytes: Buffer, path: string): MergeResult {
  if (!isMergeableBarrel(path))
    return {
      unresolved: `merge-exports only merges __init__.py and index.ts/js barrels, not ${path.split("/").pop()}`,
    };
  const target = decodeMergeText(targetBytes);
  const source = decodeMergeText(sourceBytes);
  if (target === undefined || source === undefined) return { unresolved: "a version is not UTF-8 text" };
  if (target === source) return { content: targetBytes };
  return path.endsWith(".py") ? mergePythonExports(target, source) : mergeTypeScriptExports(target, source, path);
}
