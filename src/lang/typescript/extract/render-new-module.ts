import type ts from "typescript";
import { InvalidInputError } from "../../../shared/errors.js";
import { loadTypeScript } from "../../../shared/typescript.js";
import type { Reference, ReferenceGraph } from "./collect-references.js";
import { namedElementsOf, preferredQuote, quoteOf, renderImportLine } from "./render-imports.js";
import type { MoveSelection } from "./select-moved.js";
import type { ExtractSpecifiers } from "./extract-specifiers.js";
import { attachedStartOf, statementEndOf } from "./text-ranges.js";
import type { DeclarationUnit, ImportBinding, ModuleOutline } from "./top-level-units.js";

/** The old module, analysed, and where its declarations go. */
export interface NewModuleContext {
  from: string;
  to: string;
  oldText: string;
  oldFile: ts.SourceFile;
  outline: ModuleOutline;
  graph: ReferenceGraph;
  selection: MoveSelection;
  /** Root-relative path an import declaration of the old module resolves to. */
  resolveImport(declaration: ts.ImportDeclaration): string | undefined;
  specifiers: ExtractSpecifiers;
  /** The target module when it already exists. */
  target?: {
    file: ts.SourceFile;
    outline: ModuleOutline;
    resolveImport(declaration: ts.ImportDeclaration): string | undefined;
  };
}

/** The new module's parts: import lines, and the moved declarations' text verbatim. */
export interface NewModuleParts {
  importLines: string[];
  /** Names to add to import lists the existing target already has for the same module. */
  mergedImports: { list: ts.NamedImports; elements: string[] }[];
  body: string;
}

/** Where `export ` goes in front of a declaration: after its decorators, before other modifiers and the keyword. */
export function exportKeywordIndex(statement: ts.Statement, text: string): number {
  const ts = loadTypeScript();
  const decorators = ts.canHaveDecorators(statement) ? (ts.getDecorators(statement) ?? []) : [];
  const last = decorators[decorators.length - 1];
  if (!last) return statement.getStart();
  const rest = text.slice(last.getEnd());
  return last.getEnd() + (rest.match(/^\s*/)?.[0].length ?? 0);
}

/** Moved statements in source order, verbatim; text between adjacent ones is kept as it was. */
function renderBody(context: NewModuleContext, exportNow: ReadonlySet<ts.Statement>, eol: string): string {
  const { oldText, oldFile } = context;
  const moved = new Set(context.selection.moved.flatMap((u) => u.statements));
  const statements = oldFile.statements;
  let body = "";
  let previous = -2;
  statements.forEach((statement, index) => {
    if (!moved.has(statement)) return;
    const start = attachedStartOf(oldText, statement);
    if (body !== "") {
      // Keep the original spacing between neighbours; a detached comment between them stays in the old module.
      const gap = previous === index - 1 ? oldText.slice(statementEndOf(oldText, statements[previous]!), start) : "";
      body += /^\s+$/.test(gap) ? gap : eol + eol;
    }
    const end = statementEndOf(oldText, statement);
    if (exportNow.has(statement)) {
      const at = exportKeywordIndex(statement, oldText);
      body += oldText.slice(start, at) + "export " + oldText.slice(at, end);
    } else {
      body += oldText.slice(start, end);
    }
    previous = index;
  });
  return body;
}

/** Bindings of one import declaration the moved code uses, with whether every use is a type. */
function usedBindings(refs: readonly Reference[]): Map<ImportBinding, boolean> {
  const used = new Map<ImportBinding, boolean>();
  for (const ref of refs) {
    if (ref.target.kind !== "binding") continue;
    used.set(ref.target.binding, (used.get(ref.target.binding) ?? true) && ref.isTypeOnly);
  }
  return used;
}

function targetHasBinding(context: NewModuleContext, resolved: string | undefined, binding: ImportBinding): boolean {
  const target = context.target;
  if (!target || resolved === undefined) return false;
  return target.outline.bindings.some(
    (b) =>
      b.localName === binding.localName &&
      b.node.kind === binding.node.kind &&
      target.resolveImport(b.declaration) === resolved,
  );
}

/** An import list of the existing target, from the same module and of the same kind, that can take more names. */
function mergeableList(
  context: NewModuleContext,
  resolved: string | undefined,
  isTypeOnly: boolean,
): ts.NamedImports | undefined {
  const ts = loadTypeScript();
  const target = context.target;
  if (!target || resolved === undefined) return undefined;
  for (const statement of target.file.statements) {
    if (!ts.isImportDeclaration(statement) || target.resolveImport(statement) !== resolved) continue;
    const clause = statement.importClause;
    if (
      clause?.namedBindings &&
      ts.isNamedImports(clause.namedBindings) &&
      clause.isTypeOnly === isTypeOnly &&
      clause.namedBindings.elements.length > 0
    ) {
      return clause.namedBindings;
    }
  }
  return undefined;
}

/** Import lines for the old module's imports the moved code uses, re-pointed from the new location. */
function renderCarriedImports(
  context: NewModuleContext,
  used: Map<ImportBinding, boolean>,
  merged: NewModuleParts["mergedImports"],
  eol: string,
): string[] {
  const ts = loadTypeScript();
  const lines: string[] = [];
  const declarations = [...new Set([...used.keys()].map((b) => b.declaration))].sort((a, b) => a.pos - b.pos);
  for (const declaration of declarations) {
    const resolved = context.resolveImport(declaration);
    if (resolved === context.to) continue;
    const bindings = [...used.keys()]
      .filter((b) => b.declaration === declaration && !targetHasBinding(context, resolved, b))
      .sort((a, b) => a.node.pos - b.node.pos);
    if (bindings.length === 0) continue;
    const specifierNode = declaration.moduleSpecifier as ts.StringLiteral;
    const specifier = context.specifiers.carried(declaration);
    const clause = declaration.importClause!;
    const list = bindings.every((b) => ts.isImportSpecifier(b.node))
      ? mergeableList(context, resolved, clause.isTypeOnly)
      : undefined;
    if (list) {
      merged.push({ list, elements: bindings.map((b) => b.node.getText(context.oldFile)) });
      continue;
    }
    const attributes = declaration.attributes ? " " + declaration.attributes.getText(context.oldFile) : "";
    lines.push(
      renderImportLine({
        keyword: "import",
        isTypeOnly: clause.isTypeOnly,
        defaultName: bindings.find((b) => ts.isImportClause(b.node))?.localName,
        namespaceName: bindings.find((b) => ts.isNamespaceImport(b.node))?.localName,
        named: bindings.filter((b) => ts.isImportSpecifier(b.node)).map((b) => b.node.getText(context.oldFile)),
        specifier,
        quote: quoteOf(specifierNode, context.oldFile),
        attributes,
        eol,
      }),
    );
  }
  return lines;
}

/** Refuses a move into an existing module that already declares, or imports from elsewhere, a name the moved code brings or needs. */
function checkNameClashes(context: NewModuleContext, usedBindings: readonly ImportBinding[]): void {
  const target = context.target;
  if (!target) return;
  const clashes = (name: string, allowedFrom: string | undefined): boolean =>
    target.outline.unitByName.has(name) ||
    target.outline.bindings.some(
      (b) => b.localName === name && (allowedFrom === undefined || target.resolveImport(b.declaration) !== allowedFrom),
    );
  const needed: [string, string | undefined][] = [
    ...context.selection.moved.flatMap((u) => u.names.map((n): [string, string] => [n, context.from])),
    ...context.selection.shared.flatMap((u) => u.names.map((n): [string, string] => [n, context.from])),
    ...usedBindings.map((b): [string, string | undefined] => [b.localName, context.resolveImport(b.declaration)]),
  ];
  for (const [name, from] of needed) {
    // Bindings the old module imported from the target are the target's own names: nothing to import.
    if (from === context.to) continue;
    if (clashes(name, from)) throw new InvalidInputError(`extract: ${context.to} already declares or imports ${name}`);
  }
}

/** Renders what the new module needs: the carried imports, an import of shared helpers, the moved code. */
export function renderNewModule(context: NewModuleContext, eol: string): NewModuleParts {
  const ts = loadTypeScript();
  const { graph, selection } = context;
  const movedRefs = selection.moved.flatMap((u) => graph.refsOfUnit(u));
  checkNameClashes(context, [...usedBindings(movedRefs).keys()]);
  const mergedImports: NewModuleParts["mergedImports"] = [];
  const importLines = renderCarriedImports(context, usedBindings(movedRefs), mergedImports, eol);
  const target = context.target;
  // An existing target may already import some shared helpers from the old module under their own names.
  const alreadyImported = (unit: DeclarationUnit): boolean =>
    target?.outline.bindings.some(
      (b) =>
        ts.isImportSpecifier(b.node) &&
        !b.node.propertyName &&
        b.localName === unit.names[0] &&
        target.resolveImport(b.declaration) === context.from,
    ) === true;
  const shared = selection.shared.filter((u) => !alreadyImported(u));
  if (shared.length > 0) {
    const typeUse = (unit: DeclarationUnit): boolean =>
      unit.isTypeOnly || movedRefs.every((r) => r.target.kind !== "unit" || r.target.unit !== unit || r.isTypeOnly);
    const { named, isTypeOnly } = namedElementsOf(shared, typeUse);
    const specifier = context.specifiers.between(context.to, context.from);
    importLines.push(
      renderImportLine({
        keyword: "import",
        isTypeOnly,
        named,
        specifier,
        quote: preferredQuote(context.oldFile),
        eol,
      }),
    );
  }
  const exportNow = new Set(
    selection.usedByOld.filter((u) => !u.isExported && !selection.carried.includes(u)).flatMap((u) => u.statements),
  );
  return { importLines, mergedImports, body: renderBody(context, exportNow, eol) };
}
