import { lstatSync } from "node:fs";
import path from "node:path";
import fg from "fast-glob";
import picomatch from "picomatch";
import { getTouchedPaths } from "../apply/read-plan-states.js";
import type { CheckContext } from "../model/post-write-check.js";
import { getAncestors } from "../shared/paths.js";

/** Folders never handed to verifiers. */
const alwaysIgnored = [".git/**", "node_modules/**", ".graft/**", "**/node_modules/**"];

/** The files the import check hands its verifiers: every regular file under the root but ignored folders (sorted). */
export async function listFiles(context: CheckContext): Promise<string[]> {
  // Synchronous, as the scan's walk (scan-tree.ts): nothing else runs meanwhile, and it costs a third of the time.
  const files = fg.sync("**/*", {
    cwd: context.root,
    dot: true,
    onlyFiles: true,
    followSymbolicLinks: false,
    ignore: ignoredBy(context),
  });
  return files.sort();
}

function ignoredBy(context: CheckContext): string[] {
  return [...alwaysIgnored, ...(context.manifest?.exclude ?? [])];
}

/**
 * The file list after the writes, without walking the tree again: a run changes only the paths its operations name,
 * so the list before it, with each of those paths looked up now, is what listFiles would return. A looked-up path
 * counts as listFiles counts it: a regular file (lstat; a symlink is not followed) that no ignore glob matches,
 * neither itself nor a folder holding it (the walk does not enter an ignored folder).
 */
export function listFilesAfter(context: CheckContext, filesBefore: readonly string[]): string[] {
  const isIgnored = picomatch(ignoredBy(context), { dot: true });
  const files = new Set(filesBefore);
  for (const p of getTouchedPaths(context.plan.operations)) {
    const stats = lstatSync(path.join(context.root, p), { throwIfNoEntry: false });
    const listed = stats?.isFile() && !isIgnored(p) && !getAncestors(p).some((folder) => isIgnored(folder));
    if (listed) files.add(p);
    else files.delete(p);
  }
  return [...files].sort();
}
