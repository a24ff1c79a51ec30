import path from "node:path";
import type { UnresolvedImport } from "../model/import-verifier.js";

/**
 * Unresolved imports present after a migration that were not unresolved before. Files are compared after
 * mapping each before-path through `renamePath` (a moved file keeps its old unresolved imports), and relative
 * specifiers by what they point at, so a broken import a move re-levelled (`./missing` → `../missing`) is
 * still the same broken import.
 */
export function findNewUnresolved(
  before: readonly UnresolvedImport[],
  after: readonly UnresolvedImport[],
  renamePath: (path: string) => string = (p) => p,
): UnresolvedImport[] {
  const key = (file: string, u: UnresolvedImport) => `${u.language}\0${file}\0${getIntendedTarget(u)}`;
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

/** What an unresolved specifier names, independent of the importing file's folder: a root-relative path or module. */
export function getIntendedTarget(u: UnresolvedImport): string {
  const directory = path.posix.dirname(u.file);
  if (u.language === "typescript") {
    const isRelative =
      u.specifier === "." || u.specifier === ".." || u.specifier.startsWith("./") || u.specifier.startsWith("../");
    return isRelative ? `path:${path.posix.join(directory, u.specifier)}` : u.specifier;
  }
  const dots = /^\.+/.exec(u.specifier)?.[0].length ?? 0;
  if (dots === 0) return u.specifier;
  // `from ..pkg import x` in a/b/c.py names a.pkg: one dot is the file's own package, each further one a level up.
  const packageParts = directory === "." ? [] : directory.split("/");
  const base = packageParts.slice(0, Math.max(0, packageParts.length - (dots - 1)));
  const rest = u.specifier.slice(dots);
  return `module:${[...base, ...(rest ? rest.split(".") : [])].join(".")}`;
}
