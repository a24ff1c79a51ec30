/*
 * The extract codemod. Pipeline (each step one file of this folder):
 *   load-project → top-level-units (names ↔ statements, import bindings) → collect-references (the
 *   checker resolves every identifier of every top-level statement) → select-moved (requested, carried,
 *   shared) → check-init-cycle → render-new-module / edit-old-module / update-importers → byte edits.
 * Moved text is copied verbatim; everything else changes only through byte-range insertions and removals.
 */
import { ts } from "ts-morph";
import { InvalidInputError } from "../../../shared/errors.js";
import { checkInitCycle } from "./check-init-cycle.js";
import { collectReferences } from "./collect-references.js";
import { editOldModule } from "./edit-old-module.js";
import { isSourcePath, loadProject, type LoadedProject } from "./load-project.js";
import { importInsertionPoint } from "./render-imports.js";
import { renderNewModule, type NewModuleParts } from "./render-new-module.js";
import { checkCrossWrites, resolveRequested, selectMoved, type MoveSelection } from "./select-moved.js";
import { detectSpecifierStyle } from "./specifier-style.js";
import { detectEol, toByteEdits, type CharEdit } from "./text-ranges.js";
import { outlineModule } from "./top-level-units.js";
import { updateImporters } from "./update-importers.js";
import type { CreatedFile, ExtractRequest, ExtractResult } from "./types.js";

const editKind = "extract";

function checkRequest(request: ExtractRequest, loaded: LoadedProject): void {
  const { from, to } = request;
  if (!loaded.getSource(from))
    throw new InvalidInputError(`extract: ${from} is not a TypeScript/JavaScript file in scope`);
  if (from === to) throw new InvalidInputError(`extract: from and to are the same module (${from})`);
  if (!isSourcePath(to)) throw new InvalidInputError(`extract: ${to} is not a TypeScript/JavaScript module path`);
  if (request.files.includes(to) && !loaded.getSource(to))
    throw new InvalidInputError(`extract: ${to} exists but is not a module in scope`);
  if (request.symbols.length === 0) throw new InvalidInputError("extract: no symbols to move");
}

/** Maps each import declaration of a parsed file to the root-relative path it resolves to. */
function importResolver(loaded: LoadedProject, rel: string): (declaration: ts.ImportDeclaration) => string | undefined {
  const resolved = new Map<ts.Node, string | undefined>();
  for (const declaration of loaded.getSource(rel)!.getImportDeclarations()) {
    const target = declaration.getModuleSpecifierSourceFile();
    resolved.set(declaration.compilerNode, target ? loaded.relativeOf(target) : undefined);
  }
  return (declaration) => resolved.get(declaration);
}

/** Every module specifier written in the project's import and export declarations. */
function projectSpecifiers(loaded: LoadedProject): string[] {
  return loaded.sources.flatMap((rel) =>
    loaded
      .getSource(rel)!
      .compilerNode.statements.flatMap((s) =>
        (ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) &&
        s.moduleSpecifier &&
        ts.isStringLiteral(s.moduleSpecifier)
          ? [s.moduleSpecifier.text]
          : [],
      ),
  );
}

/** The new module's whole text: import lines, a blank line, the moved declarations, a final newline. */
function composeNewModule(parts: NewModuleParts, eol: string): string {
  const head = parts.importLines.length > 0 ? parts.importLines.join(eol) + eol + eol : "";
  return head + parts.body + eol;
}

/** Edits appending the moved code to an existing target: imports after its imports, declarations at its end. */
function appendToTarget(text: string, sourceFile: ts.SourceFile, parts: NewModuleParts, eol: string): CharEdit[] {
  const edits: CharEdit[] = parts.mergedImports.map(({ list, elements }) => {
    const last = list.elements[list.elements.length - 1]!;
    return { start: last.getEnd(), end: last.getEnd(), text: elements.map((e) => ", " + e).join("") };
  });
  if (parts.importLines.length > 0) {
    const point = importInsertionPoint(text, sourceFile);
    const lead = point.index === text.length && text.length > 0 && !text.endsWith("\n") ? eol : "";
    edits.push({
      start: point.index,
      end: point.index,
      text: lead + parts.importLines.map((l) => l + eol).join("") + (point.afterImports ? "" : eol),
    });
  }
  const separator = text.length === 0 ? "" : text.endsWith("\n") ? eol : eol + eol;
  edits.push({ start: text.length, end: text.length, text: separator + parts.body + eol });
  return edits;
}

/** Requested declarations that were private and that nothing uses any more: unused in their new module. */
function privateLeftovers(selection: MoveSelection, to: string): string[] {
  return selection.moved
    .filter((u) => !u.isExported && !selection.carried.includes(u) && !selection.usedByOld.includes(u))
    .map((u) => `${u.names.join(", ")} was private and nothing else uses it; it stays private (unused) in ${to}`);
}

/** Plans moving top-level declarations of `from` into `to`: byte-range edits of existing files and the new module's content. */
export function planTypeScriptExtract(request: ExtractRequest): ExtractResult {
  const shim = request.shim ?? true;
  const { from, to } = request;
  const loaded = loadProject(request);
  checkRequest(request, loaded);
  const project = loaded.project;
  const oldFile = loaded.getSource(from)!.compilerNode;
  const oldText = loaded.textOf(from);
  if (oldFile.text !== oldText)
    throw new InvalidInputError(`extract: ${from} could not be parsed byte for byte (byte order mark?)`);
  const outline = outlineModule(oldFile);
  const graph = collectReferences(oldFile, outline, project.getTypeChecker().compilerObject);
  const selection = selectMoved(outline, graph, resolveRequested(outline, request.symbols, from));
  const style = detectSpecifierStyle(projectSpecifiers(loaded), project.getCompilerOptions());
  const eol = detectEol(oldText);
  checkCrossWrites(outline, graph, selection, { from, to }, oldFile);
  checkInitCycle({ outline, graph, selection, hasShim: shim, from, to, sourceFile: oldFile });

  const targetSource = loaded.getSource(to);
  const target = targetSource
    ? {
        file: targetSource.compilerNode,
        outline: outlineModule(targetSource.compilerNode),
        resolveImport: importResolver(loaded, to),
      }
    : undefined;
  const parts = renderNewModule(
    {
      from,
      to,
      oldText,
      oldFile,
      outline,
      graph,
      selection,
      resolveImport: importResolver(loaded, from),
      style,
      target,
    },
    eol,
  );
  const oldEdits = editOldModule({
    from,
    to,
    text: oldText,
    sourceFile: oldFile,
    outline,
    graph,
    selection,
    shim,
    style,
    eol,
  });
  const importers = updateImporters({
    loaded,
    root: request.root,
    from,
    to,
    exportedMoved: selection.moved.filter((u) => u.isExported),
    shim,
    style,
  });

  const charEdits = new Map(importers.editsByFile);
  charEdits.set(from, oldEdits);
  const creates: CreatedFile[] = [];
  if (target) {
    const targetText = loaded.textOf(to);
    charEdits.set(to, [...(charEdits.get(to) ?? []), ...appendToTarget(targetText, target.file, parts, eol)]);
  } else {
    creates.push({ path: to, content: composeNewModule(parts, eol) });
  }
  const edits = [...charEdits.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([file, list]) => toByteEdits(file, loaded.textOf(file), list, editKind));
  const names = (units: typeof selection.moved): string[] => units.flatMap((u) => u.names);
  return {
    edits,
    creates,
    movedSymbols: names(selection.moved),
    carriedHelpers: names(selection.carried),
    sharedHelpers: names(selection.shared),
    importersUpdated: [...importers.editsByFile.keys()].sort(),
    warnings: [...privateLeftovers(selection, to), ...importers.warnings],
  };
}
