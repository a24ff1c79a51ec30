/*
 * The extract codemod. Pipeline (each step one file of this folder):
 *   load-project (one program of the project's own compiler; lang/typescript's resolver) → top-level-units
 *   (names ↔ statements, import bindings) → collect-references (the checker resolves every identifier of every
 *   top-level statement) → select-moved (requested, carried, shared) → check-init-cycle → render-new-module /
 *   edit-old-module / update-importers (specifiers respelled as moves respell them: extract-specifiers) → byte edits.
 * Moved text is copied verbatim; everything else changes only through byte-range insertions and removals, made
 * byte edits where the compiler's positions are read (source-text).
 */
import type ts from "typescript";
import type { ByteEdit } from "../../../model/edit.js";
import type { CreatedFile, ExtractResult } from "../../../model/extract.js";
import { InvalidInputError } from "../../../shared/errors.js";
import { isScriptFile } from "../script-files.js";
import { checkInitCycle } from "./check-init-cycle.js";
import { collectReferences } from "./collect-references.js";
import { editOldModule } from "./edit-old-module.js";
import { createExtractSpecifiers } from "./extract-specifiers.js";
import { loadProject, type LoadedProject } from "./load-project.js";
import { importInsertionPoint } from "./render-imports.js";
import { renderNewModule, type NewModuleParts } from "./render-new-module.js";
import { checkCrossWrites, resolveRequested, selectMoved, type MoveSelection } from "./select-moved.js";
import type { SourceText } from "./source-text.js";
import { toFileEdits } from "./text-ranges.js";
import { detectEol } from "../../../shared/text-lines.js";
import { outlineModule } from "./top-level-units.js";
import { updateImporters } from "./update-importers.js";
import type { ExtractRequest } from "./types.js";

const editKind = "extract";

function checkRequest(request: ExtractRequest, loaded: LoadedProject): void {
  const { from, to } = request;
  if (!loaded.fileOf(from))
    throw new InvalidInputError(`extract: ${from} is not a TypeScript/JavaScript file in scope`);
  if (from === to) throw new InvalidInputError(`extract: from and to are the same module (${from})`);
  if (!isScriptFile(to)) throw new InvalidInputError(`extract: ${to} is not a TypeScript/JavaScript module path`);
  if (request.files.includes(to) && !loaded.fileOf(to))
    throw new InvalidInputError(`extract: ${to} exists but is not a module in scope`);
  if (request.symbols.length === 0) throw new InvalidInputError("extract: no symbols to move");
}

/** Maps each import declaration of a parsed file to the root-relative path it resolves to. */
function importResolver(loaded: LoadedProject, rel: string): (declaration: ts.ImportDeclaration) => string | undefined {
  return (declaration) => loaded.resolveDeclaration(rel, declaration);
}

/** The new module's whole text: import lines, a blank line, the moved declarations, a final newline. */
function composeNewModule(parts: NewModuleParts, eol: string): string {
  const head = parts.importLines.length > 0 ? parts.importLines.join(eol) + eol + eol : "";
  return head + parts.body + eol;
}

/** Edits appending the moved code to an existing target: imports after its imports, declarations at its end. */
function appendToTarget(source: SourceText, sourceFile: ts.SourceFile, parts: NewModuleParts, eol: string): ByteEdit[] {
  const text = source.text;
  const edits: ByteEdit[] = parts.mergedImports.map(({ list, elements }) => {
    const last = list.elements[list.elements.length - 1]!;
    return source.edit(last.getEnd(), last.getEnd(), elements.map((e) => ", " + e).join(""));
  });
  if (parts.importLines.length > 0) {
    const point = importInsertionPoint(text, sourceFile);
    const lead = point.index === text.length && text.length > 0 && !text.endsWith("\n") ? eol : "";
    edits.push(
      source.edit(
        point.index,
        point.index,
        lead + parts.importLines.map((l) => l + eol).join("") + (point.afterImports ? "" : eol),
      ),
    );
  }
  const separator = text.length === 0 ? "" : text.endsWith("\n") ? eol : eol + eol;
  edits.push(source.edit(text.length, text.length, separator + parts.body + eol));
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
  const oldFile = loaded.fileOf(from)!;
  const oldSource = loaded.textOf(from);
  const oldText = oldSource.text;
  if (oldFile.text !== oldText)
    throw new InvalidInputError(`extract: ${from} could not be parsed byte for byte (byte order mark?)`);
  const outline = outlineModule(oldFile);
  const graph = collectReferences(oldFile, outline, loaded.checker);
  const selection = selectMoved(outline, graph, resolveRequested(outline, request.symbols, from));
  const respellWarnings: string[] = [];
  const specifiers = createExtractSpecifiers(request, loaded, respellWarnings);
  const eol = detectEol(oldText);
  checkCrossWrites(outline, graph, selection, { from, to }, oldFile);
  checkInitCycle({ outline, graph, selection, hasShim: shim, from, to, sourceFile: oldFile });

  const targetFile = loaded.fileOf(to);
  const target = targetFile
    ? { file: targetFile, outline: outlineModule(targetFile), resolveImport: importResolver(loaded, to) }
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
      specifiers,
      target,
    },
    eol,
  );
  const oldEdits = editOldModule({
    from,
    to,
    source: oldSource,
    sourceFile: oldFile,
    outline,
    graph,
    selection,
    shim,
    specifiers,
    eol,
  });
  const importers = updateImporters({
    loaded,
    from,
    to,
    exportedMoved: selection.moved.filter((u) => u.isExported),
    shim,
    specifiers,
  });

  const editsByFile = new Map(importers.editsByFile);
  editsByFile.set(from, oldEdits);
  const creates: CreatedFile[] = [];
  if (target) {
    const targetEdits = appendToTarget(loaded.textOf(to), target.file, parts, eol);
    editsByFile.set(to, [...(editsByFile.get(to) ?? []), ...targetEdits]);
  } else {
    creates.push({ path: to, content: composeNewModule(parts, eol) });
  }
  const edits = [...editsByFile.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([file, list]) => toFileEdits(file, loaded.textOf(file), list, editKind));
  const names = (units: typeof selection.moved): string[] => units.flatMap((u) => u.names);
  return {
    edits,
    creates,
    movedSymbols: names(selection.moved),
    carriedHelpers: names(selection.carried),
    sharedHelpers: names(selection.shared),
    importersUpdated: [...importers.editsByFile.keys()].sort(),
    warnings: [...privateLeftovers(selection, to), ...importers.warnings, ...respellWarnings],
  };
}
