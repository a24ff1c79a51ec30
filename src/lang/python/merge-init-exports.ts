import type { PythonNode } from "./parse-python.js";
import { parsePython } from "./parse-python.js";
import type { MergeResult } from "../../model/conflict-merger.js";
import { appendMarkedBlock } from "../../shared/merge-text.js";

/** One name an import statement binds, and what it binds it to. */
interface Binding {
  name: string;
  origin: string;
  /** How to re-import just this binding. */
  statement: string;
}

function dotted(node: PythonNode | null): string {
  return node
    ? node.namedChildren
        .filter((c) => c.type === "identifier")
        .map((c) => c.text)
        .join(".")
    : "";
}

/** What an import statement binds (`import a.b` binds `a`; `from m import x as y` binds `y` to `m:x`). */
function importBindings(statement: PythonNode): Binding[] | undefined {
  if (statement.type === "import_statement") {
    return statement.childrenForFieldName("name").map((child) => {
      if (child.type === "aliased_import") {
        const name = dotted(child.childForFieldName("name"));
        const alias = child.childForFieldName("alias")?.text ?? name;
        return { name: alias, origin: `module:${name}`, statement: `import ${name} as ${alias}` };
      }
      const name = dotted(child);
      return { name: name.split(".")[0], origin: `import:${name}`, statement: `import ${name}` };
    });
  }
  if (statement.type === "import_from_statement" || statement.type === "future_import_statement") {
    const moduleNode = statement.childForFieldName("module_name");
    const module =
      statement.type === "future_import_statement"
        ? "__future__"
        : moduleNode
          ? moduleNode.text.replace(/\s+/g, "")
          : "";
    if (statement.namedChildren.some((c) => c.type === "wildcard_import"))
      return [{ name: `*${module}`, origin: `${module}:*`, statement: `from ${module} import *` }];
    return statement.childrenForFieldName("name").map((child) => {
      const name = child.type === "aliased_import" ? dotted(child.childForFieldName("name")) : dotted(child);
      const alias = child.type === "aliased_import" ? (child.childForFieldName("alias")?.text ?? name) : name;
      return {
        name: alias,
        origin: `${module}:${name}`,
        statement: alias === name ? `from ${module} import ${name}` : `from ${module} import ${name} as ${alias}`,
      };
    });
  }
  return undefined;
}

/** Top-level statements with comments dropped and whitespace collapsed, for comparing two versions. */
function statementKey(statement: PythonNode): string {
  return statement.text
    .replace(/#[^\n]*/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** Merges two `__init__.py` versions: the target stays; import bindings only the source has are appended in a marked block. */
export function mergePythonExports(target: string, source: string): MergeResult {
  const targetRoot = parsePython(target).rootNode;
  const sourceRoot = parsePython(source).rootNode;
  if (targetRoot.hasError || sourceRoot.hasError) return { unresolved: "a version does not parse as Python" };
  const targetStatements = targetRoot.namedChildren.filter((n) => n.type !== "comment");
  const targetKeys = new Set(targetStatements.map(statementKey));
  const targetBindings = new Map<string, string>();
  for (const statement of targetStatements)
    for (const binding of importBindings(statement) ?? []) targetBindings.set(binding.name, binding.origin);
  const appended: Binding[] = [];
  for (const statement of sourceRoot.namedChildren) {
    if (statement.type === "comment" || targetKeys.has(statementKey(statement))) continue;
    const bindings = importBindings(statement);
    const line = statement.startPosition.row + 1;
    if (!bindings) {
      const excerpt = statementKey(statement).slice(0, 60);
      return {
        unresolved: `source line ${line} has a statement the target lacks (${statement.type}: "${excerpt}"); only import statements merge`,
      };
    }
    for (const binding of bindings) {
      const existing = targetBindings.get(binding.name);
      if (existing === binding.origin || appended.some((b) => b.name === binding.name && b.origin === binding.origin))
        continue;
      if (existing !== undefined || appended.some((b) => b.name === binding.name)) {
        return {
          unresolved: `source line ${line} binds ${binding.name} to ${binding.origin.replace(":", " ")}, the target binds it to ${(existing ?? "something else").replace(":", " ")}`,
        };
      }
      appended.push(binding);
    }
  }
  if (appended.length === 0) return { content: Buffer.from(target, "utf8") };
  return {
    content: Buffer.from(
      appendMarkedBlock(
        target,
        appended.map((b) => b.statement),
        "#",
      ),
      "utf8",
    ),
  };
}
