import type { PythonNode } from "./parse-python.js";

const importTypes = ["import_statement", "import_from_statement"];

/**
 * The import statements of a tree (`import a`, `from a import b`; not `from __future__ import …`), in source order:
 * what `root.descendantsOfType(["import_statement", "import_from_statement"])` lists, without visiting every node.
 *
 * Each such statement holds exactly one keyword `import`, a token of its own whose text is the word, so the
 * statements are the parents of the `import` tokens found at the places `text` spells the word (places inside
 * strings, comments or longer names land on other nodes and are skipped); text order is tree order. A tree with
 * errors is walked instead: error recovery can make a statement whose keyword is missing from the text.
 */
export function importStatementsOf(root: PythonNode, text: string): PythonNode[] {
  if (root.hasError) return root.descendantsOfType(importTypes);
  const statements: PythonNode[] = [];
  for (let at = text.indexOf("import"); at >= 0; at = text.indexOf("import", at + 6)) {
    const token = root.descendantForIndex(at, at + 6);
    const statement = token.type === "import" ? token.parent : null;
    if (statement && importTypes.includes(statement.type)) statements.push(statement);
  }
  return statements;
}
