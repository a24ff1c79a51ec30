import type { PythonNode } from "../parse-python.js";
import type { CharEdit } from "./char-edits.js";
import { importInsertionPoint, insertionText } from "./compose-new-module.js";
import type { PyBinding, PyOutline } from "./outline-module.js";
import type { ReferenceGraph } from "./reference-graph.js";
import { stayingStatements, type PySelection } from "./select-moved.js";
import { removalRanges, removeListElements } from "./statement-ranges.js";

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
  /** Of those, the ones the shim re-exports (public moved names, when `shim`). */
  reexported: readonly string[];
  shim: boolean;
  prune: boolean;
  /** True for an import statement of one of the project's own modules. */
  isProjectImport(statement: PythonNode): boolean;
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
  const inDoctests = doctestNames(
    outline,
    selection.moved.flatMap((u) => u.statements),
  );
  const keep = (name: string): boolean =>
    inDoctests.has(name) || context.importedByOthers.has(name) || (outline.all?.names.includes(name) ?? false);
  const candidates = outline.bindings.filter((binding) => {
    if (!usedByMoved.has(binding.localName) || keep(binding.localName) || binding.kind === "future") return false;
    // A `# noqa` import is a deliberate re-export: it stays.
    const next = binding.statement.nextSibling;
    const comment =
      next?.type === "comment" && next.startPosition.row === binding.statement.endPosition.row ? next.text : "";
    return !/noqa/.test(comment);
  });
  // An import block whose every binding goes takes its own uses along (`if TYPE_CHECKING:` and its import).
  let unused = candidates;
  for (let round = 0; round < 4; round++) {
    const gone = goneStatements(outline, unused);
    const staying = [...stayingStatements(outline, moved), ...outline.importStatements.filter((s) => !gone.has(s))];
    const usedByStaying = new Set<string>();
    for (const statement of staying)
      for (const ref of graph.refsOf(statement))
        if (ref.target.kind === "binding" && !ref.isWrite) usedByStaying.add(ref.name);
    const usedByGone = new Set(
      [...gone].flatMap((s) => graph.refsOf(s).flatMap((r) => (r.target.kind === "binding" ? [r.name] : []))),
    );
    const pool = [
      ...candidates,
      ...outline.bindings.filter((b) => usedByGone.has(b.localName) && !keep(b.localName) && b.kind !== "future"),
    ];
    const next = [...new Set(pool)].filter((b) => !usedByStaying.has(b.localName));
    if (next.length === unused.length && next.every((b) => unused.includes(b))) return next;
    unused = next;
  }
  return unused;
}

/** Import statements every binding of which goes. */
function goneStatements(outline: PyOutline, gone: readonly PyBinding[]): Set<PythonNode> {
  return new Set(
    outline.importStatements.filter((s) => {
      const own = outline.bindings.filter((b) => b.statement.startIndex === s.startIndex);
      return own.length > 0 && own.every((b) => gone.includes(b));
    }),
  );
}

/** Edits removing `gone` bindings from the statements that keep others, keeping every other byte (whole statements go with the moved code). */
function pruneEdits(gone: readonly PyBinding[], outline: PyOutline, whole: ReadonlySet<PythonNode>): CharEdit[] {
  const edits: CharEdit[] = [];
  for (const statement of new Set(gone.map((b) => b.statement))) {
    if (whole.has(statement)) continue;
    if (statement.type !== "import_statement" && statement.type !== "import_from_statement") continue;
    const elements = statement.childrenForFieldName("name");
    const removed = new Set(
      elements.flatMap((e, i) => (gone.some((b) => b.element?.startIndex === e.startIndex) ? [i] : [])),
    );
    const ranges = removeListElements(elements, removed, outline.text);
    if (ranges !== "all") edits.push(...ranges);
  }
  return edits;
}

function describeBinding(binding: PyBinding, from: string): string {
  const statement = binding.statement;
  const line = statement.startPosition.row + 1;
  const element = binding.element?.text ?? binding.localName;
  const what =
    statement.type === "import_statement"
      ? `import ${element}`
      : statement.type === "import_from_statement"
        ? `from ${statement.childForFieldName("module_name")?.text} import ${element}`
        : `${binding.localName} (bound by the ${statement.type.replace(/_statement$/, "")} block)`;
  return `${from}:${line}: ${what}`;
}

/** Character edits of the old module: moved statements out, the import of the new module in, `__all__` and unused imports tidied. */
export function editOldModule(context: OldModuleContext): OldModuleEdits {
  const { outline, selection, eol } = context;
  const { text } = outline;
  const edits: CharEdit[] = [];
  const unused = bindingsOnlyMovedCodeUsed(context);
  const gone = context.prune ? goneStatements(outline, unused) : new Set<PythonNode>();
  if (context.importedNames.length > 0) {
    // The shim's line is a deliberate re-export (linters must not flag it, prune must not drop it) unless
    // `__all__` already lists every name it re-exports.
    const reexports = context.shim && context.reexported.some((n) => !(outline.all?.names.includes(n) ?? false));
    const line = `from ${context.newModuleSpelled} import ${context.importedNames.join(", ")}${reexports ? "  # noqa: F401" : ""}`;
    const point = importInsertionPoint(outline, gone);
    // The project's own imports form their own group below the standard and third-party ones.
    const newGroup = point.last !== undefined && !context.isProjectImport(point.last);
    edits.push({ start: point.index, end: point.index, text: insertionText(text, point, [line], eol, newGroup) });
  }
  edits.push(...removalRanges([...selection.moved.flatMap((u) => u.statements), ...gone], text));
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
  if (context.prune) edits.push(...pruneEdits(unused, outline, gone));
  return { edits, unusedImports: unused.map((b) => describeBinding(b, context.from)) };
}
