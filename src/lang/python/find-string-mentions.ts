import type Parser from "tree-sitter";
import type { PythonNode } from "./parse-python.js";

/** A string literal or comment that names a moved module or path but is not an import target graft rewrites. */
export interface StringMention {
  start: number;
  end: number;
  line: number;
  column: number;
  text: string;
  /**
   * Set when the whole string is a dotted name that equals a moved module or starts with it plus `.` or `:`
   * (`"pkg.mod"`, `"pkg.mod.f"`, `"pkg.mod:main"`): the module path part, which `python.strings: rewrite` rewrites.
   */
  dotted?: { name: string; start: number; end: number };
}

/** What to look for: moved dotted module names and moved paths (root-relative, `/`-separated). */
export interface MovedNames {
  modules: readonly string[];
  paths: readonly string[];
}

function isWordChar(code: number | undefined, allowDot: boolean): boolean {
  if (code === undefined || Number.isNaN(code)) return false;
  return (
    code === 95 ||
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    (allowDot && code === 46)
  );
}

/** True when `text` holds `name` bounded like a dotted name (not part of a longer identifier or dotted path on the left). */
export function mentionsDottedName(text: string, name: string): boolean {
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    if (!isWordChar(text.charCodeAt(at - 1), true) && !isWordChar(text.charCodeAt(at + name.length), false))
      return true;
  }
  return false;
}

/** True when `text` holds `path` as whole path segments (`a/b` in `./a/b/c.txt`, not in `xa/b` or `a/bc`). */
export function mentionsPath(text: string, path: string): boolean {
  for (let at = text.indexOf(path); at >= 0; at = text.indexOf(path, at + 1)) {
    const before = text.charCodeAt(at - 1);
    const after = text.charCodeAt(at + path.length);
    if (!isWordChar(before, false) && before !== 45 && !isWordChar(after, false) && after !== 45) return true;
  }
  return false;
}

const dottedString = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*(:[A-Za-z_][A-Za-z0-9_.]*)?$/;

/** The moved-module prefix a whole-string dotted name starts with (equal, or followed by `.` or `:`), if any. */
function movedPrefix(content: string, modules: readonly string[]): boolean {
  return modules.some(
    (name) =>
      content.startsWith(name) &&
      (content.length === name.length || content[name.length] === "." || content[name.length] === ":"),
  );
}

/** The one `string_content` of a plain (not bytes, not interpolated) string literal. */
function plainContent(node: PythonNode): PythonNode | undefined {
  const parts = node.namedChildren;
  const prefix = parts[0]?.text.replace(/['"]/g, "").toLowerCase() ?? "";
  if (prefix.includes("b") || parts.length !== 3 || parts[1].type !== "string_content") return undefined;
  return parts[1];
}

/**
 * The string literals and comments whose text holds one of `names`, in source order: found from the names' places
 * in the text (the deepest node there, then its nearest string or comment), not by visiting every string and
 * comment of the tree (docstrings and comments are most of a Python file's nodes). A mention holds a name in its
 * text, so no string or comment without one can yield one; an f-string whose replacement field spells a name is
 * returned as the walk met it, and its own text parts are tested as before.
 */
function nodesHolding(tree: Parser.Tree, source: string, names: readonly string[]): PythonNode[] {
  const nodes = new Map<number, PythonNode>();
  for (const name of names) {
    for (let at = source.indexOf(name); at >= 0; at = source.indexOf(name, at + 1)) {
      let node: PythonNode | null = tree.rootNode.descendantForIndex(at, at + name.length);
      while (node && node.type !== "string" && node.type !== "comment") node = node.parent;
      if (node) nodes.set(node.startIndex, node);
    }
  }
  // Strings and comments never overlap but for an f-string and the strings in its fields, which start after it:
  // by start, they come in the order of a walk of the tree.
  return [...nodes.keys()].sort((a, b) => a - b).map((start) => nodes.get(start)!);
}

/**
 * Finds strings and comments (not rewritten elsewhere) that name a moved module or path, so the plan can list them;
 * whole-string dotted names starting with a moved module carry the range `python.strings: rewrite` replaces.
 * Prose (docstrings, comments, other strings) is matched only on dotted names with a dot and on paths. `source` is
 * the text `tree` was parsed from.
 */
export function findStringMentions(tree: Parser.Tree, source: string, moved: MovedNames): StringMention[] {
  const names = [...moved.modules, ...moved.paths];
  // Every mention holds a moved module name or path: a file whose text holds none is not walked.
  if (!names.some((name) => source.includes(name))) return [];
  return nodesHolding(tree, source, names).flatMap((node) => mentionsIn(node, moved));
}

/** The mentions one string literal or comment node makes of a moved module or path (see findStringMentions). */
export function mentionsIn(node: PythonNode, moved: MovedNames): StringMention[] {
  const mentions = (text: string) =>
    moved.modules.some((name) => name.includes(".") && mentionsDottedName(text, name)) ||
    moved.paths.some((path) => mentionsPath(text, path));
  const contentNode = node.type === "string" ? plainContent(node) : undefined;
  // A bare string statement (a docstring) is prose, never a module name to rewrite.
  if (contentNode && node.parent?.type !== "expression_statement") {
    const content = contentNode.text;
    if (dottedString.test(content) && movedPrefix(content, moved.modules)) {
      const colon = content.indexOf(":");
      const length = colon < 0 ? content.length : colon;
      return [
        {
          start: contentNode.startIndex,
          end: contentNode.endIndex,
          line: contentNode.startPosition.row + 1,
          column: contentNode.startPosition.column + 1,
          text: content.slice(0, 200),
          dotted: {
            name: content.slice(0, length),
            start: contentNode.startIndex,
            end: contentNode.startIndex + length,
          },
        },
      ];
    }
  }
  const found: StringMention[] = [];
  const parts = node.type === "comment" ? [node] : node.namedChildren.filter((c) => c.type === "string_content");
  for (const part of parts) {
    const text = part.text;
    if (!mentions(text)) continue;
    const lines = text.split("\n");
    const index = Math.max(
      0,
      lines.findIndex((line) => mentions(line)),
    );
    found.push({
      start: part.startIndex,
      end: part.endIndex,
      line: part.startPosition.row + 1 + index,
      column: index === 0 ? part.startPosition.column + 1 : 1,
      text: lines[index].trim().slice(0, 200),
    });
  }
  return found;
}
