import type ts from "typescript";
import type { ByteEdit } from "../../../model/edit.js";
import { loadTypeScript } from "../../../shared/typescript.js";
import type { ReferenceGraph } from "./collect-references.js";
import { exportKeywordIndex } from "./render-new-module.js";
import { importInsertionPoint, namedElementsOf, preferredQuote, renderImportLine } from "./render-imports.js";
import type { ExtractSpecifiers } from "./extract-specifiers.js";
import type { MoveSelection } from "./select-moved.js";
import type { SourceText } from "./source-text.js";
import { removalRangeOf, removeListElements, statementEndOf } from "./text-ranges.js";
import { nextLineStartOf } from "../../../shared/text-lines.js";
import type { DeclarationUnit, ImportBinding, ModuleOutline } from "./top-level-units.js";

/** The old module, analysed, and how the step treats it. */
export interface OldModuleContext {
  from: string;
  to: string;
  source: SourceText;
  sourceFile: ts.SourceFile;
  outline: ModuleOutline;
  graph: ReferenceGraph;
  selection: MoveSelection;
  shim: boolean;
  specifiers: ExtractSpecifiers;
  eol: string;
}

/** The range deleting an import declaration's own lines (comments above it stay). */
function importLineRange(source: SourceText, declaration: ts.ImportDeclaration): ByteEdit {
  const text = source.text;
  const start = text.lastIndexOf("\n", declaration.getStart() - 1) + 1;
  return source.edit(start, nextLineStartOf(text, statementEndOf(text, declaration)));
}

/** Edits dropping `gone` bindings from one import declaration, keeping the rest byte for byte. */
function pruneImport(
  source: SourceText,
  declaration: ts.ImportDeclaration,
  gone: ReadonlySet<ImportBinding>,
  all: readonly ImportBinding[],
): ByteEdit[] {
  const ts = loadTypeScript();
  const own = all.filter((b) => b.declaration === declaration);
  if (own.every((b) => gone.has(b))) return [importLineRange(source, declaration)];
  const clause = declaration.importClause!;
  const named = clause.namedBindings;
  const isGone = (node: ts.Node): boolean => own.some((b) => b.node === node && gone.has(b));
  const edits: ByteEdit[] = [];
  const defaultGone = clause.name !== undefined && isGone(clause);
  if (named && ts.isNamedImports(named)) {
    const removed = new Set(named.elements.flatMap((e, i) => (isGone(e) ? [i] : [])));
    const ranges = removeListElements(source, named.elements, removed);
    if (ranges === "all") edits.push(source.edit(clause.name!.getEnd(), named.getEnd()));
    else edits.push(...ranges);
  } else if (named && isGone(named)) {
    edits.push(source.edit(clause.name!.getEnd(), named.getEnd()));
  }
  if (defaultGone) edits.push(source.edit(clause.name!.getStart(), named!.getStart()));
  return edits;
}

/** Import bindings only the moved code used: they leave the old module. */
function bindingsToDrop(context: OldModuleContext): Set<ImportBinding> {
  const { graph, outline, selection } = context;
  const moved = new Set(selection.moved);
  const usedByMoved = new Set<ImportBinding>();
  for (const unit of selection.moved)
    for (const ref of graph.refsOfUnit(unit)) if (ref.target.kind === "binding") usedByMoved.add(ref.target.binding);
  const staying = [
    ...outline.otherStatements,
    ...outline.units.filter((u) => !moved.has(u)).flatMap((u) => u.statements),
  ];
  for (const statement of staying)
    for (const ref of graph.refsOf(statement))
      if (ref.target.kind === "binding") usedByMoved.delete(ref.target.binding);
  return usedByMoved;
}

/** Lines the old module gains: an import of moved names it still uses, and the backward-compatible re-export. */
function renderAddedLines(context: OldModuleContext): string[] {
  const { selection, graph, outline } = context;
  const moved = new Set(selection.moved);
  const specifier = context.specifiers.between(context.from, context.to);
  const quote = preferredQuote(context.sourceFile);
  const lines: string[] = [];
  if (selection.usedByOld.length > 0) {
    const staying = [
      ...outline.otherStatements,
      ...outline.units.filter((u) => !moved.has(u)).flatMap((u) => u.statements),
    ];
    const refs = staying.flatMap((s) => graph.refsOf(s));
    const typeUse = (unit: DeclarationUnit): boolean =>
      unit.isTypeOnly || refs.every((r) => r.target.kind !== "unit" || r.target.unit !== unit || r.isTypeOnly);
    lines.push(
      renderImportLine({
        keyword: "import",
        ...namedElementsOf(selection.usedByOld, typeUse),
        specifier,
        quote,
        eol: context.eol,
      }),
    );
  }
  const reexported = selection.moved.filter((u) => u.isExported);
  if (context.shim && reexported.length > 0) {
    lines.push(
      renderImportLine({
        keyword: "export",
        ...namedElementsOf(reexported, (u) => u.isTypeOnly),
        specifier,
        quote,
        eol: context.eol,
      }),
    );
  }
  return lines;
}

/** Joins removals separated only by blank lines, so removing neighbours leaves one blank line, not several. */
function joinAdjacentRemovals(source: SourceText, removals: ByteEdit[]): ByteEdit[] {
  const sorted = [...removals].sort((a, b) => a.start - b.start);
  const joined: ByteEdit[] = [];
  for (const removal of sorted) {
    const last = joined[joined.length - 1];
    if (last && source.isBlankBetween(last.end, removal.start)) last.end = Math.max(last.end, removal.end);
    else joined.push({ ...removal });
  }
  return joined;
}

/** Byte edits of the old module: moved declarations out, unused imports pruned, shared helpers exported, new lines in. */
export function editOldModule(context: OldModuleContext): ByteEdit[] {
  const { source, sourceFile, outline, selection, eol } = context;
  const text = source.text;
  const edits: ByteEdit[] = [];
  // Added lines go first: an `export ` inserted at the same spot (first statement) must follow them.
  const lines = renderAddedLines(context);
  if (lines.length > 0) {
    const point = importInsertionPoint(text, sourceFile);
    const lead = point.index === text.length && !text.endsWith("\n") && text.length > 0 ? eol : "";
    const block = lines.map((l) => l + eol).join("");
    edits.push(source.edit(point.index, point.index, lead + block + (point.afterImports ? "" : eol)));
  }
  edits.push(
    ...joinAdjacentRemovals(
      source,
      selection.moved.flatMap((u) => u.statements.map((s) => removalRangeOf(source, s))),
    ),
  );
  const drop = bindingsToDrop(context);
  for (const declaration of new Set([...drop].map((b) => b.declaration)))
    edits.push(...pruneImport(source, declaration, drop, outline.bindings));
  for (const unit of selection.shared.filter((u) => !u.isExported)) {
    for (const statement of unit.statements) {
      const at = exportKeywordIndex(statement, text);
      edits.push(source.edit(at, at, "export "));
    }
  }
  return edits;
}
