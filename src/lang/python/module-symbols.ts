import type { PythonNode } from "./parse-python.js";

/** Names a module binds at top level; `open` when they cannot be known statically (star import, `__getattr__`). */
export interface ModuleSymbols {
  names: Set<string>;
  open: boolean;
}

const blockTypes = new Set([
  "if_statement",
  "elif_clause",
  "else_clause",
  "try_statement",
  "except_clause",
  "except_group_clause",
  "finally_clause",
  "with_statement",
  "for_statement",
  "while_statement",
  "block",
  "match_statement",
  "case_clause",
]);

function addTargets(node: PythonNode, names: Set<string>): void {
  if (node.type === "identifier") names.add(node.text);
  else if (
    [
      "pattern_list",
      "tuple_pattern",
      "list_pattern",
      "tuple",
      "list",
      "parenthesized_expression",
      "list_splat_pattern",
    ].includes(node.type)
  ) {
    for (const child of node.namedChildren) addTargets(child, names);
  }
}

function visit(node: PythonNode, symbols: ModuleSymbols): void {
  for (const statement of node.namedChildren) {
    switch (statement.type) {
      case "function_definition":
      case "class_definition": {
        const name = statement.childForFieldName("name")?.text;
        if (name) symbols.names.add(name);
        if (name === "__getattr__") symbols.open = true;
        break;
      }
      case "decorated_definition": {
        const inner = statement.childForFieldName("definition");
        const name = inner?.childForFieldName("name")?.text;
        if (name) symbols.names.add(name);
        if (name === "__getattr__") symbols.open = true;
        break;
      }
      case "expression_statement":
        for (const expr of statement.namedChildren) {
          let current: PythonNode | null = expr;
          // Chained assignments `a = b = 1` nest on the right.
          while (current && (current.type === "assignment" || current.type === "augmented_assignment")) {
            const left = current.childForFieldName("left");
            if (left) addTargets(left, symbols.names);
            current = current.childForFieldName("right");
          }
        }
        break;
      case "type_alias_statement": {
        const left = statement.namedChildren[0];
        if (left) symbols.names.add(left.text.split("[")[0].trim());
        break;
      }
      case "import_statement":
        for (const child of statement.childrenForFieldName("name")) {
          if (child.type === "aliased_import") symbols.names.add(child.childForFieldName("alias")?.text ?? "");
          else symbols.names.add(child.text.split(".")[0].trim());
        }
        break;
      case "import_from_statement":
        if (statement.namedChildren.some((c) => c.type === "wildcard_import")) symbols.open = true;
        for (const child of statement.childrenForFieldName("name")) {
          symbols.names.add(
            child.type === "aliased_import" ? (child.childForFieldName("alias")?.text ?? "") : child.text,
          );
        }
        break;
      case "global_statement":
      case "exec_statement":
        symbols.open = true;
        break;
      default:
        if (blockTypes.has(statement.type)) {
          if (statement.type === "for_statement") {
            const left = statement.childForFieldName("left");
            if (left) addTargets(left, symbols.names);
          }
          if (statement.type === "with_statement") {
            for (const alias of statement.descendantsOfType("as_pattern_target"))
              addTargets(alias.namedChildren[0] ?? alias, symbols.names);
          }
          if (statement.type === "except_clause") {
            for (const alias of statement.descendantsOfType("as_pattern_target"))
              addTargets(alias.namedChildren[0] ?? alias, symbols.names);
          }
          visit(statement, symbols);
        }
    }
  }
}

/** Attributes every module object has without binding them. */
export const implicitModuleNames = [
  "__name__",
  "__file__",
  "__doc__",
  "__spec__",
  "__loader__",
  "__package__",
  "__path__",
  "__builtins__",
  "__cached__",
  "__dict__",
];

/** Collects the names a module's source binds at top level, looking into if/try/with/for blocks but not into functions. */
export function collectModuleSymbols(root: PythonNode): ModuleSymbols {
  const symbols: ModuleSymbols = { names: new Set(implicitModuleNames), open: false };
  visit(root, symbols);
  // Walrus assignments and `globals()` tricks bind names this walk cannot see; treat them as open.
  if (root.descendantsOfType("named_expression").length > 0 || root.text.includes("globals()")) symbols.open = true;
  return symbols;
}
