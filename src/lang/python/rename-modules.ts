import { isSameOrInside, joinPosix, rebasePath } from "../../shared/paths.js";
import type { PythonModule, PythonModuleIndex } from "./module-index.js";
import { moduleNameOf, resolveLongestModule } from "./module-index.js";

/** A module's new dotted name, or why it has none (its new place lies outside every `python.roots` entry). */
export type RenamedModule = { name: string; changed: boolean } | { error: string };

/** Answers "what is this dotted name called after the moves?" against the pre-migration module index. */
export interface ModuleRenamer {
  index: PythonModuleIndex;
  /** New name of an indexed module. */
  renameModule(module: PythonModule): RenamedModule;
  /** New name of a dotted path (module + symbol path); undefined when no prefix of it is a module of the tree. */
  renameDotted(dotted: string): RenamedModule | undefined;
}

/** Normalizes move paths (no leading "./", no trailing "/"). */
export function normalizeMoves(moves: readonly { from: string; to: string }[]): { from: string; to: string }[] {
  return moves.map((move) => ({
    from: joinPosix(move.from.replace(/^\.\//, "")),
    to: joinPosix(move.to.replace(/^\.\//, "")),
  }));
}

/** Where a folder or file ends up after the moves (the first move containing it wins). */
export function rebaseThroughMoves(path: string, moves: readonly { from: string; to: string }[]): string {
  for (const move of moves) if (isSameOrInside(path, move.from)) return rebasePath(path, move.from, move.to);
  return path;
}

/** Creates a renamer; `newPathOf` answers for files, folders are rebased through the moves (caches live in the renamer). */
export function createModuleRenamer(
  index: PythonModuleIndex,
  moves: readonly { from: string; to: string }[],
  newPathOf: (path: string) => string,
): ModuleRenamer {
  const normalized = normalizeMoves(moves);
  const cache = new Map<string, RenamedModule>();
  const renameModule = (module: PythonModule): RenamedModule => {
    const cached = cache.get(module.name);
    if (cached) return cached;
    const newPath = module.isPackage ? rebaseThroughMoves(module.path, normalized) : newPathOf(module.path);
    let result: RenamedModule;
    if (newPath === module.path) result = { name: module.name, changed: false };
    else {
      const named = moduleNameOf(newPath, index.roots, module.isPackage, module.rootIndex);
      result = named
        ? { name: named.name, changed: named.name !== module.name }
        : {
            error: `${module.name} moves to ${newPath}, which is not importable under python.roots [${index.roots.map((r) => r || ".").join(", ")}]`,
          };
    }
    cache.set(module.name, result);
    return result;
  };
  const renameDotted = (dotted: string): RenamedModule | undefined => {
    const found = resolveLongestModule(index, dotted);
    if (!found) return undefined;
    const renamed = renameModule(found.module);
    if ("error" in renamed) return renamed;
    return { name: renamed.name + found.rest, changed: renamed.changed };
  };
  return { index, renameModule, renameDotted };
}
