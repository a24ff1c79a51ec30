import type { AliasConfig } from "./specifier-style.js";

/** Substrings one of which any specifier reaching a moved file must contain; null when no safe set exists. */
export type Needles = readonly string[] | null;

/**
 * Collects the names a specifier into a moved file has to spell: the file's stem or one of its folders' names, or
 * an exact `paths` key. Folder imports spelled "." or ".." only reach a moved folder from inside it (a mover, always
 * read), except for a moved `index` file on its own, where no shortcut is safe.
 */
export function collectNeedles(moves: readonly { from: string; to: string }[], moved: ReadonlyMap<string, string>, aliases: AliasConfig): Needles {
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
