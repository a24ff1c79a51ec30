import path from "node:path";

/** Converts a platform path to POSIX separators. */
export function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}

/** Root-relative POSIX path of `absolute` (no leading "./"). */
export function relativePosix(root: string, absolute: string): string {
  return toPosix(path.relative(root, absolute));
}

/** True when `child` equals `parent` or lies under it (both POSIX, root-relative, normalized). */
export function isSameOrInside(child: string, parent: string): boolean {
  if (parent === "" || parent === ".") return true;
  return child === parent || child.startsWith(parent.endsWith("/") ? parent : parent + "/");
}

/** True when a normalized relative POSIX path climbs out of its base. */
export function escapesBase(relative: string): boolean {
  return relative === ".." || relative.startsWith("../") || path.posix.isAbsolute(relative);
}

/** Joins POSIX segments and normalizes, dropping a trailing slash. */
export function joinPosix(...parts: string[]): string {
  const joined = path.posix.join(...parts);
  return joined === "." ? "" : joined.replace(/\/$/, "");
}

/** Rebases `p` from under `fromDir` to under `toDir` (POSIX, root-relative). */
export function rebasePath(p: string, fromDir: string, toDir: string): string {
  if (p === fromDir) return toDir;
  return joinPosix(toDir, p.slice(fromDir.length + 1));
}

/** Byte-wise string order (stable across locales), used for every sorted path list. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every ancestor folder of `p` (root-relative POSIX), shallowest first. */
export function getAncestors(p: string): string[] {
  const ancestors: string[] = [];
  for (let slash = p.indexOf("/"); slash >= 0; slash = p.indexOf("/", slash + 1)) ancestors.push(p.slice(0, slash));
  return ancestors;
}
