import type ts from "typescript";
import type { ByteEdit } from "../../../model/edit.js";
import { InvalidInputError } from "../../../shared/errors.js";
import { loadTypeScript } from "../../../shared/typescript.js";
import type { ExtractSpecifiers } from "./extract-specifiers.js";
import type { LoadedProject } from "./load-project.js";
import { renderImportLine, quoteOf } from "./render-imports.js";
import type { SourceText } from "./source-text.js";
import { removeListElements, statementEndOf } from "./text-ranges.js";
import { detectEol, nextLineStartOf } from "../../../shared/text-lines.js";
import type { DeclarationUnit } from "./top-level-units.js";

/** What importers need to know about the step. */
export interface ImporterContext {
  loaded: LoadedProject;
  from: string;
  to: string;
  /** Moved units the old module exported: the names importers may use. */
  exportedMoved: readonly DeclarationUnit[];
  shim: boolean;
  specifiers: ExtractSpecifiers;
}

/** Byte edits per importer, and notes for the plan. */
export interface ImporterEdits {
  editsByFile: Map<string, ByteEdit[]>;
  warnings: string[];
}

type ListDeclaration = ts.ImportDeclaration | ts.ExportDeclaration;

function nameOf(element: ts.ImportSpecifier | ts.ExportSpecifier): string {
  return (element.propertyName ?? element.name).text;
}

function locate(file: string, sourceFile: ts.SourceFile, node: ts.Node): string {
  const at = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  return `${file}:${at.line + 1}:${at.character + 1}`;
}

/** The specifier an importer should use for the new module, in the style of the one it used for the old. */
function newSpecifierFor(
  context: ImporterContext,
  importer: string,
  declaration: ListDeclaration,
  warnings: string[],
): string {
  const respelled = context.specifiers.repointed(importer, declaration);
  if (respelled !== undefined) return respelled;
  const written = (declaration.moduleSpecifier as ts.StringLiteral).text;
  warnings.push(
    `${importer}: "${written}" is not relative; the moved names are imported from a relative specifier instead`,
  );
  return context.specifiers.between(importer, context.to);
}

/** Re-points the moved names of one `import { … } from` / `export { … } from` list at the new module. */
function splitList(
  context: ImporterContext,
  importer: string,
  sf: ts.SourceFile,
  declaration: ListDeclaration,
  warnings: string[],
): ByteEdit[] {
  const ts = loadTypeScript();
  const source = context.loaded.textOf(importer);
  const isImport = ts.isImportDeclaration(declaration);
  const clause = isImport ? declaration.importClause : undefined;
  const list = isImport ? clause?.namedBindings : declaration.exportClause;
  if (!list || !(ts.isNamedImports(list) || ts.isNamedExports(list))) return [];
  const elements: readonly (ts.ImportSpecifier | ts.ExportSpecifier)[] = list.elements;
  const movedNames = new Set(context.exportedMoved.flatMap((u) => u.names));
  const removed = new Set(elements.flatMap((e, i) => (movedNames.has(nameOf(e)) ? [i] : [])));
  if (removed.size === 0) return [];
  const text = sf.text;
  const specifierNode = declaration.moduleSpecifier as ts.StringLiteral;
  const lineRange = (): ByteEdit =>
    source.edit(
      text.lastIndexOf("\n", declaration.getStart(sf) - 1) + 1,
      nextLineStartOf(text, statementEndOf(text, declaration)),
    );
  const ranges = removeListElements(source, elements, removed);
  const hasDefault = clause?.name !== undefined;
  if (importer === context.to) {
    // The names now live in this very module: drop them from the list. A local alias would dangle, so it
    // keeps importing through the shim.
    const aliased = [...removed].filter((i) => elements[i]!.propertyName !== undefined);
    for (const i of aliased) {
      const where = locate(importer, sf, elements[i]!);
      if (!context.shim)
        throw new InvalidInputError(
          `extract: ${where} imports ${elements[i]!.getText(sf)} from ${context.from}; rename the alias before extracting with shim: false`,
        );
      warnings.push(`${where} keeps importing ${elements[i]!.getText(sf)} through the shim in ${context.from}`);
      removed.delete(i);
    }
    if (removed.size === 0) return [];
    const local = removeListElements(source, elements, removed);
    if (local === "all" && !hasDefault) return [lineRange()];
    return local === "all" ? [source.edit(clause!.name!.getEnd(), list.getEnd())] : local;
  }
  const specifier = newSpecifierFor(context, importer, declaration, warnings);
  if (ranges === "all" && !hasDefault) {
    return [source.edit(specifierNode.getStart(sf) + 1, specifierNode.getEnd() - 1, specifier)];
  }
  const line = renderImportLine({
    keyword: isImport ? "import" : "export",
    isTypeOnly: isImport ? clause!.isTypeOnly : declaration.isTypeOnly,
    named: [...removed].map((i) => elements[i]!.getText(sf)),
    specifier,
    quote: quoteOf(specifierNode, sf),
    eol: detectEol(text),
  });
  const end = statementEndOf(text, declaration);
  const edits: ByteEdit[] = ranges === "all" ? [source.edit(clause!.name!.getEnd(), list.getEnd())] : ranges;
  edits.push(source.edit(end, end, detectEol(text) + line));
  return edits;
}

/** Uses of moved names through a namespace import (`m.addFeatures`), as `file:line:col`. */
function namespaceUses(context: ImporterContext, importer: string, raw: ts.SourceFile, alias: ts.Identifier): string[] {
  const ts = loadTypeScript();
  const checker = context.loaded.checker;
  const target = checker.getSymbolAtLocation(alias);
  const movedNames = new Set(context.exportedMoved.flatMap((u) => u.names));
  const uses: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) || ts.isQualifiedName(node)) {
      const left = ts.isPropertyAccessExpression(node) ? node.expression : node.left;
      const right = ts.isPropertyAccessExpression(node) ? node.name : node.right;
      if (
        ts.isIdentifier(left) &&
        ts.isIdentifier(right) &&
        movedNames.has(right.text) &&
        checker.getSymbolAtLocation(left) === target
      ) {
        uses.push(`${locate(importer, raw, node)} ${node.getText(raw)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(raw);
  return uses;
}

/** Edits for one importer: moved names re-pointed; namespace, star and dynamic imports checked when there is no shim. */
function updateImporter(
  context: ImporterContext,
  importer: string,
  raw: ts.SourceFile,
  warnings: string[],
  errors: string[],
): ByteEdit[] {
  const ts = loadTypeScript();
  const source: SourceText = context.loaded.textOf(importer);
  const edits: ByteEdit[] = [];
  const resolvesToOld = (declaration: ListDeclaration): boolean =>
    context.loaded.resolveDeclaration(importer, declaration) === context.from;
  for (const node of raw.statements) {
    if (!ts.isImportDeclaration(node) || !resolvesToOld(node)) continue;
    edits.push(...splitList(context, importer, raw, node, warnings));
    const named = node.importClause?.namedBindings;
    if (!context.shim && named && ts.isNamespaceImport(named))
      errors.push(...namespaceUses(context, importer, raw, named.name));
  }
  for (const node of raw.statements) {
    if (!ts.isExportDeclaration(node) || !node.moduleSpecifier || !resolvesToOld(node)) continue;
    if (node.exportClause && ts.isNamedExports(node.exportClause)) {
      edits.push(...splitList(context, importer, raw, node, warnings));
    } else if (!context.shim && node.exportClause) {
      warnings.push(
        `${locate(importer, raw, node)} re-exports ${context.from} as a namespace; its moved members now live in ${context.to}`,
      );
    } else if (!context.shim && importer !== context.to) {
      const values = context.exportedMoved.map((u) => (u.isTypeOnly ? `type ${u.names[0]!}` : u.names[0]!));
      const specifierNode = node.moduleSpecifier as ts.StringLiteral;
      const specifier = newSpecifierFor(context, importer, node, warnings);
      const end = statementEndOf(raw.text, node);
      const line = renderImportLine({
        keyword: "export",
        isTypeOnly: node.isTypeOnly,
        named: values,
        specifier,
        quote: quoteOf(specifierNode, raw),
        eol: detectEol(raw.text),
      });
      edits.push(source.edit(end, end, detectEol(raw.text) + line));
    }
  }
  if (!context.shim) {
    const visit = (node: ts.Node): void => {
      const isDynamic = ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const argument = isDynamic
        ? node.arguments[0]
        : ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)
          ? node.argument.literal
          : undefined;
      const kind = isDynamic ? "dynamic-import" : "import-type";
      if (
        argument &&
        ts.isStringLiteralLike(argument) &&
        context.loaded.resolvePath(importer, argument.text, kind) === context.from
      ) {
        warnings.push(
          `${locate(importer, raw, node)} imports ${context.from} dynamically; moved names are no longer there without the shim`,
        );
      }
      ts.forEachChild(node, visit);
    };
    visit(raw);
  }
  return edits;
}

/** Re-points every importer of the old module at the new one for the moved names. */
export function updateImporters(context: ImporterContext): ImporterEdits {
  const editsByFile = new Map<string, ByteEdit[]>();
  const warnings: string[] = [];
  const errors: string[] = [];
  for (const importer of context.loaded.sources) {
    if (importer === context.from) continue;
    const edits = updateImporter(context, importer, context.loaded.fileOf(importer)!, warnings, errors);
    if (edits.length > 0) editsByFile.set(importer, edits);
  }
  if (errors.length > 0) {
    throw new InvalidInputError(
      `extract: shim is off but namespace imports of ${context.from} use moved names: ${errors.join("; ")}`,
    );
  }
  return { editsByFile, warnings };
}
