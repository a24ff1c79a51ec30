import { relativeFormOf, resolveRelative } from "../module-index.js";
import type { PythonNode } from "../parse-python.js";
import { applyCharEdits, type CharEdit } from "./char-edits.js";
import type { PyBinding } from "./outline-module.js";

/** Packages an import is written from and read in: the old module's and the new module's. */
export interface ImportPlaces {
  oldPackage: string | undefined;
  newPackage: string | undefined;
  warn(message: string): void;
}

/** How `target` is written in a from-import of a module in `fromPackage`: relative when asked and possible, else absolute. */
export function spellModule(target: string, fromPackage: string | undefined, relative: boolean): string {
  if (!relative || fromPackage === undefined || fromPackage === "") return target;
  return relativeFormOf(fromPackage, target) ?? target;
}

/** Text of a from-import's module re-levelled for the new package, or undefined when it reads the same from there. */
function relevelled(moduleNode: PythonNode, places: ImportPlaces): string | undefined {
  if (moduleNode.type !== "relative_import") return undefined;
  const level = moduleNode.namedChildren.find((c) => c.type === "import_prefix")?.text.length ?? 0;
  const rest = moduleNode.namedChildren.find((c) => c.type === "dotted_name")?.text ?? "";
  const absolute = places.oldPackage === undefined ? undefined : resolveRelative(places.oldPackage, level, rest);
  if (absolute === undefined) return undefined;
  if (places.newPackage !== undefined && resolveRelative(places.newPackage, level, rest) === absolute) return undefined;
  const relative = places.newPackage ? relativeFormOf(places.newPackage, absolute) : undefined;
  if (relative === undefined)
    places.warn(`no relative import reaches ${absolute} from the new module; written as an absolute import`);
  return relative ?? absolute;
}

/** Edits re-levelling every relative from-import inside `node` (a statement or block) for the new package. */
function relevelEdits(node: PythonNode, places: ImportPlaces): CharEdit[] {
  const statements = node.type === "import_from_statement" ? [node] : node.descendantsOfType("import_from_statement");
  return statements.flatMap((statement) => {
    const moduleNode = statement.childForFieldName("module_name");
    const text = moduleNode ? relevelled(moduleNode, places) : undefined;
    return text === undefined ? [] : [{ start: moduleNode!.startIndex, end: moduleNode!.endIndex, text }];
  });
}

/**
 * The import statement the new module needs from one import statement of the old module: the same text
 * when every name is needed (relative modules re-levelled), else the needed names only, in their order and
 * spelling (aliases kept).
 */
export function renderImportFor(
  statement: PythonNode,
  needed: readonly PyBinding[],
  places: ImportPlaces,
  eol: string,
): string {
  const all =
    statement.type === "import_statement" || statement.type === "import_from_statement"
      ? statement.childrenForFieldName("name")
      : [];
  const wanted = all.filter((element) => needed.some((b) => b.element?.startIndex === element.startIndex));
  const isWildcard = statement.namedChildren.some((c) => c.type === "wildcard_import");
  if (statement.type !== "import_statement" && statement.type !== "import_from_statement") {
    // `from __future__` imports and import blocks are copied whole.
    return applyCharEdits(statement.text, statement.startIndex, relevelEdits(statement, places));
  }
  if (isWildcard || wanted.length === all.length)
    return applyCharEdits(statement.text, statement.startIndex, relevelEdits(statement, places));
  if (statement.type === "import_statement") return `import ${wanted.map((e) => e.text).join(", ")}`;
  const moduleNode = statement.childForFieldName("module_name")!;
  const moduleText = relevelled(moduleNode, places) ?? moduleNode.text;
  const multiline = statement.text.includes("(") && statement.startPosition.row !== statement.endPosition.row;
  if (!multiline) return `from ${moduleText} import ${wanted.map((e) => e.text).join(", ")}`;
  const indent = /^[ \t]*/.exec(statement.text.slice(statement.text.indexOf("\n") + 1))?.[0] || "    ";
  return `from ${moduleText} import (${eol}${wanted.map((e) => `${indent}${e.text},${eol}`).join("")})`;
}
