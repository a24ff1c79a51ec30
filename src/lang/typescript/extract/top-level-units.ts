import type ts from "typescript";
import { loadTypeScript } from "../../../shared/typescript.js";

/** One top-level declared name with every statement that declares it (overloads, merged interfaces…). */
export interface DeclarationUnit {
  /** Index in source order (stable key). */
  id: number;
  /** Names the statements declare (several for `const a = 1, b = 2`). */
  names: string[];
  statements: ts.Statement[];
  /** Declared with the `export` keyword. */
  isExported: boolean;
  /** `export default function f` / `export default class C`, or named by `export default f`. */
  isDefaultExport: boolean;
  /** Declares only types (interfaces, type aliases, `declare`d or non-instantiated namespaces). */
  isTypeOnly: boolean;
  /** Hoisted function declarations only: reading the binding never hits the temporal dead zone. */
  isHoisted: boolean;
  /** Uses a destructuring pattern, which the codemod does not split. */
  isDestructuring: boolean;
}

/** A binding that one import declaration of the module brings into scope. */
export interface ImportBinding {
  /** The node declaring the local name: ImportClause (default), NamespaceImport or ImportSpecifier. */
  node: ts.ImportClause | ts.NamespaceImport | ts.ImportSpecifier;
  declaration: ts.ImportDeclaration;
  localName: string;
  /** Type-only at the declaration (`import type`) or on the specifier (`type X`). */
  isTypeOnly: boolean;
}

/** The module's top-level structure: units, import bindings, and statements that are neither. */
export interface ModuleOutline {
  units: DeclarationUnit[];
  unitByName: Map<string, DeclarationUnit>;
  unitByStatement: Map<ts.Statement, DeclarationUnit>;
  bindings: ImportBinding[];
  bindingByNode: Map<ts.Node, ImportBinding>;
  /** Top-level statements that are not declarations or imports (calls, `export { … }`, `export default …`). */
  otherStatements: ts.Statement[];
  /** Local names listed in `export { a as b }` (no module specifier), with the statement listing them. */
  exportListed: Map<string, ts.ExportDeclaration>;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  const ts = loadTypeScript();
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

function bindingNames(name: ts.BindingName, out: string[]): void {
  const ts = loadTypeScript();
  if (ts.isIdentifier(name)) out.push(name.text);
  else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bindingNames(element.name, out);
}

interface StatementFacts {
  names: string[];
  isTypeOnly: boolean;
  isHoisted: boolean;
  isDestructuring: boolean;
}

function factsOf(statement: ts.Statement): StatementFacts | undefined {
  const ts = loadTypeScript();
  if (ts.isFunctionDeclaration(statement) && statement.name) {
    return { names: [statement.name.text], isTypeOnly: false, isHoisted: true, isDestructuring: false };
  }
  if ((ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) {
    return { names: [statement.name.text], isTypeOnly: false, isHoisted: false, isDestructuring: false };
  }
  if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) {
    return { names: [statement.name.text], isTypeOnly: true, isHoisted: false, isDestructuring: false };
  }
  if (ts.isModuleDeclaration(statement) && ts.isIdentifier(statement.name)) {
    // Treated as a value: telling instantiated namespaces from type-only ones needs checker internals.
    return { names: [statement.name.text], isTypeOnly: false, isHoisted: false, isDestructuring: false };
  }
  if (ts.isVariableStatement(statement)) {
    const names: string[] = [];
    for (const declaration of statement.declarationList.declarations) bindingNames(declaration.name, names);
    const isDestructuring = statement.declarationList.declarations.some((d) => !ts.isIdentifier(d.name));
    const isAmbient = hasModifier(statement, ts.SyntaxKind.DeclareKeyword);
    return { names, isTypeOnly: false, isHoisted: isAmbient, isDestructuring };
  }
  return undefined;
}

function collectBindings(declaration: ts.ImportDeclaration, out: ImportBinding[]): void {
  const ts = loadTypeScript();
  const clause = declaration.importClause;
  if (!clause) return;
  const declTypeOnly = clause.isTypeOnly;
  if (clause.name) out.push({ node: clause, declaration, localName: clause.name.text, isTypeOnly: declTypeOnly });
  const named = clause.namedBindings;
  if (named && ts.isNamespaceImport(named)) {
    out.push({ node: named, declaration, localName: named.name.text, isTypeOnly: declTypeOnly });
  } else if (named) {
    for (const element of named.elements) {
      out.push({
        node: element,
        declaration,
        localName: element.name.text,
        isTypeOnly: declTypeOnly || element.isTypeOnly,
      });
    }
  }
}

/** Groups a module's top-level statements into declaration units, import bindings and other statements. */
export function outlineModule(sourceFile: ts.SourceFile): ModuleOutline {
  const ts = loadTypeScript();
  const units: DeclarationUnit[] = [];
  const unitByName = new Map<string, DeclarationUnit>();
  const unitByStatement = new Map<ts.Statement, DeclarationUnit>();
  const bindings: ImportBinding[] = [];
  const otherStatements: ts.Statement[] = [];
  const exportListed = new Map<string, ts.ExportDeclaration>();
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement)) {
      collectBindings(statement, bindings);
      continue;
    }
    const facts = factsOf(statement);
    if (!facts) {
      otherStatements.push(statement);
      if (
        ts.isExportDeclaration(statement) &&
        !statement.moduleSpecifier &&
        statement.exportClause &&
        ts.isNamedExports(statement.exportClause)
      ) {
        for (const element of statement.exportClause.elements)
          exportListed.set((element.propertyName ?? element.name).text, statement);
      }
      continue;
    }
    const existing = facts.names.map((n) => unitByName.get(n)).find((u) => u !== undefined);
    const unit: DeclarationUnit = existing ?? {
      id: units.length,
      names: [],
      statements: [],
      isExported: false,
      isDefaultExport: false,
      isTypeOnly: true,
      isHoisted: true,
      isDestructuring: false,
    };
    if (!existing) units.push(unit);
    unit.statements.push(statement);
    for (const name of facts.names) if (!unit.names.includes(name)) unit.names.push(name);
    unit.isExported ||= hasModifier(statement, ts.SyntaxKind.ExportKeyword);
    unit.isDefaultExport ||= hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
    unit.isTypeOnly &&= facts.isTypeOnly;
    unit.isHoisted &&= facts.isHoisted || facts.isTypeOnly;
    unit.isDestructuring ||= facts.isDestructuring;
    for (const name of facts.names) unitByName.set(name, unit);
    unitByStatement.set(statement, unit);
  }
  for (const statement of otherStatements) {
    if (
      ts.isExportDeclaration(statement) &&
      !statement.moduleSpecifier &&
      statement.exportClause &&
      ts.isNamedExports(statement.exportClause)
    ) {
      // `export { helper }` makes helper public under its own name: it is not a private helper to carry.
      for (const element of statement.exportClause.elements) {
        const unit = element.propertyName ? undefined : unitByName.get(element.name.text);
        if (unit && !statement.isTypeOnly) unit.isExported = true;
      }
    }
    if (ts.isExportAssignment(statement) && !statement.isExportEquals && ts.isIdentifier(statement.expression)) {
      const unit = unitByName.get(statement.expression.text);
      if (unit) unit.isDefaultExport = true;
    }
  }
  const bindingByNode = new Map<ts.Node, ImportBinding>(bindings.map((b) => [b.node, b]));
  return { units, unitByName, unitByStatement, bindings, bindingByNode, otherStatements, exportListed };
}
