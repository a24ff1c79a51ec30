import type { PythonNode } from "../parse-python.js";
import { type CharEdit, lineStartOf, nextLineStartOf } from "./char-edits.js";
import { importInsertionPoint, insertionText } from "./compose-new-module.js";
import type { PyBinding, PyOutline } from "./outline-module.js";
import type { ReferenceGraph } from "./reference-graph.js";
import { stayingStatements, type PySelection } from "./select-moved.js";
import { removalRangeOf, removalRanges, removeListElements, statementEndOf } from "./statement-ranges.js";

/** The old module, analysed, and how the step treats it. */
export interface OldModuleContext {
  from: string;
  outline: PyOutline;
  graph: ReferenceGraph;
  selection: PySelection;
  /** The new module as the old one writes it in a from-import. */
  newModuleSpelled: string;
  /** Names the old module imports from the new one, in source order. */
  importedNames: readonly string[];
  /** Of those, the ones its own code uses (the others are re-exports). */
  usedNames: ReadonlySet<string>;
  shim: boolean;
  prune: boolean;
  /** Names other project files import from the old module: its interface, never pruned. */
  importedByOthers: ReadonlySet<string>;
  eol: string;
}

/** The old module's edits, and its imports that only moved code used (removed with `prune`, else reported). */
export interface OldModuleEdits {
  edits: CharEdit[];
  unusedImports: string[];
}

/** Identifiers named on the doctest lines of the text outside `moved` ranges (doctests run with the module's globals). */
function doctestNames(outline: PyOutline, movedStatements: readonly PythonNode[]): Set<string> {
  const names = new Set<string>();
  const moved = movedStatements.map((s) => [s.startIndex, s.endIndex] as const);
  const pattern = /^[ \t]*(?:>>>|\.\.\.) (.*)$/gm;
  for (let match = pattern.exec(outline.text); match; match = pattern.exec(outline.text)) {
    if (moved.some(([a, b]) => match!.index >= a && match!.index < b)) continue;
    for (const word of match[1]!.match(/[A-Za-z_]\w*/g) ?? []) names.add(word);
  }
  return names;
}

/** Bindings only moved code used: the old module keeps them unless `prune`. */
function bindingsOnlyMovedCodeUsed(context: OldModuleContext): PyBinding[] {
  const { outline, graph, selection } = context;
  const moved = new Set(selection.moved);
  const usedByMoved = new Set<string>();
  for (const unit of selection.moved)
    for (const ref of graph.refsOfUnit(unit)) if (ref.target.kind === "binding") usedByMoved.add(ref.name);
  const staying = [...stayingStatements(outline, moved), ...outline.importStatements];
  for (const statement of staying)
    for (const ref of graph.refsOf(statement)) if (ref.target.kind === "binding") usedByMoved.delete(ref.name);
  const inDoctests = doctestNames(
    outline,
    selection.moved.flatMap((u) => u.statements),
  );
  const keep = (name: string): boolean =>
    inDoctests.has(name) || context.importedByOthers.has(name) || (outline.all?.names.includes(name) ?? false);
  return outline.bindings.filter((binding) => {
    if (!usedByMoved.has(binding.localName) || keep(binding.localName) || binding.kind === "future") return false;
    // A `# noqa` import is a deliberate re-export: it stays.
    const next = binding.statement.nextSibling;
    const comment =
      next?.type === "comment" && next.startPosition.row === binding.statement.endPosition.row ? next.text : "";
    return !/noqa/.test(comment);
  });
}

/** Lines of the statement that go when every binding of it goes. */
function wholeStatementRange(statement: PythonNode, text: string): CharEdit {
  return {
    start: lineStartOf(text, statement.startIndex),
    end: nextLineStartOf(text, statementEndOf(statement)),
    text: "",
  };
}

/** Edits removing `gone` bindings from their statements, keeping every other byte. */
function pruneEdits(gone: readonly PyBinding[], outline: PyOutline): CharEdit[] {
  const edits: CharEdit[] = [];
  const statements = [...new Set(gone.map((b) => b.statement))];
  for (const statement of statements) {
    const own = outline.bindings.filter((b) => b.statement.startIndex === statement.startIndex);
    const goneHere = own.filter((b) => gone.includes(b));
    if (goneHere.length === own.length) {
      edits.push(
        statement.type === "import_statement" || statement.type === "import_from_statement"
          ? wholeStatementRange(statement, outline.text)
          : removalRangeOf(statement, outline.text),
      );
      continue;
    }
    if (statement.type !== "import_statement" && statement.type !== "import_from_statement") continue;
    const elements = statement.childrenForFieldName("name");
    const removed = new Set(
      elements.flatMap((e, i) => (goneHere.some((b) => b.element?.startIndex === e.startIndex) ? [i] : [])),
    );
    const ranges = removeListElements(elements, removed, outline.text);
    if (ranges !== "all") edits.push(...ranges);
  }
  return edits;
}

function describeBinding(binding: PyBinding, from: string): string {
  const statement = binding.statement;
  const line = statement.startPosition.row + 1;
  const text =
    statement.type === "import_statement" || statement.type === "import_from_statement"
      ? statement.text.replace(/\s+/g, " ")
      : `the import block binding ${binding.localName}`;
  return `${from}:${line}: ${binding.localName} (${text})`;
}

/** Character edits of the old module: moved statements out, the import of the new module in, `__all__` and unused imports tidied. */
export function editOldModule(context: OldModuleContext): OldModuleEdits {
  const { outline, selection, eol } = context;
  const { text } = outline;
  const edits: CharEdit[] = [];
  if (context.importedNames.length > 0) {
    const reexportOnly = context.importedNames.some(
      (n) => !context.usedNames.has(n) && !(outline.all?.names.includes(n) ?? false),
    );
    const line = `from ${context.newModuleSpelled} import ${context.importedNames.join(", ")}${reexportOnly ? "  # noqa: F401" : ""}`;
    const point = importInsertionPoint(outline);
    edits.push({ start: point.index, end: point.index, text: insertionText(text, point, [line], eol) });
  }
  edits.push(
    ...removalRanges(
      selection.moved.flatMap((u) => u.statements),
      text,
    ),
  );
  if (outline.all && !context.shim) {
    const movedNames = new Set(selection.moved.flatMap((u) => u.names));
    const removed = new Set(outline.all.names.flatMap((n, i) => (movedNames.has(n) ? [i] : [])));
    if (removed.size > 0) {
      const ranges = removeListElements(outline.all.elements, removed, text);
      const list = outline.all.list;
      if (ranges === "all") edits.push({ start: list.startIndex + 1, end: list.endIndex - 1, text: "" });
      else edits.push(...ranges);
    }
  }
  const unused = bindingsOnlyMovedCodeUsed(context);
  if (context.prune) edits.push(...pruneEdits(unused, outline));
  return { edits, unusedImports: unused.map((b) => describeBinding(b, context.from)) };
}
