/*
 * The Python extract planner. Pipeline (each step one file of this folder):
 *   project-modules (module names, lazy parses) → outline-module (units, import bindings, other statements)
 *   → reference-graph (scopes resolve every name of every top-level statement) → select-moved (requested,
 *   carried, shared) → load-effects / cross writes / check-import-cycle → repoint-importers,
 *   compose-new-module, edit-old-module → byte edits.
 * Moved text is copied verbatim; everything else changes only through byte-range insertions and removals.
 */
import { InvalidInputError } from "../../../shared/errors.js";
import type { PythonNode } from "../parse-python.js";
import type { CreatedFile, ExtractResult } from "../../../model/extract.js";
import { moduleNameOf } from "../module-index.js";
import { packageOfFile } from "../plan-file-edits.js";
import { type CharEdit, toByteEdits } from "./char-edits.js";
import { detectEol } from "../../../shared/text-lines.js";
import { checkImportCycle } from "./check-import-cycle.js";
import {
  appendToAll,
  composeBody,
  composeNewModule,
  importGapOf,
  importInsertionPoint,
  insertionText,
} from "./compose-new-module.js";
import { editOldModule } from "./edit-old-module.js";
import { loadEffectOf } from "./load-effects.js";
import { entryGuardName, outlineModule, type PyBinding, type PyOutline, type PyUnit } from "./outline-module.js";
import { detectPackageLayout, packageInitsFor } from "./package-layout.js";
import {
  absoluteFromModule,
  createProjectModules,
  type ParsedFile,
  type ProjectModules,
  withPackages,
} from "./project-modules.js";
import { builtinNames } from "./python-builtins.js";
import { buildReferenceGraph, type ReferenceGraph } from "./reference-graph.js";
import { renderImportFor, spellModule } from "./render-imports.js";
import { namesOthersUse, repointImporters } from "./repoint-importers.js";
import {
  checkCrossWrites,
  resolveRequested,
  selectMoved,
  stayingStatements,
  type PySelection,
} from "./select-moved.js";
import { attachedStartOf, blankLinesAbove, statementEndOf } from "./statement-ranges.js";
import type { PythonExtractRequest } from "./types.js";

const editKind = "extract";

/** True for paths the Python planner handles. */
function isPythonModulePath(path: string): boolean {
  return path.endsWith(".py");
}

function parseChecked(project: ProjectModules, path: string): ParsedFile {
  const file = project.parse(path);
  if (!file) throw new InvalidInputError(`extract: ${path} is not a UTF-8 Python file in scope`);
  if (file.text.startsWith("\uFEFF"))
    throw new InvalidInputError(`extract: ${path} starts with a byte order mark; remove it first`);
  if (file.tree.rootNode.hasError) {
    const error = file.tree.rootNode.descendantsOfType("ERROR")[0] ?? file.tree.rootNode;
    throw new InvalidInputError(`extract: ${path}:${error.startPosition.row + 1}: syntax error; fix it first`);
  }
  return file;
}

/** Whether relative imports fit this module: it uses them for its own package, or the project mostly does. */
function prefersRelative(file: ParsedFile, project: ProjectModules): boolean {
  if (!file.package) return false;
  const top = file.package.split(".")[0]!;
  const count = (f: ParsedFile): { relative: number; absolute: number } => {
    let relative = 0;
    let absolute = 0;
    for (const node of f.tree.rootNode.descendantsOfType("import_from_statement")) {
      const moduleNode = node.childForFieldName("module_name");
      if (moduleNode?.type === "relative_import") relative++;
      else if (moduleNode?.text.split(".")[0] === top) absolute++;
    }
    return { relative, absolute };
  };
  // Ties go to absolute imports, which PEP 8 recommends.
  const own = count(file);
  if (own.relative + own.absolute > 0) return own.relative > own.absolute;
  let relative = 0;
  let absolute = 0;
  for (const path of project.pythonFiles.filter((p) => p.startsWith(`${top}/`)).slice(0, 50)) {
    const other = project.parse(path);
    if (!other) continue;
    const counted = count(other);
    relative += counted.relative;
    absolute += counted.absolute;
  }
  return relative > absolute;
}

/** The old module's import bindings (and star imports) the moved code needs, closed over what import blocks need themselves. */
function neededImports(
  outline: PyOutline,
  graph: ReferenceGraph,
  selection: PySelection,
  from: string,
  warnings: string[],
): { bindings: Set<PyBinding>; statements: Set<number> } {
  const bindings = new Set<PyBinding>();
  const statements = new Set<number>();
  const queue = selection.moved.flatMap((u) => graph.refsOfUnit(u));
  const undefinedNames = new Set<string>();
  while (queue.length > 0) {
    const ref = queue.shift()!;
    if (ref.target.kind === "binding") {
      for (const binding of ref.target.bindings) {
        if (bindings.has(binding)) continue;
        bindings.add(binding);
        if (!statements.has(binding.statement.startIndex)) {
          statements.add(binding.statement.startIndex);
          if (binding.kind === "block") queue.push(...graph.refsOf(binding.statement));
        }
      }
    } else if (ref.target.kind === "free" && !builtinNames.has(ref.name)) {
      if (outline.starImports.length > 0) for (const star of outline.starImports) statements.add(star.startIndex);
      else undefinedNames.add(ref.name);
    }
  }
  // Doctests of moved code run with the new module's globals: the names they use must be imported there too.
  const doctestLine = /^[ \t]*(?:>>>|\.\.\.) (.*)$/gm;
  for (const statement of selection.moved.flatMap((u) => u.statements)) {
    for (let match = doctestLine.exec(statement.text); match; match = doctestLine.exec(statement.text)) {
      if (/^(import|from)\s/.test(match[1]!)) continue;
      for (const word of new Set(match[1]!.replace(/(["']).*?\1/g, "").match(/(?<![.\w])[A-Za-z_]\w*/g) ?? [])) {
        for (const binding of outline.bindingsByName.get(word) ?? []) {
          bindings.add(binding);
          statements.add(binding.statement.startIndex);
        }
      }
    }
  }
  for (const name of undefinedNames)
    warnings.push(
      `${from}: ${name} is used by the moved code but not defined in ${from}; the new module does not define it either`,
    );
  for (const future of outline.futureImports) statements.add(future.startIndex);
  return { bindings, statements };
}

/** Names of `units` that the references use, in the units' order. */
function referencedNames(
  units: readonly PyUnit[],
  refs: readonly { name: string; target: { kind: string; unit?: PyUnit } }[],
): string[] {
  const used = new Set(
    refs.filter((r) => r.target.kind === "unit" && units.includes(r.target.unit!)).map((r) => r.name),
  );
  return units.flatMap((u) => u.names.filter((n) => used.has(n)));
}

/** Refuses carrying along, unasked, a helper that does something while the module loads. */
function checkCarriedEffects(selection: PySelection, from: string): void {
  for (const unit of selection.carried) {
    const effect = loadEffectOf(unit);
    if (!effect) continue;
    const requested = selection.requested.flatMap((u) => u.names).join(", ");
    throw new InvalidInputError(
      `extract: ${unit.names.join(", ")} (${from}:${effect.node.startPosition.row + 1}) runs ${effect.what} while ${from} loads and would move along with ${requested} unasked; list it in symbols to move it too`,
    );
  }
}

/** Plans moving top-level definitions of a Python module into another: byte-range edits of existing files and the new files. */
export function planPythonExtract(request: PythonExtractRequest): ExtractResult {
  const shim = request.shim ?? true;
  const prune = request.prune ?? false;
  const { from, to } = request;
  if (request.symbols.length === 0) throw new InvalidInputError("extract: no symbols to move");
  if (from === to) throw new InvalidInputError(`extract: from and to are the same module (${from})`);
  if (!isPythonModulePath(to)) throw new InvalidInputError(`extract: ${to} is not a Python module path (.py)`);
  const project = createProjectModules(request.files, request.readFile, request.roots);
  if (!request.files.includes(from)) throw new InvalidInputError(`extract: ${from} is not a file of the tree`);
  const oldFile = parseChecked(project, from);
  const rootsText = `python.roots [${project.roots.map((r) => r || ".").join(", ")}]`;
  if (oldFile.module === undefined)
    throw new InvalidInputError(`extract: ${from} is not importable under ${rootsText}`);
  const toNamed = moduleNameOf(to, project.roots, false);
  if (!toNamed) throw new InvalidInputError(`extract: ${to} is not importable under ${rootsText}`);
  const fromModule = oldFile.module;
  const toModule = toNamed.name;
  const targetFile = request.files.includes(to) ? parseChecked(project, to) : undefined;
  const warnings: string[] = [];

  const outline = outlineModule(oldFile.tree.rootNode, oldFile.text);
  const graph = buildReferenceGraph(outline);
  const requested = resolveRequested(outline, request.symbols, from);
  const selection = selectMoved(outline, graph, requested);
  checkCarriedEffects(selection, from);
  checkCrossWrites(outline, graph, selection, { from, to });

  const moved = new Set(selection.moved);
  const movedNames = new Set(selection.moved.flatMap((u) => u.names));
  const movedRefs = selection.moved.flatMap((u) => graph.refsOfUnit(u));
  const stayingRefs = stayingStatements(outline, moved).flatMap((s) => graph.refsOf(s));
  const sharedNames = referencedNames(selection.shared, movedRefs);
  const usedNames = new Set(referencedNames(selection.usedByOld, stayingRefs));
  const reexported = shim
    ? selection.moved.filter((u) => !u.isPrivate && u.kind !== "entry-guard").flatMap((u) => u.names)
    : [];
  const importedNames = selection.moved
    .flatMap((u) => u.names)
    .filter((n) => n !== entryGuardName && (usedNames.has(n) || reexported.includes(n)));
  const eol = detectEol(oldFile.text);
  const newPackage = packageOfFile(to, toModule);
  const relative = prefersRelative(oldFile, project);
  const needed = neededImports(outline, graph, selection, from, warnings);
  const places = { oldPackage: oldFile.package, newPackage, warn: (m: string) => warnings.push(`${to}: ${m}`) };

  const copiedStatements = outline.importStatements.filter((s) => needed.statements.has(s.startIndex));
  const newModuleImports = copiedStatements.flatMap((s) => {
    if (s.type === "import_from_statement") {
      const absolute = absoluteFromModule(s, oldFile.package);
      return absolute ? withPackages(absolute) : [];
    }
    return s.type === "import_statement"
      ? s.childrenForFieldName("name").flatMap((n) => withPackages((n.childForFieldName("name") ?? n).text))
      : [];
  });
  // An existing target keeps its own imports, except imports of the old module that only brought moved names.
  if (targetFile) {
    const onlyMovedFromOld = targetFile.tree.rootNode
      .descendantsOfType("import_from_statement")
      .filter((s) => absoluteFromModule(s, targetFile.package) === fromModule)
      .every((s) =>
        s.childrenForFieldName("name").every((n) => movedNames.has((n.childForFieldName("name") ?? n).text)),
      );
    for (const module of project.loadTimeImports(to))
      if (!(module === fromModule && onlyMovedFromOld)) newModuleImports.push(module);
  }
  checkImportCycle({
    project,
    from,
    to,
    fromModule,
    toModule,
    newModuleImports,
    sharedNames,
    oldImportsNames: importedNames,
    onlyShim: usedNames.size === 0,
  });

  for (const unit of selection.moved.filter((u) => u.kind !== "entry-guard"))
    for (const ref of graph.refsOfUnit(unit))
      if ((ref.name === "__file__" || ref.name === "__name__") && ref.target.kind === "free")
        warnings.push(
          `${from}:${ref.node.startPosition.row + 1}: ${unit.names[0]} reads ${ref.name}, which is ${to}'s in the new module`,
        );

  const guard = selection.moved.find((u) => u.kind === "entry-guard");
  if (guard)
    warnings.push(
      `${from}:${guard.statements[0]!.startPosition.row + 1}: the \`if __name__ == "__main__":\` block moves: it runs when ${to} is run, no longer ${from}`,
    );
  const movedStatements = selection.moved.flatMap((u) => u.statements).sort((a, b) => a.startIndex - b.startIndex);
  const movedRanges = movedStatements.map((s) => ({ start: attachedStartOf(s, oldFile.text), end: statementEndOf(s) }));
  const repointed = repointImporters({
    project,
    from,
    to,
    fromModule,
    toModule,
    movedNames,
    usedByOldNames: usedNames,
    usedByMovedNames: new Set(
      movedRefs
        .filter(
          (r) =>
            r.target.kind === "unit" && moved.has(r.target.unit) && !r.target.unit.statements.includes(r.statement),
        )
        .map((r) => r.name),
    ),
    lookupsMoved: new Set(
      movedRefs
        .filter((r) => r.target.kind === "binding" && !stayingRefs.some((s) => s.name === r.name && !s.isWrite))
        .map((r) => r.name),
    ),
    shim,
    movedRanges,
    newPackage,
    eol,
  });
  warnings.push(...repointed.warnings);
  const oldRefEdits = repointed.editsByFile.get(from) ?? [];
  const inMoved = (e: CharEdit): boolean => movedRanges.some((r) => e.start >= r.start && e.end <= r.end);

  const render = (s: PythonNode): string =>
    renderImportFor(
      s,
      [...needed.bindings].filter((b) => b.statement.startIndex === s.startIndex),
      places,
      eol,
    );
  const futureLines = copiedStatements.filter((s) => s.type === "future_import_statement").map(render);
  // Import groups stay apart as in the old module (an empty line stands for a blank line).
  const otherLines: string[] = [];
  for (const statement of copiedStatements.filter((s) => s.type !== "future_import_statement")) {
    if (otherLines.length > 0 && blankLinesAbove(statement, oldFile.text) > 0) otherLines.push("");
    otherLines.push(render(statement));
  }
  if (sharedNames.length > 0) {
    if (otherLines.length > 0) otherLines.push("");
    otherLines.push(`from ${spellModule(fromModule, newPackage, relative)} import ${sharedNames.join(", ")}`);
  }
  const allNames = (outline.all?.names ?? []).filter((n) => movedNames.has(n));
  const body = composeBody(outline, movedStatements, oldRefEdits.filter(inMoved), eol);

  const old = editOldModule({
    from,
    outline,
    graph,
    selection,
    newModuleSpelled: spellModule(toModule, oldFile.package, relative),
    importedNames,
    reexported,
    shim,
    prune,
    importedByOthers: namesOthersUse(project, from, fromModule),
    isProjectImport: (statement) => {
      const absolute =
        statement.type === "import_from_statement"
          ? absoluteFromModule(statement, oldFile.package)
          : statement.childrenForFieldName("name")[0]?.text;
      const top = absolute?.split(/[.\s]/)[0] ?? "";
      return statement.type !== "future_import_statement" && top !== "" && project.index.modules.has(top);
    },
    eol,
  });
  if (!prune)
    for (const unused of old.unusedImports)
      warnings.push(`${unused} is only used by the moved code; it stays, unused (prune: true removes it)`);

  const charEdits = new Map(repointed.editsByFile);
  charEdits.set(from, [...oldRefEdits.filter((e) => !inMoved(e)), ...old.edits]);
  const creates: CreatedFile[] = [];
  if (targetFile) {
    charEdits.set(to, [
      ...(charEdits.get(to) ?? []),
      ...appendToTarget(targetFile, {
        fromModule,
        neededNames: [...[...needed.bindings].map((b) => b.localName), ...sharedNames],
        futureLines,
        importLines: otherLines,
        body,
        allNames,
        movedNames,
        from,
        to,
        eol,
      }),
    ]);
  } else {
    creates.push({
      path: to,
      content: composeNewModule(
        { futureLines, importLines: otherLines, allNames, body, importGap: importGapOf(outline, movedStatements[0]!) },
        outline,
        eol,
      ),
    });
    const root = project.roots[toNamed.rootIndex]!;
    for (const init of packageInitsFor(project, to, root, detectPackageLayout(project)))
      creates.push({ path: init, content: "" });
  }
  const edits = [...charEdits.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([file, list]) => toByteEdits(file, project.readText(file)!, list, editKind));
  const names = (units: readonly PyUnit[]): string[] => units.flatMap((u) => u.names);
  return {
    edits,
    creates,
    movedSymbols: names(selection.moved),
    carriedHelpers: names(selection.carried),
    sharedHelpers: sharedNames,
    importersUpdated: [...repointed.editsByFile.keys()].filter((f) => f !== from && f !== to).sort(),
    warnings,
  };
}

interface TargetParts {
  fromModule: string;
  /** Names the moved code imports (its copied imports and the shared helpers). */
  neededNames: string[];
  futureLines: string[];
  importLines: string[];
  body: string;
  allNames: string[];
  movedNames: ReadonlySet<string>;
  from: string;
  to: string;
  eol: string;
}

/** Edits appending the moved code to an existing module: imports after its imports, code at its end, `__all__` extended. */
function appendToTarget(target: ParsedFile, parts: TargetParts): CharEdit[] {
  const outline = outlineModule(target.tree.rootNode, target.text);
  const { text } = outline;
  for (const name of parts.movedNames) {
    // Importing a moved name from the old module is fine: that import goes (see repoint-importers).
    const bindings = (outline.bindingsByName.get(name) ?? []).filter(
      (b) => b.kind !== "from" || absoluteFromModule(b.statement, target.package) !== parts.fromModule,
    );
    if (outline.unitByName.has(name) || bindings.length > 0)
      throw new InvalidInputError(`extract: ${parts.to} already defines ${name}`);
  }
  for (const name of parts.neededNames)
    if (outline.unitByName.has(name))
      throw new InvalidInputError(`extract: ${parts.to} defines ${name}, which the moved code imports from elsewhere`);
  const existing = new Set(outline.importStatements.map((s) => s.text.replace(/\s+/g, " ")));
  const lines = [...parts.futureLines, ...parts.importLines].filter(
    (line) => line !== "" && !existing.has(line.replace(/\s+/g, " ")),
  );
  const edits: CharEdit[] = [];
  if (lines.length > 0) {
    const point = importInsertionPoint(outline);
    edits.push({ start: point.index, end: point.index, text: insertionText(text, point, lines, parts.eol) });
  }
  const endsWithNewline = text.endsWith("\n");
  const separator = text.length === 0 ? "" : (endsWithNewline ? "" : parts.eol) + parts.eol + parts.eol;
  edits.push({ start: text.length, end: text.length, text: separator + parts.body + parts.eol });
  if (outline.all)
    edits.push(
      ...appendToAll(
        outline.all,
        parts.allNames.filter((n) => !outline.all!.names.includes(n)),
        text,
        parts.eol,
      ),
    );
  return edits;
}
