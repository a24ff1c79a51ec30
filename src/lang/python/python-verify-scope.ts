import type { VerifyScope } from "../../model/import-verifier.js";
import { getAncestors, isSameOrInside } from "../../shared/paths.js";
import { moduleSymbolsOf } from "./module-symbols-of.js";
import { spellsName } from "./spells-name.js";

/** Decides from a file's path and bytes whether its imports can resolve differently after a run; undefined = check every file. */
export type PythonVerifyFilter = (file: string, bytes: Buffer) => boolean;

const moduleFile = /\.(pyi?|so|pyd)$/;

/** The name a path contributes to dotted module names: a folder's name, a module file's stem (`__init__` names its folder). */
function moduleSegmentOf(path: string): string {
  const slash = path.lastIndexOf("/");
  const base = path.slice(slash + 1);
  if (/^__init__\.pyi?$/.test(base)) return slash < 0 ? "" : moduleSegmentOf(path.slice(0, slash));
  const dot = base.indexOf(".");
  return dot > 0 ? base.slice(0, dot) : base;
}

/** True when an edit leaves what a file defines for `from m import n` as it was (a module's top-level names). */
function definesTheSame(path: string, scope: VerifyScope): boolean {
  if (!/\.pyi?$/.test(path)) return !moduleFile.test(path);
  const bytes = scope.readTouched?.(path);
  if (!bytes?.before || !bytes.after) return false;
  const before = moduleSymbolsOf(bytes.before.toString("utf8"));
  const after = moduleSymbolsOf(bytes.after.toString("utf8"));
  return (
    before.open === after.open &&
    before.names.size === after.names.size &&
    [...before.names].every((n) => after.names.has(n))
  );
}

/**
 * The filter of the post-apply check (a scope given): which Python files the verifier has to read again.
 *
 * Soundness. A file the run did not touch has the same path and bytes before and after, so its references are the
 * same; each resolves through (a) the folder its absolute imports also resolve from (`baseDirOf`: which ancestors
 * hold `__init__.py`), (b) lookups of dotted names in the module index — every prefix of the absolute name — and
 * the namespace test of the top one (`__init__.py(i)` of its folder), and (c) for `from m import n`, the top-level
 * names of m's file. The index entry of a name N changes only when a module file or package folder of name N
 * appears or disappears, or its `__init__` does; a file's top-level names change only when its bytes do. Each of
 * these is a touched path, or a folder that holds no untouched module file (so it can empty or appear) above or
 * at one: `changed` below holds the last segment of every such N, except an edited file whose top-level names
 * are the same before and after (its existence and its names are all another file's resolution sees of it). A
 * lookup of N comes from a reference that either spells N's last segment (absolute imports, import strings, the part
 * after a relative import's dots, the names after `import`) — so the file's bytes contain it as a whole word
 * (`spellsName`) — or takes N from the dots alone, when N is the file's own package or one above it — so one of the
 * file's folders has that name. Files with neither resolve every reference
 * as before and are skipped; touched files are always read. A manifest root inside a moved or touched path would
 * make names that do not spell the moved folder: then every file is read.
 */
export function createPythonVerifyFilter(
  files: readonly string[],
  roots: readonly string[],
  scope: VerifyScope,
): PythonVerifyFilter | undefined {
  const ends = scope.moves.flatMap((move) => [move.from, move.to]);
  const isRootMoved = roots.some(
    (root) => root !== "" && [...ends, ...scope.touched].some((p) => isSameOrInside(root, p)),
  );
  if (isRootMoved) return undefined;
  // Folders holding a module file the run did not touch exist, as packages, before and after it.
  const stable = new Set<string>([""]);
  for (const file of files) {
    if (scope.touched.has(file) || !moduleFile.test(file)) continue;
    for (const folder of getAncestors(file)) stable.add(folder);
  }
  const changed = new Set<string>();
  for (const path of scope.touched) {
    if (scope.edited?.has(path) && definesTheSame(path, scope)) continue;
    // Inside a moved folder, every dotted name of a path passes through the folder's own name.
    const anchor = ends.find((end) => isSameOrInside(path, end) && end !== path) ?? path;
    if (anchor === path && !moduleFile.test(path)) continue;
    changed.add(moduleSegmentOf(anchor));
    const folders = getAncestors(anchor);
    for (let i = folders.length - 1; i >= 0 && !stable.has(folders[i]!); i--) changed.add(moduleSegmentOf(folders[i]!));
  }
  changed.delete("");
  const names = [...changed];
  return (file, bytes) => {
    if (scope.touched.has(file)) return true;
    if (getAncestors(file).some((folder) => changed.has(moduleSegmentOf(folder)))) return true;
    return names.some((name) => spellsName(bytes, name));
  };
}
