import type Parser from "tree-sitter";

/** A string literal that names a moved module but is not an import target graft rewrites (e.g. a config value, a logger name). */
export interface StringMention {
  start: number;
  end: number;
  line: number;
  column: number;
  text: string;
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

/** Finds string literals (not rewritten elsewhere) that mention one of the dotted names, so the plan can list them. */
export function findStringMentions(tree: Parser.Tree, names: readonly string[]): StringMention[] {
  if (names.length === 0) return [];
  const mentions: StringMention[] = [];
  for (const node of tree.rootNode.descendantsOfType("string_content")) {
    const text = node.text;
    if (!names.some((name) => mentionsDottedName(text, name))) continue;
    const firstLine = text.split("\n").find((line) => names.some((name) => mentionsDottedName(line, name))) ?? text;
    mentions.push({
      start: node.startIndex,
      end: node.endIndex,
      line: node.startPosition.row + 1,
      column: node.startPosition.column + 1,
      text: firstLine.trim().slice(0, 200),
    });
  }
  return mentions;
}
