import type ts from "typescript";
import { loadTypeScript } from "../../../shared/typescript.js";
import { lineStartOf } from "../../../shared/text-lines.js";
import type { DeclarationUnit } from "./top-level-units.js";

/** The parts of one import (or re-export) declaration the codemod writes. */
export interface ImportLineParts {
  keyword: "import" | "export";
  isTypeOnly?: boolean;
  defaultName?: string;
  namespaceName?: string;
  /** Elements as written (`a`, `a as b`, `type T`). */
  named?: readonly string[];
  specifier: string;
  quote: string;
  /** Verbatim ` with { type: "json" }` clause, leading space included. */
  attributes?: string;
  /** Line terminator, for lists long enough to wrap. */
  eol?: string;
}

/** Lines longer than this get one named element per line (the layout formatters use). */
const maxLineLength = 100;

/** Renders one import or re-export declaration: one line, or one element per line when long. */
export function renderImportLine(parts: ImportLineParts): string {
  const head: string[] = [];
  if (parts.defaultName) head.push(parts.defaultName);
  if (parts.namespaceName) head.push(`* as ${parts.namespaceName}`);
  const named = parts.named ?? [];
  const type = parts.isTypeOnly ? " type" : "";
  const tail = ` from ${parts.quote}${parts.specifier}${parts.quote}${parts.attributes ?? ""};`;
  const render = (list: string): string =>
    `${parts.keyword}${type} ${[...head, ...(named.length > 0 ? [list] : [])].join(", ")}${tail}`;
  const line = render(`{ ${named.join(", ")} }`);
  if (line.length <= maxLineLength || named.length < 2) return line;
  const eol = parts.eol ?? "\n";
  return render(`{${eol}${named.map((n) => `  ${n},${eol}`).join("")}}`);
}

/** The quote character of a module specifier literal as written. */
export function quoteOf(specifier: ts.Expression, sourceFile: ts.SourceFile): string {
  return specifier.getText(sourceFile).startsWith("'") ? "'" : '"';
}

/** The quote the module mostly uses in import specifiers (double when it has none). */
export function preferredQuote(sourceFile: ts.SourceFile): string {
  const ts = loadTypeScript();
  const quotes = sourceFile.statements.flatMap((s) =>
    (ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) && s.moduleSpecifier
      ? [quoteOf(s.moduleSpecifier, sourceFile)]
      : [],
  );
  const single = quotes.filter((q) => q === "'").length;
  return single > quotes.length - single ? "'" : '"';
}

/**
 * Named elements for a list of declarations, types marked `type` inline; the whole list is type-only
 * when every element is a type.
 */
export function namedElementsOf(
  units: readonly DeclarationUnit[],
  typeOnlyUse: (u: DeclarationUnit) => boolean,
): { named: string[]; isTypeOnly: boolean } {
  const isTypeOnly = units.length > 0 && units.every(typeOnlyUse);
  const named = units.map((u) => (isTypeOnly || !typeOnlyUse(u) ? u.names[0]! : `type ${u.names[0]!}`));
  return { named, isTypeOnly };
}

/** Where new import lines go in a module: after its last import, else above its first statement. */
export function importInsertionPoint(
  text: string,
  sourceFile: ts.SourceFile,
): { index: number; afterImports: boolean } {
  const ts = loadTypeScript();
  const imports = sourceFile.statements.filter(ts.isImportDeclaration);
  const last = imports[imports.length - 1];
  if (last) {
    const newline = text.indexOf("\n", last.getEnd());
    return { index: newline === -1 ? text.length : newline + 1, afterImports: true };
  }
  const first = sourceFile.statements[0];
  if (!first) return { index: text.length, afterImports: false };
  const comments = ts.getLeadingCommentRanges(text, first.pos) ?? [];
  // Stay below a header comment separated by a blank line (license, file doc) and below a shebang.
  let index = first.getStart(sourceFile);
  for (let i = comments.length - 1; i >= 0; i--) {
    const gap = text.slice(comments[i]!.end, index);
    if ((gap.match(/\n/g) ?? []).length > 1) break;
    index = comments[i]!.pos;
  }
  return { index: lineStartOf(text, index), afterImports: false };
}
