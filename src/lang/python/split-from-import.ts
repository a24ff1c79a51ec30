import type { FromImportRef, FromName } from "./find-references.js";

/** One statement a split from-import becomes: its module text and its names, rendered (`x`, `y as z`). */
export interface SplitGroup {
  module: string;
  names: { name: FromName; text: string }[];
}

/** Whitespace at the start of the line holding `index`, or undefined when other text precedes `index` on that line. */
function indentBefore(source: string, index: number): string | undefined {
  const lineStart = source.lastIndexOf("\n", index - 1) + 1;
  const before = source.slice(lineStart, index);
  return /^[ \t]*$/.test(before) ? before : undefined;
}

/** End of a name with its `as alias` (the alias may sit on the next line inside parentheses). */
function nameEnd(source: string, name: FromName): number {
  if (!name.alias) return name.end;
  const match = /^\s*as\s+[^\s,)#\\]+/.exec(source.slice(name.end));
  return match ? name.end + match[0].length : name.end;
}

/** The `# comment` after position `from` on the same line (after an optional comma), if any. */
function trailingComment(source: string, from: number): string | undefined {
  const lineEnd = source.indexOf("\n", from);
  const rest = source.slice(from, lineEnd < 0 ? source.length : lineEnd);
  const match = /^\s*,?\s*(#.*?)\s*$/.exec(rest);
  return match ? match[1] : undefined;
}

/** Comment lines between `from` and `to` (own-line comments inside parentheses), without their indentation. */
function commentLines(source: string, from: number, to: number): string[] {
  const text = source.slice(from, to);
  const firstNewline = text.indexOf("\n");
  if (firstNewline < 0) return [];
  return text
    .slice(firstNewline + 1)
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.startsWith("#"));
}

/**
 * Writes the statements a from-import is split into, keeping its shape: one statement per line at the original
 * indentation; a parenthesised multi-line import stays parenthesised and multi-line, one name per line at the
 * original name indentation, with the comments that followed or preceded each name. A statement that shares its
 * line with other code (`if x: from a import b, c`) can only be continued with `; `.
 */
export function formatSplitImport(source: string, ref: FromImportRef, groups: readonly SplitGroup[]): string {
  const newline = source.includes("\r\n") ? "\r\n" : "\n";
  const indent = indentBefore(source, ref.start);
  const firstName = ref.names[0];
  const head = firstName ? source.slice(ref.moduleEnd, firstName.start) : "";
  const open = head.indexOf("(");
  const parenthesised = open >= 0;
  const close = parenthesised ? source.lastIndexOf(")", ref.end) : -1;
  const multiline = parenthesised && source.slice(ref.moduleEnd + open, close).includes("\n");
  if (!multiline) {
    const statements = groups.map((group) => {
      const names = group.names.map((n) => n.text).join(", ");
      return `from ${group.module} import ${parenthesised ? `(${names})` : names}`;
    });
    return statements.join(indent === undefined ? "; " : newline + indent);
  }
  // Name indentation and the closing parenthesis's line, as written.
  const nameIndent = indentBefore(source, firstName.start) ?? `${indent ?? ""}    `;
  const closeIndent = indentBefore(source, close) ?? indent ?? "";
  const lastName = ref.names[ref.names.length - 1];
  const trailingComma = /^\s*,/.test(source.slice(nameEnd(source, lastName), close).replace(/#.*$/gm, ""));
  const before = new Map<FromName, string[]>();
  const after = new Map<FromName, string | undefined>();
  ref.names.forEach((name, i) => {
    const previousEnd = i === 0 ? ref.moduleEnd + open + 1 : nameEnd(source, ref.names[i - 1]);
    before.set(name, i === 0 ? commentLines(source, previousEnd, name.start) : []);
    after.set(name, trailingComment(source, nameEnd(source, name)));
    if (i > 0) {
      // Own-line comments after the previous name's line belong to this name.
      const previousLineEnd = source.indexOf("\n", previousEnd);
      if (previousLineEnd >= 0 && previousLineEnd < name.start)
        before.set(name, commentLines(source, previousLineEnd, name.start));
    }
  });
  const lastLineEnd = source.indexOf("\n", nameEnd(source, lastName));
  const tailComments = lastLineEnd >= 0 && lastLineEnd < close ? commentLines(source, lastLineEnd, close) : [];
  const statements = groups.map((group, g) => {
    const lines = [`from ${group.module} import (`];
    group.names.forEach((entry, i) => {
      for (const comment of before.get(entry.name) ?? []) lines.push(nameIndent + comment);
      const comma = i < group.names.length - 1 || trailingComma ? "," : "";
      const comment = after.get(entry.name);
      lines.push(`${nameIndent}${entry.text}${comma}${comment ? `  ${comment}` : ""}`);
    });
    if (g === groups.length - 1) for (const comment of tailComments) lines.push(nameIndent + comment);
    lines.push(`${closeIndent})`);
    return lines.join(newline);
  });
  return statements.join(indent === undefined ? "; " : newline + indent);
}
