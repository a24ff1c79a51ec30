import type ts from "typescript";
import { loadTypeScript } from "../../../shared/typescript.js";
import type { DeclarationUnit, ImportBinding, ModuleOutline } from "./top-level-units.js";

/** One use of a top-level name of the module inside one of its top-level statements. */
export interface Reference {
  target: { kind: "unit"; unit: DeclarationUnit } | { kind: "binding"; binding: ImportBinding };
  /** In a type position only (erased at run time). */
  isTypeOnly: boolean;
  /** Read while the module initializes, not inside a function body or instance initializer. */
  isEager: boolean;
  /** Assigns the binding (`x = …`, `x += …`, `x++`): impossible through an import. */
  isWrite: boolean;
  node: ts.Identifier;
}

/** Every top-level statement's references to the module's own declarations and import bindings. */
export interface ReferenceGraph {
  refsOf(statement: ts.Statement): readonly Reference[];
  /** References made by the unit's statements to other units and bindings (self references dropped). */
  refsOfUnit(unit: DeclarationUnit): Reference[];
  /** True for `if (import.meta… / process.argv… / require.main…)` blocks (directly or through a helper): they run only when the module is the entry point. */
  isEntryGuarded(statement: ts.Statement): boolean;
}

function isFunctionLike(node: ts.Node): boolean {
  const ts = loadTypeScript();
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

function isStatic(node: ts.Node): boolean {
  const ts = loadTypeScript();
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
}

function isClassExtends(node: ts.ExpressionWithTypeArguments): boolean {
  const ts = loadTypeScript();
  const clause = node.parent;
  return ts.isHeritageClause(clause) && clause.token === ts.SyntaxKind.ExtendsKeyword && ts.isClassLike(clause.parent);
}

/** Classifies where an identifier sits inside its top-level statement: type position? run at initialization? */
function positionOf(node: ts.Node, statement: ts.Statement): { isTypeOnly: boolean; isEager: boolean } {
  const ts = loadTypeScript();
  let isTypeOnly = false;
  let isEager = true;
  let child: ts.Node = node;
  for (let current = node.parent; current; child = current, current = current.parent) {
    if (ts.isExpressionWithTypeArguments(current) && isClassExtends(current)) {
      // `class A extends B`: B is a value read when the class is defined.
    } else if (ts.isTypeNode(current) || ts.isTypeAliasDeclaration(current) || ts.isInterfaceDeclaration(current)) {
      isTypeOnly = true;
    }
    if (isFunctionLike(current)) isEager = false;
    if (ts.isPropertyDeclaration(current) && child === current.initializer && !isStatic(current)) isEager = false;
    if (ts.isExportSpecifier(current) && (current.isTypeOnly || current.parent.parent.isTypeOnly)) isTypeOnly = true;
    if (current === statement) break;
  }
  return { isTypeOnly, isEager };
}

/** The top-level statement a declaration node belongs to, when the node declares a top-level name. */
function topLevelStatementOf(declaration: ts.Node, sourceFile: ts.SourceFile): ts.Statement | undefined {
  const ts = loadTypeScript();
  let node = declaration;
  while (ts.isBindingElement(node) || ts.isObjectBindingPattern(node) || ts.isArrayBindingPattern(node))
    node = node.parent;
  if (ts.isVariableDeclaration(node)) {
    const statement = node.parent.parent;
    return statement.parent === sourceFile ? (statement as ts.Statement) : undefined;
  }
  return node.parent === sourceFile ? (node as ts.Statement) : undefined;
}

function symbolAt(checker: ts.TypeChecker, identifier: ts.Identifier): ts.Symbol | undefined {
  const ts = loadTypeScript();
  const parent = identifier.parent;
  if (ts.isShorthandPropertyAssignment(parent) && parent.name === identifier)
    return checker.getShorthandAssignmentValueSymbol(parent);
  if (
    ts.isExportSpecifier(parent) &&
    !parent.parent.parent.moduleSpecifier &&
    (parent.propertyName ?? parent.name) === identifier
  ) {
    return checker.getExportSpecifierLocalTargetSymbol(parent);
  }
  return checker.getSymbolAtLocation(identifier);
}

/** Names that are members (`a.b`, `{ b: 1 }`, `class { b() {} }`): never a top-level binding, and costly to resolve. */
function isMemberName(identifier: ts.Identifier): boolean {
  const ts = loadTypeScript();
  const parent = identifier.parent;
  if (ts.isPropertyAccessExpression(parent) || ts.isQualifiedName(parent))
    return (ts.isPropertyAccessExpression(parent) ? parent.name : parent.right) === identifier;
  if (
    ts.isPropertyAssignment(parent) ||
    ts.isMethodDeclaration(parent) ||
    ts.isPropertyDeclaration(parent) ||
    ts.isPropertySignature(parent) ||
    ts.isMethodSignature(parent) ||
    ts.isGetAccessorDeclaration(parent) ||
    ts.isSetAccessorDeclaration(parent) ||
    ts.isEnumMember(parent)
  ) {
    return parent.name === identifier;
  }
  return false;
}

/** True when the identifier is the target of an assignment or an increment. */
function isWriteTarget(identifier: ts.Identifier): boolean {
  const ts = loadTypeScript();
  const parent = identifier.parent;
  if (ts.isBinaryExpression(parent)) {
    const op = parent.operatorToken.kind;
    return parent.left === identifier && op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment;
  }
  const increments = [ts.SyntaxKind.PlusPlusToken, ts.SyntaxKind.MinusMinusToken];
  return (
    (ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) && increments.includes(parent.operator)
  );
}

const entryGuard = /\bimport\.meta\b|\bprocess\.argv\b|\brequire\.main\b/;

/** Resolves every identifier of the module's top-level statements to the module's own units and import bindings. */
export function collectReferences(
  sourceFile: ts.SourceFile,
  outline: ModuleOutline,
  checker: ts.TypeChecker,
): ReferenceGraph {
  const ts = loadTypeScript();
  const refsByStatement = new Map<ts.Statement, Reference[]>();
  // Only an identifier spelled like a top-level name can resolve to one: the others are not worth asking the checker.
  const topLevelNames = new Set([...outline.unitByName.keys(), ...outline.bindings.map((b) => b.localName)]);
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement)) continue;
    const refs: Reference[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && topLevelNames.has(node.text) && !isMemberName(node)) {
        const symbol = symbolAt(checker, node);
        for (const declaration of symbol?.declarations ?? []) {
          if (declaration.getSourceFile() !== sourceFile) continue;
          const binding = outline.bindingByNode.get(declaration);
          const owner = binding ? undefined : topLevelStatementOf(declaration, sourceFile);
          const unit = owner ? outline.unitByStatement.get(owner) : undefined;
          if (!binding && !unit) continue;
          const target = binding ? ({ kind: "binding", binding } as const) : ({ kind: "unit", unit: unit! } as const);
          refs.push({ target, node, isWrite: isWriteTarget(node), ...positionOf(node, statement) });
          break;
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(statement);
    refsByStatement.set(statement, refs);
  }
  return {
    refsOf: (statement) => refsByStatement.get(statement) ?? [],
    refsOfUnit: (unit) =>
      unit.statements
        .flatMap((s) => refsByStatement.get(s) ?? [])
        .filter((r) => r.target.kind !== "unit" || r.target.unit !== unit),
    isEntryGuarded: (statement) => {
      if (!ts.isIfStatement(statement)) return false;
      const condition = statement.expression;
      if (entryGuard.test(condition.getText(sourceFile))) return true;
      // `if (isExecutedDirectly())`: a helper of this module that looks at import.meta / process.argv.
      return (refsByStatement.get(statement) ?? []).some(
        (r) =>
          r.target.kind === "unit" &&
          r.node.pos >= condition.pos &&
          r.node.end <= condition.end &&
          r.target.unit.statements.some((s) => entryGuard.test(s.getText(sourceFile))),
      );
    },
  };
}
