import path from "node:path";
import type { MoveClassification } from "../model/plan.js";
import type { ScanEntry } from "../scan/scan-tree.js";
import { compareStrings, isSameOrInside } from "../shared/paths.js";

/** Folders (and their missing ancestors) that do not exist yet, parents first. */
export function findMissingFolders(
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
export function findEmptiedSourceFolders(
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
