import type { PythonNode } from "../parse-python.js";
import { applyCharEdits, type CharEdit } from "./char-edits.js";
import { isBlank, lineStartOf, nextLineStartOf } from "../../../shared/text-lines.js";
import type { AllList, PyOutline } from "./outline-module.js";
import { attachedStartOf, blankLinesAbove, statementEndOf } from "./statement-ranges.js";

/** The moved code, ready to be written: import lines and the body, in the old module's order and spelling. */
export interface NewModuleParts {
  /** `from __future__` lines (they must open a module). */
  futureLines: string[];
  /** Import statements the moved code needs, then the import of shared helpers from the old module. */
  importLines: string[];
  /** Names for the new module's `__all__` (empty when the old module has none, or none of them moved). */
  allNames: string[];
  /** The moved statements with their comments, separated as in the old module. */
  body: string;
  /** Blank lines the old module leaves between its imports and its code. */
  importGap: number;
}

const definitionTypes = new Set(["function_definition", "class_definition", "decorated_definition"]);

/** The moved statements' text with the edits that fall inside them, joined by the blank lines that separated them. */
export function composeBody(
  outline: PyOutline,
  statements: readonly PythonNode[],
  innerEdits: readonly CharEdit[],
  eol: string,
): string {
  const { text } = outline;
  let body = "";
  let previous: PythonNode | undefined;
  for (const statement of statements) {
    const start = attachedStartOf(statement, text);
    const end = statementEndOf(statement);
    const chunk = applyCharEdits(
      text.slice(start, end),
      start,
      innerEdits.filter((e) => e.start >= start && e.end <= end),
    );
    if (previous) {
      const adjacent = isBlank(text, statementEndOf(previous), start);
      const above = blankLinesAbove(statement, text);
      const blank = adjacent
        ? above
        : Math.max(above, definitionTypes.has(statement.type) || definitionTypes.has(previous.type) ? 2 : 0);
      body += eol.repeat(blank + 1);
    }
    body += chunk;
    previous = statement;
  }
  return body;
}

/** Blank lines between the old module's last import and the code after it (1 when it has no imports), at least 2 before a definition (PEP 8). */
export function importGapOf(outline: PyOutline, first: PythonNode): number {
  const gap = ownImportGap(outline);
  if (definitionTypes.has(first.type)) return Math.max(gap ?? 2, 2);
  return gap ?? 1;
}

function ownImportGap(outline: PyOutline): number | undefined {
  const last = outline.importStatements[outline.importStatements.length - 1];
  if (!last) return undefined;
  const { text } = outline;
  let at = nextLineStartOf(text, statementEndOf(last));
  let count = 0;
  while (at < text.length) {
    const next = nextLineStartOf(text, at);
    if (!isBlank(text, at, next)) break;
    count++;
    at = next;
  }
  return at >= text.length ? undefined : count;
}

/** `__all__ = [...]` for the new module, in the old one's quote style. */
function renderAll(names: readonly string[], old: AllList): string {
  const quote = old.elements[0]?.text.startsWith("'") ? "'" : '"';
  const open = old.list.type === "tuple" ? "(" : "[";
  const close = old.list.type === "tuple" ? (names.length === 1 ? ",)" : ")") : "]";
  return `__all__ = ${open}${names.map((n) => `${quote}${n}${quote}`).join(", ")}${close}`;
}

/** The whole text of a new module. */
export function composeNewModule(parts: NewModuleParts, old: PyOutline, eol: string): string {
  const allLine = parts.allNames.length > 0 && old.all ? renderAll(parts.allNames, old.all) : undefined;
  const allFirst =
    old.all !== undefined &&
    old.importStatements.some(
      (s) => s.type !== "future_import_statement" && s.startIndex > old.all!.statement.startIndex,
    );
  const groups: string[][] = [parts.futureLines];
  if (allLine && allFirst) groups.push([allLine]);
  groups.push(parts.importLines);
  if (allLine && !allFirst) groups.push([allLine]);
  const head = groups
    .filter((g) => g.length > 0)
    .map((g) => g.join(eol))
    .join(eol + eol);
  if (head === "") return parts.body + eol;
  return head + eol.repeat(parts.importGap + 1) + parts.body + eol;
}

/** Where lines are added to a module. */
export interface InsertionPoint {
  /** The last import that stays, if any. */
  last?: PythonNode;
  index: number;
  /** Right after the module's imports (else after its docstring, or at its top). */
  afterImports: boolean;
  /** The last import is a try/if block. */
  afterBlock: boolean;
}

/** Where lines are added after a module's imports: the start of the line after its last top-level import that stays (or after the docstring). */
export function importInsertionPoint(outline: PyOutline, gone: ReadonlySet<PythonNode> = new Set()): InsertionPoint {
  const { text } = outline;
  const staying = outline.importStatements.filter((s) => !gone.has(s));
  const last = staying[staying.length - 1];
  if (last)
    return {
      last,
      index: nextLineStartOf(text, statementEndOf(last)),
      afterImports: true,
      afterBlock: !/import/.test(last.type),
    };
  if (outline.docstring)
    return { index: nextLineStartOf(text, statementEndOf(outline.docstring)), afterImports: false, afterBlock: false };
  // After a shebang or encoding line, if any.
  let index = 0;
  while (index < text.length && /^#(!|.*coding[:=])/.test(text.slice(index, nextLineStartOf(text, index))))
    index = nextLineStartOf(text, index);
  return { index, afterImports: false, afterBlock: false };
}

/** Text inserting `lines` at an insertion point of `text`; `newGroup` sets them apart from the imports above (isort's groups). */
export function insertionText(
  text: string,
  point: InsertionPoint,
  lines: readonly string[],
  eol: string,
  newGroup = false,
): string {
  const lead = point.index === text.length && text.length > 0 && !text.endsWith("\n") ? eol : "";
  const block = lines.map((l) => l + eol).join("");
  // After an import block (try/if), a blank line keeps the new import out of the block's shape.
  if (point.afterImports) return lead + (point.afterBlock || newGroup ? eol : "") + block;
  // After a docstring: a blank line between it and the imports; at the top: one between the imports and the code.
  return point.index > 0 ? lead + eol + block : block + (text.length > 0 ? eol + eol : "");
}

/** Edits appending names to an existing `__all__` list, following its layout (one per line or inline). */
export function appendToAll(all: AllList, names: readonly string[], text: string, eol: string): CharEdit[] {
  if (names.length === 0) return [];
  const quote = all.elements[0]?.text.startsWith("'") ? "'" : '"';
  const quoted = names.map((n) => `${quote}${n}${quote}`);
  const last = all.elements[all.elements.length - 1];
  if (!last) return [{ start: all.list.startIndex + 1, end: all.list.startIndex + 1, text: quoted.join(", ") }];
  const lineStart = lineStartOf(text, last.startIndex);
  if (isBlank(text, lineStart, last.startIndex) && text.slice(last.endIndex, all.list.endIndex).includes("\n")) {
    const indent = text.slice(lineStart, last.startIndex);
    const at = nextLineStartOf(text, last.endIndex);
    const comma = text[last.endIndex] === "," ? "" : ",";
    return [
      ...(comma ? [{ start: last.endIndex, end: last.endIndex, text: comma }] : []),
      { start: at, end: at, text: quoted.map((q) => `${indent}${q},${eol}`).join("") },
    ];
  }
  return [{ start: last.endIndex, end: last.endIndex, text: quoted.map((q) => `, ${q}`).join("") }];
}
