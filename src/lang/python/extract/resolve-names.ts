import type { PythonNode } from "../parse-python.js";

/** A use of a module-level name inside one top-level statement. */
export interface NameRef {
  name: string;
  node: PythonNode;
  /** Runs while the module loads (not inside a function or lambda body). */
  eager: boolean;
  /** Assigns the module-level binding (a top-level target, or a target declared `global`). */
  isWrite: boolean;
}

interface Scope {
  kind: "function" | "class" | "comprehension";
  bound: Set<string>;
  globals: Set<string>;
}

interface Context {
  scopes: Scope[];
  eager: boolean;
  /** Annotations are evaluated lazily (`from __future__ import annotations`). */
  lazyAnnotations: boolean;
  out: NameRef[];
}

const patternTypes = new Set([
  "pattern_list",
  "tuple_pattern",
  "list_pattern",
  "tuple",
  "list",
  "parenthesized_expression",
  "list_splat_pattern",
  "as_pattern_target",
  "expression_list",
]);
const comprehensionTypes = new Set([
  "list_comprehension",
  "set_comprehension",
  "dictionary_comprehension",
  "generator_expression",
]);
const nestedScopeTypes = new Set(["function_definition", "class_definition", "lambda", ...comprehensionTypes]);

/** Names an assignment-like target binds (identifiers of patterns; attributes and subscripts bind none). */
export function bindingTargets(target: PythonNode, out: string[]): void {
  if (target.type === "identifier") out.push(target.text);
  else if (patternTypes.has(target.type)) for (const child of target.namedChildren) bindingTargets(child, out);
}

/** Names bound by the parameters of a function or lambda. */
function parameterNames(parameters: PythonNode | null): string[] {
  const names: string[] = [];
  for (const parameter of parameters?.namedChildren ?? []) {
    if (parameter.type === "identifier") names.push(parameter.text);
    else if (parameter.type === "default_parameter" || parameter.type === "typed_default_parameter") {
      const name = parameter.childForFieldName("name");
      if (name) names.push(name.text);
    } else if (
      parameter.type === "typed_parameter" ||
      parameter.type === "list_splat_pattern" ||
      parameter.type === "dictionary_splat_pattern"
    ) {
      const inner = parameter.namedChildren.find((c) => c.type === "identifier" || c.type.endsWith("splat_pattern"));
      const id = inner?.type === "identifier" ? inner : inner?.namedChildren.find((c) => c.type === "identifier");
      if (id) names.push(id.text);
    }
  }
  return names;
}

/** Names a block binds in its own scope (not inside nested functions, classes, lambdas or comprehensions), and its `global` names. */
function scopeBindings(block: PythonNode): { bound: Set<string>; globals: Set<string> } {
  const bound = new Set<string>();
  const globals = new Set<string>();
  const visit = (node: PythonNode): void => {
    for (const child of node.namedChildren) {
      const names: string[] = [];
      switch (child.type) {
        case "function_definition":
        case "class_definition": {
          const name = child.childForFieldName("name");
          if (name) bound.add(name.text);
          continue;
        }
        case "decorated_definition": {
          const name = child.childForFieldName("definition")?.childForFieldName("name");
          if (name) bound.add(name.text);
          continue;
        }
        case "lambda":
          continue;
        case "global_statement":
          for (const id of child.namedChildren) if (id.type === "identifier") globals.add(id.text);
          continue;
        case "assignment":
        case "augmented_assignment":
        case "for_statement":
        case "for_in_clause": {
          const left = child.childForFieldName("left");
          // A comprehension's own variables belong to the comprehension.
          if (left && child.type !== "for_in_clause") bindingTargets(left, names);
          break;
        }
        case "named_expression": {
          const name = child.childForFieldName("name");
          if (name) names.push(name.text);
          break;
        }
        case "as_pattern_target":
          bindingTargets(child, names);
          break;
        case "delete_statement":
          for (const target of child.namedChildren) bindingTargets(target, names);
          break;
        case "import_statement":
          for (const name of child.childrenForFieldName("name"))
            names.push(
              name.type === "aliased_import"
                ? (name.childForFieldName("alias")?.text ?? "")
                : (name.text.split(".")[0] ?? ""),
            );
          continue;
        case "import_from_statement":
          for (const name of child.childrenForFieldName("name"))
            names.push(
              name.type === "aliased_import" ? (name.childForFieldName("alias")?.text ?? "") : name.text.split(".")[0]!,
            );
          for (const name of names) bound.add(name);
          continue;
      }
      for (const name of names) bound.add(name);
      if (comprehensionTypes.has(child.type)) {
        // Only walrus targets escape a comprehension.
        for (const walrus of child.descendantsOfType("named_expression")) {
          const name = walrus.childForFieldName("name");
          if (name) bound.add(name.text);
        }
        continue;
      }
      if (!nestedScopeTypes.has(child.type)) visit(child);
    }
  };
  visit(block);
  for (const name of globals) bound.delete(name);
  return { bound, globals };
}

/** True when `name` resolves to the module scope from the current scopes (class scopes are seen only from their own body). */
function isModuleLevel(name: string, scopes: readonly Scope[]): boolean {
  for (let i = scopes.length - 1; i >= 0; i--) {
    const scope = scopes[i]!;
    if (scope.kind === "class" && i !== scopes.length - 1) continue;
    if (scope.globals.has(name)) return true;
    if (scope.bound.has(name)) return false;
  }
  return true;
}

function read(node: PythonNode, ctx: Context): void {
  if (isModuleLevel(node.text, ctx.scopes)) ctx.out.push({ name: node.text, node, eager: ctx.eager, isWrite: false });
}

function write(node: PythonNode, ctx: Context): void {
  if (isModuleLevel(node.text, ctx.scopes)) ctx.out.push({ name: node.text, node, eager: ctx.eager, isWrite: true });
}

/** Visits an assignment target: identifiers are written, the objects of attributes and subscripts are read. */
function visitTarget(target: PythonNode, ctx: Context, alsoRead = false): void {
  if (target.type === "identifier") {
    if (alsoRead) read(target, ctx);
    write(target, ctx);
  } else if (patternTypes.has(target.type)) for (const child of target.namedChildren) visitTarget(child, ctx, alsoRead);
  else visit(target, ctx);
}

function visitAnnotation(node: PythonNode, ctx: Context): void {
  const inner: Context = { ...ctx, eager: ctx.eager && !ctx.lazyAnnotations };
  // A string annotation names a type that is looked up later (`typing.get_type_hints`).
  if (node.type === "type" && node.namedChildren.length === 1 && node.namedChildren[0]!.type === "string") {
    const content = node.namedChildren[0]!.namedChildren.find((c) => c.type === "string_content");
    const first = content?.text.split(".")[0]?.trim() ?? "";
    if (content && /^[A-Za-z_]\w*$/.test(first) && isModuleLevel(first, ctx.scopes))
      ctx.out.push({ name: first, node: content, eager: false, isWrite: false });
    return;
  }
  for (const child of node.type === "type" ? node.namedChildren : [node]) visit(child, inner);
}

function visitParameters(parameters: PythonNode | null, ctx: Context): void {
  for (const parameter of parameters?.namedChildren ?? []) {
    const value = parameter.childForFieldName("value");
    if (value) visit(value, ctx);
    const type = parameter.childForFieldName("type");
    if (type) visitAnnotation(type, ctx);
  }
}

function visitFunction(node: PythonNode, ctx: Context): void {
  const parameters = node.childForFieldName("parameters");
  visitParameters(parameters, ctx);
  const returns = node.childForFieldName("return_type");
  if (returns) visitAnnotation(returns, ctx);
  const body = node.childForFieldName("body");
  if (!body) return;
  const { bound, globals } = scopeBindings(body);
  for (const name of parameterNames(parameters)) if (!globals.has(name)) bound.add(name);
  const scope: Scope = { kind: "function", bound, globals };
  for (const child of body.namedChildren) visit(child, { ...ctx, scopes: [...ctx.scopes, scope], eager: false });
}

function visitClass(node: PythonNode, ctx: Context): void {
  const superclasses = node.childForFieldName("superclasses");
  if (superclasses) visit(superclasses, ctx);
  const body = node.childForFieldName("body");
  if (!body) return;
  const { bound, globals } = scopeBindings(body);
  const scope: Scope = { kind: "class", bound, globals };
  for (const child of body.namedChildren) visit(child, { ...ctx, scopes: [...ctx.scopes, scope] });
}

function visitComprehension(node: PythonNode, ctx: Context): void {
  const names: string[] = [];
  for (const clause of node.namedChildren) {
    const left = clause.type === "for_in_clause" ? clause.childForFieldName("left") : null;
    if (left) bindingTargets(left, names);
  }
  const scope: Scope = { kind: "comprehension", bound: new Set(names), globals: new Set() };
  const inner = { ...ctx, scopes: [...ctx.scopes, scope] };
  for (const child of node.namedChildren) {
    if (child.type === "for_in_clause") {
      const right = child.childForFieldName("right");
      if (right) visit(right, inner);
    } else visit(child, inner);
  }
}

function visit(node: PythonNode, ctx: Context): void {
  switch (node.type) {
    case "identifier":
      read(node, ctx);
      return;
    case "comment":
    case "import_statement":
    case "import_from_statement":
    case "future_import_statement":
    case "global_statement":
    case "nonlocal_statement":
      return;
    case "decorator":
      for (const child of node.namedChildren) visit(child, ctx);
      return;
    case "function_definition":
      visitFunction(node, ctx);
      return;
    case "class_definition":
      visitClass(node, ctx);
      return;
    case "lambda": {
      const parameters = node.childForFieldName("parameters");
      visitParameters(parameters, ctx);
      const body = node.childForFieldName("body");
      const scope: Scope = { kind: "function", bound: new Set(parameterNames(parameters)), globals: new Set() };
      if (body) visit(body, { ...ctx, scopes: [...ctx.scopes, scope], eager: false });
      return;
    }
    case "attribute": {
      const object = node.childForFieldName("object");
      if (object) visit(object, ctx);
      return;
    }
    case "keyword_argument": {
      const value = node.childForFieldName("value");
      if (value) visit(value, ctx);
      return;
    }
    case "assignment": {
      const left = node.childForFieldName("left");
      const type = node.childForFieldName("type");
      const right = node.childForFieldName("right");
      if (type) visitAnnotation(type, ctx);
      if (right) visit(right, ctx);
      if (left) visitTarget(left, ctx);
      return;
    }
    case "augmented_assignment": {
      const left = node.childForFieldName("left");
      const right = node.childForFieldName("right");
      if (right) visit(right, ctx);
      if (left) visitTarget(left, ctx, true);
      return;
    }
    case "for_statement": {
      const left = node.childForFieldName("left");
      for (const child of node.namedChildren) if (child.id !== left?.id) visit(child, ctx);
      if (left) visitTarget(left, ctx);
      return;
    }
    case "as_pattern": {
      for (const child of node.namedChildren)
        if (child.type === "as_pattern_target") visitTarget(child, ctx);
        else visit(child, ctx);
      return;
    }
    case "named_expression": {
      const name = node.childForFieldName("name");
      const value = node.childForFieldName("value");
      if (value) visit(value, ctx);
      if (name) write(name, ctx);
      return;
    }
    case "delete_statement":
      for (const target of node.namedChildren) visitTarget(target, ctx);
      return;
    case "type":
      visitAnnotation(node, ctx);
      return;
    case "case_pattern":
    case "class_pattern":
    case "keyword_pattern": {
      // Dotted names in patterns are read (`Color.RED`, `Point(...)`); bare names capture.
      for (const child of node.namedChildren) {
        if (child.type === "dotted_name") {
          const first = child.namedChildren[0];
          if (first && (child.namedChildCount > 1 || node.type === "class_pattern")) read(first, ctx);
        } else if (child.type !== "identifier") visit(child, ctx);
      }
      return;
    }
    default:
      if (comprehensionTypes.has(node.type)) {
        visitComprehension(node, ctx);
        return;
      }
      for (const child of node.namedChildren) visit(child, ctx);
  }
}

/** Every use of a module-level name in a top-level statement, with whether it runs while the module loads. */
export function collectNameRefs(statement: PythonNode, lazyAnnotations: boolean): NameRef[] {
  const ctx: Context = { scopes: [], eager: true, lazyAnnotations, out: [] };
  visit(statement, ctx);
  return ctx.out;
}
