import type { UnresolvedImport } from "./types.js";

/**
 * Unresolved imports present after a migration that were not unresolved before. Files are compared after
 * mapping each before-path through `renamePath` (a moved file keeps its old unresolved imports).
 */
export function findNewUnresolved(
  before: readonly UnresolvedImport[],
  after: readonly UnresolvedImport[],
  renamePath: (path: string) => string = (p) => p,
): UnresolvedImport[] {
  const key = (file: string, u: UnresolvedImport) => `${u.language}\0${file}\0${u.specifier}`;
  const counts = new Map<string, number>();
  for (const u of before) {
    const k = key(renamePath(u.file), u);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const added: UnresolvedImport[] = [];
  for (const u of after) {
    const k = key(u.file, u);
    const left = counts.get(k) ?? 0;
    if (left > 0) counts.set(k, left - 1);
    else added.push(u);
  }
  return added;
}
