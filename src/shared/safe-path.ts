import path from "node:path";

/** Folders graft never scans, writes, moves into or out of, whatever an input says. */
export const protectedFolderNames = [".git", "node_modules", ".graft"] as const;

/** The longest path (in UTF-8 bytes) graft accepts from an input: PATH_MAX on Linux. */
export const maxPathBytes = 4096;
/** The longest file or folder name (in UTF-8 bytes): NAME_MAX on every common file system. */
export const maxNameBytes = 255;

// C0 and C1 controls, DEL, and the Unicode line and paragraph separators: no one types them in a path on
// purpose, and they can rewrite what a terminal shows.
const controlCharacter = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/;

/** Options of the path checks. */
export interface PathRules {
  /** Refuse control characters (paths a person typed); names read from the tree may hold them. */
  refuseControl?: boolean;
  /** Allow paths in .git, .graft and node_modules (paths only read, like a plan's pinned reads). */
  allowProtected?: boolean;
}

/**
 * Why a root-relative POSIX path from an untrusted input (manifest, saved plan, run record) must not be used,
 * or undefined when it may: it must name something below the root, never climb out of it or be absolute,
 * fit the file system's limits, and stay out of the folders graft never touches.
 */
export function describePathProblem(p: string, rules: PathRules = {}): string | undefined {
  if (p.includes("\0")) return "must not contain NUL characters";
  if (rules.refuseControl && controlCharacter.test(p))
    return "must not contain control characters (a newline, tab, escape…)";
  if (path.posix.isAbsolute(p) || path.win32.isAbsolute(p))
    return "must stay inside root (absolute paths are not allowed)";
  if (Buffer.byteLength(p) > maxPathBytes) return `is too long (more than ${maxPathBytes} bytes)`;
  const segments = p.split("/");
  if (segments.includes("..")) return "must stay inside root";
  if (p === "" || p === ".") return "must name a path below root, not root itself";
  if (segments.some((s) => Buffer.byteLength(s) > maxNameBytes))
    return `has a name longer than ${maxNameBytes} bytes, which file systems refuse`;
  const guarded = segments.find((s) => (protectedFolderNames as readonly string[]).includes(s));
  if (guarded && !rules.allowProtected) return `lies in ${guarded}, which graft never changes`;
  return undefined;
}

/** Normalizes a path as a person wrote it (`./a//b/`, backslashes) to root-relative POSIX, or says why it is not allowed. */
export function normalizeRelativePath(raw: string, rules: PathRules = {}): { path: string } | { error: string } {
  // Checked before normalizing: normalize would fold `a/../..` into `..` but also hide `a/..` inside a longer path.
  if (raw.includes("\0")) return { error: "must not contain NUL characters" };
  if (Buffer.byteLength(raw) > maxPathBytes) return { error: `is too long (more than ${maxPathBytes} bytes)` };
  if (path.posix.isAbsolute(raw) || path.win32.isAbsolute(raw))
    return { error: "must stay inside root (absolute paths are not allowed)" };
  const normalized = path.posix.normalize(raw.replace(/\\/g, "/")).replace(/\/+$/, "");
  const problem = describePathProblem(normalized === "." ? "" : normalized, rules);
  return problem ? { error: problem } : { path: normalized };
}

/** Why a path recorded by graft itself (plan, run record) is not in its canonical form or not allowed, or undefined. */
export function describeStoredPathProblem(p: string, rules: PathRules = {}): string | undefined {
  const problem = describePathProblem(p, rules);
  if (problem) return problem;
  if (path.posix.normalize(p) !== p || p.endsWith("/") || p.startsWith("./"))
    return "must be a normalized root-relative path";
  return undefined;
}
