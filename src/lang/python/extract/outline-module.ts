import { collectModuleSymbols } from "../module-symbols.js";
import type { PythonNode } from "../parse-python.js";
import { bindingTargets } from "./resolve-names.js";

/** What kind of top-level code a unit is. */
export type UnitKind = "function" | "class" | "assignment" | "compound" | "entry-guard";

/** One or more top-level names with every statement that binds or changes them, moved together or not at all. */
export interface PyUnit {
  /** Index in source order (stable key). */
  id: number;
  names: string[];
  /** Top-level statements in source order: definitions, assignments, attribute docstrings, statements changing the names. */
  statements: PythonNode[];
  kind: UnitKind;
  /** Every name is private (`_name`, not a dunder) and not listed in `__all__`: a helper that may move along. */
  isPrivate: boolean;
  /** False for names bound inside if/for/try/with/match blocks, which are not extracted. */
  movable: boolean;
}

/** A name one top-level import statement (or import block) binds. */
export interface PyBinding {
  localName: string;
  statement: PythonNode;
  /** The imported name's node (`dotted_name` or `aliased_import`) in an import or from-import statement. */
  element?: PythonNode;
  kind: "import" | "from" | "future" | "block";
}

/** `__all__ = [...]` written as a list or tuple of string literals. */
export interface AllList {
  statement: PythonNode;
  /** The list or tuple node. */
  list: PythonNode;
  elements: PythonNode[];
  names: string[];
}

/** The top-level structure of a Python module. */
export interface PyOutline {
  text: string;
  units: PyUnit[];
  unitByName: Map<string, PyUnit>;
  /** Unit of each unit statement, by the statement's start index. */
  unitOfStatement: Map<number, PyUnit>;
  bindings: PyBinding[];
  bindingsByName: Map<string, PyBinding[]>;
  /** Top-level import statements, `from __future__` imports and import blocks, in source order. */
  importStatements: PythonNode[];
  starImports: PythonNode[];
  futureImports: PythonNode[];
  /** Top-level statements that are neither imports nor part of a unit (calls, `__all__`, loops…). */
  otherStatements: PythonNode[];
  docstring?: PythonNode;
  all?: AllList;
  /** `__all__` is assigned in a form graft does not edit (not a literal list or tuple of strings). */
  allIsDynamic: boolean;
  /** `from __future__ import annotations`: annotations are not evaluated while the module loads. */
  lazyAnnotations: boolean;
}

/** The name written for the entry-point block `if __name__ == "__main__":` in `symbols`. */
export const entryGuardName = "__main__";

function isBareString(statement: PythonNode): boolean {
  return (
    statement.type === "expression_statement" &&
    statement.namedChildCount === 1 &&
    statement.namedChildren[0]!.type === "string"
  );
}

/** `if __name__ == "__main__":` (either operand order). */
function isEntryGuard(statement: PythonNode): boolean {
  if (statement.type !== "if_statement") return false;
  const condition = statement.childForFieldName("condition");
  if (condition?.type !== "comparison_operator" || condition.namedChildCount !== 2) return false;
  if (!condition.children.some((c) => c.type === "==")) return false;
  const texts = condition.namedChildren.map((c) => c.text.replace(/'/g, '"'));
  return texts.includes("__name__") && texts.includes('"__main__"');
}

const importBlockStatements = new Set([
  "import_statement",
  "import_from_statement",
  "future_import_statement",
  "pass_statement",
]);

/** A top-level try/if whose every branch only imports, assigns plain names or passes (`try: import x except ImportError: x = None`). */
function isImportBlock(statement: PythonNode): boolean {
  if (statement.type !== "try_statement" && statement.type !== "if_statement") return false;
  let imports = 0;
  const check = (node: PythonNode): boolean => {
    for (const child of node.namedChildren) {
      if (child.type === "comment") continue;
      if (importBlockStatements.has(child.type)) {
        if (child.type !== "pass_statement") imports++;
        continue;
      }
      if (child.type === "expression_statement") {
        const expression = child.namedChildren[0];
        if (expression?.type !== "assignment" || expression.childForFieldName("left")?.type !== "identifier")
          return false;
        continue;
      }
      if (child.type === "try_statement" || child.type === "if_statement") {
        if (!check(child)) return false;
        continue;
      }
      if (["block", "except_clause", "else_clause", "elif_clause", "finally_clause"].includes(child.type)) {
        if (!check(child)) return false;
        continue;
      }
      // Conditions and `except` types are expressions: fine.
      if (node.type === "block") return false;
    }
    return true;
  };
  return check(statement) && imports > 0;
}

/** Names a plain assignment statement binds, or undefined when a target is not a plain name pattern. */
function assignedNames(statement: PythonNode): string[] | undefined {
  if (statement.type !== "expression_statement" || statement.namedChildCount !== 1) return undefined;
  let current: PythonNode | null = statement.namedChildren[0]!;
  if (current.type === "augmented_assignment") {
    const left = current.childForFieldName("left");
    return left?.type === "identifier" ? [left.text] : undefined;
  }
  if (current.type !== "assignment") return undefined;
  const names: string[] = [];
  while (current?.type === "assignment") {
    const left = current.childForFieldName("left");
    if (!left) return undefined;
    const before = names.length;
    bindingTargets(left, names);
    if (names.length === before || left.descendantsOfType(["attribute", "subscript"]).length > 0) return undefined;
    current = current.childForFieldName("right");
  }
  return names;
}

/** Root identifier of an attribute/subscript/call chain (`REGISTRY` in `REGISTRY["a"].append(f)`). */
function chainRoot(node: PythonNode | null): PythonNode | undefined {
  while (node) {
    if (node.type === "identifier") return node;
    if (node.type === "attribute" || node.type === "subscript")
      node = node.childForFieldName(node.type === "attribute" ? "object" : "value");
    else if (node.type === "call") node = node.childForFieldName("function");
    else return undefined;
  }
  return undefined;
}

/** The unit name a statement changes without binding it (`f.cache = {}`, `REGISTRY.append(x)`, `TABLE["k"] += 1`). */
function mutatedName(statement: PythonNode): string | undefined {
  if (statement.type !== "expression_statement" || statement.namedChildCount !== 1) return undefined;
  const expression = statement.namedChildren[0]!;
  if (expression.type === "assignment" || expression.type === "augmented_assignment") {
    const left = expression.childForFieldName("left");
    if (left?.type !== "attribute" && left?.type !== "subscript") return undefined;
    return chainRoot(left)?.text;
  }
  if (expression.type === "call") {
    const fn = expression.childForFieldName("function");
    return fn?.type === "attribute" ? chainRoot(fn)?.text : undefined;
  }
  return undefined;
}

function readAll(statement: PythonNode): AllList | "dynamic" | undefined {
  if (statement.type !== "expression_statement") return undefined;
  const expression = statement.namedChildren[0];
  if (expression?.type !== "assignment" && expression?.type !== "augmented_assignment") return undefined;
  if (expression.childForFieldName("left")?.text !== "__all__") return undefined;
  const list = expression.childForFieldName("right");
  if (expression.type !== "assignment" || (list?.type !== "list" && list?.type !== "tuple")) return "dynamic";
  const elements = list.namedChildren.filter((c) => c.type !== "comment");
  const names: string[] = [];
  for (const element of elements) {
    const parts = element.namedChildren;
    if (element.type !== "string" || parts.length !== 3 || parts[1]!.type !== "string_content") return "dynamic";
    names.push(parts[1]!.text);
  }
  return { statement, list, elements, names };
}

/** Names a top-level compound statement (if/for/try/with/match) binds in the module. */
function namesBoundBy(statement: PythonNode): string[] {
  const names: string[] = [];
  const left = statement.type === "for_statement" ? statement.childForFieldName("left") : null;
  if (left) bindingTargets(left, names);
  if (statement.type === "with_statement")
    for (const target of statement.descendantsOfType("as_pattern_target")) bindingTargets(target, names);
  // collectModuleSymbols adds the attributes every module has (all dunders); they are not bound here.
  for (const name of collectModuleSymbols(statement).names) if (!name.startsWith("__") && name !== "") names.push(name);
  return [...new Set(names)];
}

function importedLocalName(element: PythonNode): string {
  if (element.type === "aliased_import") return element.childForFieldName("alias")?.text ?? "";
  return element.text.split(".")[0]!.trim();
}

/** Groups a parsed module's top-level statements into units, import bindings and other statements. */
export function outlineModule(root: PythonNode, text: string): PyOutline {
  const outline: PyOutline = {
    text,
    units: [],
    unitByName: new Map(),
    unitOfStatement: new Map(),
    bindings: [],
    bindingsByName: new Map(),
    importStatements: [],
    starImports: [],
    futureImports: [],
    otherStatements: [],
    allIsDynamic: false,
    lazyAnnotations: false,
  };
  const addBinding = (binding: PyBinding): void => {
    outline.bindings.push(binding);
    const list = outline.bindingsByName.get(binding.localName) ?? [];
    list.push(binding);
    outline.bindingsByName.set(binding.localName, list);
  };
  const addToUnit = (names: string[], statement: PythonNode, kind: UnitKind, movable = true): void => {
    const existing = [...new Set(names.map((n) => outline.unitByName.get(n)).filter((u) => u !== undefined))];
    let unit = existing[0];
    if (!unit) {
      unit = { id: outline.units.length, names: [], statements: [], kind, isPrivate: true, movable };
      outline.units.push(unit);
    }
    // A statement binding names of two units joins them: they can only move together.
    for (const other of existing.slice(1)) {
      unit.names.push(...other.names.filter((n) => !unit.names.includes(n)));
      unit.statements.push(...other.statements);
      unit.movable &&= other.movable;
      outline.units.splice(outline.units.indexOf(other), 1);
    }
    unit.statements.push(statement);
    unit.statements.sort((a, b) => a.startIndex - b.startIndex);
    unit.movable &&= movable;
    for (const name of names) if (!unit.names.includes(name)) unit.names.push(name);
    for (const s of unit.statements) outline.unitOfStatement.set(s.startIndex, unit);
    for (const name of unit.names) outline.unitByName.set(name, unit);
  };

  let previous: PythonNode | undefined;
  let first = true;
  for (const statement of root.namedChildren) {
    if (statement.type === "comment") continue;
    const isFirst = first;
    first = false;
    const before = previous;
    previous = statement;
    if (isFirst && isBareString(statement)) {
      outline.docstring = statement;
      continue;
    }
    switch (statement.type) {
      case "future_import_statement":
        outline.futureImports.push(statement);
        outline.importStatements.push(statement);
        for (const name of statement.childrenForFieldName("name")) {
          if (name.text === "annotations") outline.lazyAnnotations = true;
          addBinding({ localName: importedLocalName(name), statement, element: name, kind: "future" });
        }
        continue;
      case "import_statement":
        outline.importStatements.push(statement);
        for (const name of statement.childrenForFieldName("name"))
          addBinding({ localName: importedLocalName(name), statement, element: name, kind: "import" });
        continue;
      case "import_from_statement":
        outline.importStatements.push(statement);
        if (statement.namedChildren.some((c) => c.type === "wildcard_import")) outline.starImports.push(statement);
        for (const name of statement.childrenForFieldName("name"))
          addBinding({ localName: importedLocalName(name), statement, element: name, kind: "from" });
        continue;
      case "function_definition":
      case "class_definition":
      case "decorated_definition": {
        const definition =
          statement.type === "decorated_definition" ? statement.childForFieldName("definition") : statement;
        const name = definition?.childForFieldName("name")?.text;
        if (name) addToUnit([name], statement, definition!.type === "class_definition" ? "class" : "function");
        else outline.otherStatements.push(statement);
        continue;
      }
    }
    if (isEntryGuard(statement)) {
      addToUnit([entryGuardName], statement, "entry-guard");
      continue;
    }
    if (isImportBlock(statement)) {
      outline.importStatements.push(statement);
      for (const name of namesBoundBy(statement)) addBinding({ localName: name, statement, kind: "block" });
      continue;
    }
    const all = readAll(statement);
    if (all) {
      if (all === "dynamic") outline.allIsDynamic = true;
      else outline.all = all;
      outline.otherStatements.push(statement);
      continue;
    }
    // A string right under an assignment documents it (Sphinx attribute docstrings): it moves with it.
    const beforeUnit = before ? outline.unitOfStatement.get(before.startIndex) : undefined;
    if (
      isBareString(statement) &&
      before &&
      beforeUnit?.kind === "assignment" &&
      statement.startPosition.row === before.endPosition.row + 1
    ) {
      addToUnit(beforeUnit.names, statement, "assignment");
      continue;
    }
    const names = assignedNames(statement);
    if (names) {
      addToUnit(names, statement, "assignment");
      continue;
    }
    const mutated = mutatedName(statement);
    if (mutated && outline.unitByName.has(mutated)) {
      addToUnit([mutated], statement, "assignment");
      continue;
    }
    if (statement.type !== "expression_statement") {
      const declared = namesBoundBy(statement);
      if (declared.length > 0) {
        addToUnit(declared, statement, "compound", false);
        continue;
      }
    }
    outline.otherStatements.push(statement);
  }
  for (const unit of outline.units) {
    unit.isPrivate =
      unit.kind !== "entry-guard" &&
      unit.names.every((n) => n.startsWith("_") && !(n.startsWith("__") && n.endsWith("__"))) &&
      !unit.names.some((n) => outline.all?.names.includes(n));
  }
  return outline;
}
