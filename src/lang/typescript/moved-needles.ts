import { isSameOrInside } from "../../shared/paths.js";
import { stripModuleExtension } from "./script-files.js";
import type { TreeView } from "./tree-view.js";

/** Substrings one of which any specifier reaching a moved file must contain; null when no safe set exists. */
export type Needles = readonly string[] | null;

/**
 * Collects the names a specifier into a moved file has to spell. A file outside a moved folder can only reach into it
 * through the folder's own name (a relative path from outside passes through it; so does a `baseUrl` path), so one
 * needle per folder move is enough; a moved file needs its stem. Movers are always read. `paths` keys (the part
 * before `*`) and `names` (packages whose package.json may point into the moves) reach anywhere, so they are needles
 * too. Null when no safe set exists: a moved `index` file on its own (`.`/`..` reach it), a key that is only `*`.
 */
export function collectNeedles(
  moves: readonly { from: string; to: string }[],
  moved: ReadonlyMap<string, string>,
  aliases: { paths: readonly { key: string }[] },
  names: readonly string[] = [],
): Needles {
  const needles = new Set<string>(names);
  const isFolderMove = (from: string): boolean => {
    const prefix = `${from}/`;
    for (const file of moved.keys()) if (file.startsWith(prefix)) return true;
    return false;
  };
  for (const move of moves) {
    const name = move.from.slice(move.from.lastIndexOf("/") + 1);
    if (name === "") return null;
    if (isFolderMove(move.from)) {
      needles.add(name);
      continue;
    }
    const stem = name.slice(0, name.indexOf(".") > 0 ? name.indexOf(".") : name.length);
    if (stem === "index" || stem === "") return null;
    needles.add(stem);
  }
  for (const { key } of aliases.paths) {
    const head = key.slice(0, key.includes("*") ? key.indexOf("*") : key.length);
    if (head === "") return null;
    needles.add(head);
  }
  return [...needles];
}

/** Cheap pre-parse filter: false only when `text` cannot contain a specifier into a moved file. */
export function mayMentionMoved(text: string, needles: Needles): boolean {
  if (needles === null) return true;
  for (const needle of needles) {
    if (text.includes(needle)) return true;
  }
  return false;
}

/**
 * For a file that does not move: can the path a relative specifier spells (`literal`, root-relative) resolve into a
 * moved file? Only when it lies in a moved folder, names a moved file with another or no extension, names the folder
 * of a moved index file, or is a folder whose package.json may point anywhere. Anything else needs no resolution.
 */
export function createReachTest(
  moves: readonly { from: string }[],
  moved: ReadonlyMap<string, string>,
  view: TreeView,
): (literal: string) => boolean {
  const stems = new Set<string>();
  const indexFolders = new Set<string>();
  for (const file of moved.keys()) {
    const stem = stripModuleExtension(file);
    stems.add(stem);
    if (stem === "index" || stem.endsWith("/index")) indexFolders.add(stem.slice(0, -"/index".length));
  }
  return (literal) => {
    const path = literal.endsWith("/") ? literal.slice(0, -1) : literal;
    if (moves.some((move) => isSameOrInside(path, move.from))) return true;
    if (stems.has(stripModuleExtension(path)) || indexFolders.has(path)) return true;
    return view.isScannedFolder(path) && view.isFile(path === "" ? "package.json" : `${path}/package.json`);
  };
}
