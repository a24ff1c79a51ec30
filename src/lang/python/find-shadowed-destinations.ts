import { isSameOrInside } from "../../shared/paths.js";
import { moduleNameOf } from "./module-index.js";

/** A move after which a module and a package folder of the same name would sit side by side, so one cannot import. */
export interface ShadowedDestination {
  /** Index of the move in the manifest's `moves`. */
  move: number;
  reason: string;
}

const moduleFile = /\.(pyi?|(cpython-[^.]+\.|abi3\.)?(so|pyd))$/;

/** Module files named `<folder>.py`, `.pyi` or an extension module, in a set of paths. */
function moduleFilesFor(folder: string, after: ReadonlySet<string>, extensions: ReadonlyMap<string, string>): string[] {
  const found = [`${folder}.py`, `${folder}.pyi`].filter((p) => after.has(p));
  const extension = extensions.get(folder);
  return extension ? [...found, extension] : found;
}

/**
 * Finds moves whose destination Python could not import because of a same-named sibling after the move: a folder
 * without `__init__.py` beside `<folder>.py` (the module wins, the moved package never imports), or a regular
 * package beside a module (the package wins, the module never imports). Only pairs a move creates are reported.
 */
export function findShadowedDestinations(
  files: readonly string[],
  moves: readonly { from: string; to: string }[],
  newPathOf: (path: string) => string,
  roots: readonly string[],
): ShadowedDestination[] {
  const after = new Set(files.map(newPathOf));
  const extensions = new Map<string, string>();
  // Folders that hold a module file (at any depth) after the moves.
  const withModules = new Set<string>();
  for (const p of after) {
    const match = /\.(cpython-[^.]+\.|abi3\.)?(so|pyd)$/.exec(p);
    if (match) extensions.set(p.slice(0, match.index), p);
    if (!moduleFile.test(p)) continue;
    for (let slash = p.lastIndexOf("/"); slash > 0; slash = p.lastIndexOf("/", slash - 1)) {
      const folder = p.slice(0, slash);
      if (withModules.has(folder)) break;
      withModules.add(folder);
    }
  }
  const found: ShadowedDestination[] = [];
  const seen = new Set<string>();
  moves.forEach((move, index) => {
    const arrived = files.filter((f) => isSameOrInside(f, move.from)).map(newPathOf);
    const folders = new Set<string>();
    for (const p of arrived) {
      if (!moduleFile.test(p)) continue;
      // Every folder holding an arrived module, up to the top: each is a package the module's name goes through.
      for (let slash = p.lastIndexOf("/"); slash > 0; slash = p.lastIndexOf("/", slash - 1))
        folders.add(p.slice(0, slash));
    }
    for (const folder of folders) {
      if (seen.has(folder) || moduleNameOf(folder, roots, true) === undefined) continue;
      const siblings = moduleFilesFor(folder, after, extensions);
      if (siblings.length === 0) continue;
      seen.add(folder);
      const name = moduleNameOf(folder, roots, true)!.name;
      const regular = after.has(`${folder}/__init__.py`) || after.has(`${folder}/__init__.pyi`);
      found.push({
        move: index,
        reason: regular
          ? `${folder}/ would be a package beside the module ${siblings[0]}: Python imports the package for ${name}, so ${siblings[0]} could no longer be imported; choose another destination or merge ${siblings[0]} into ${folder}/__init__.py first`
          : `${folder}/ would be shadowed by the module ${siblings[0]}: Python imports the module for ${name}, so nothing under ${folder}/ could be imported; choose another destination or turn ${siblings[0]} into a package first`,
      });
    }
    // A moved module arriving beside a folder of its name.
    for (const p of arrived) {
      const match = moduleFile.exec(p);
      if (!match || p.endsWith("/__init__.py") || p.endsWith("/__init__.pyi")) continue;
      const folder = p.slice(0, match.index);
      if (seen.has(folder) || moduleNameOf(folder, roots, true) === undefined) continue;
      if (!withModules.has(folder)) continue;
      seen.add(folder);
      const regular = after.has(`${folder}/__init__.py`) || after.has(`${folder}/__init__.pyi`);
      found.push({
        move: index,
        reason: regular
          ? `${p} would be shadowed by the package ${folder}/: Python imports the package, so ${p} could not be imported; choose another destination`
          : `${p} would shadow the folder ${folder}/ (no __init__.py): nothing under ${folder}/ could be imported any more; choose another destination`,
      });
    }
  });
  return found;
}
