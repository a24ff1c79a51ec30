import path from "node:path";
import { isSameOrInside } from "../../shared/paths.js";
import { isRelativeSpecifier } from "./find-specifiers.js";
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

/** Characters of a specifier that is a plain path (letters, digits, `_ . / - @ $ ~ + #`). */
function isPathChar(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x5f || // _
    code === 0x2e || // .
    code === 0x2f || // /
    code === 0x2d || // -
    code === 0x40 || // @
    code === 0x24 || // $
    code === 0x7e || // ~
    code === 0x2b || // +
    code === 0x23 // #
  );
}

/**
 * Finer than mayMentionMoved, for a file that does not move and a tree without `rootDirs`: false when every place
 * `text` spells a needle lies in a quoted relative path (`"../../_lib/x.js"`: path characters only, the same quote on
 * both sides) whose joined path `mayReach` (createReachTest) says cannot resolve into a moved file — as in a
 * locale folder's own `_lib`, when `src/_lib` moves. Sound: a specifier into a moved file spells a needle
 * (collectNeedles). If it is a plain path, the run of path characters around that needle is the whole specifier,
 * between its quotes: a relative one is judged by the very test the planner applies to it (and a bare one never
 * passes). If it holds any other character (an escape, a `?query`, a `${}`, a space), the run stops at it, so the
 * run is not quoted on both sides by the same quote — unless the specifier holds quote characters around a relative
 * path, whose `'..`-like segment then names a folder with a quote in its name, which no moved path passes through.
 */
export function mayReferenceMoved(
  text: string,
  needles: Needles,
  file: string,
  mayReach: (literal: string) => boolean,
): boolean {
  if (needles === null) return true;
  const folder = path.posix.dirname(file);
  for (const needle of needles) {
    if (needle === "") return true;
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      let start = at;
      while (start > 0 && isPathChar(text.charCodeAt(start - 1))) start--;
      let end = at + needle.length;
      while (end < text.length && isPathChar(text.charCodeAt(end))) end++;
      const quote = text[start - 1];
      if ((quote !== '"' && quote !== "'" && quote !== "`") || text[end] !== quote) return true;
      const literal = text.slice(start, end);
      if (!isRelativeSpecifier(literal) || mayReach(path.posix.join(folder, literal))) return true;
    }
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
