import { isSameOrInside } from "../../shared/paths.js";
import { stripModuleExtension } from "./script-files.js";
import type { AliasConfig } from "./specifier-style.js";
import type { TreeView } from "./tree-view.js";

/** Substrings one of which any specifier reaching a moved file must contain; null when no safe set exists. */
export type Needles = readonly string[] | null;

/**
 * Collects the names a specifier into a moved file has to spell: the file's stem or one of its folders' names, or
 * an exact `paths` key. Folder imports spelled "." or ".." only reach a moved folder from inside it (a mover, always
 * read), except for a moved `index` file on its own, where no shortcut is safe.
 */
export function collectNeedles(
  moves: readonly { from: string; to: string }[],
  moved: ReadonlyMap<string, string>,
  aliases: AliasConfig,
): Needles {
  const needles = new Set<string>();
  for (const file of moved.keys()) {
    const segments = file.split("/");
    const name = segments.pop() ?? "";
    const stem = name.slice(0, name.indexOf(".") > 0 ? name.indexOf(".") : name.length);
    if (stem === "index" && moves.some((move) => move.from === file)) return null;
    if (stem === "") return null;
    needles.add(stem);
    for (const segment of segments) needles.add(segment);
  }
  for (const { key } of aliases.paths) {
    if (!key.includes("*")) needles.add(key);
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
