import type { PythonNode } from "./parse-python.js";
import { parsePython } from "./parse-python.js";
import type { MergeResult } from "../../model/conflict-merger.js";
import { appendMarkedBlock } from "../../shared/merge-text.js";

/** One name an import statement binds, and what it binds it to. */
interface Binding {
  name: string;
  origin: string;
  /** Module text and imported name, to re-import just this binding. */
  module: string;
  imported: string;
  /** `import x`-style statement (not a from-import). */
  plain?: string;
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
        return {
          name: alias,
          origin: `module:${name}`,
          module: "",
          imported: name,
          plain: `import ${name} as ${alias}`,
        };
      }
      const name = dotted(child);
      return {
        name: name.split(".")[0],
        origin: `import:${name}`,
        module: "",
        imported: name,
        plain: `import ${name}`,
      };
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
      return [{ name: `*${module}`, origin: `${module}:*`, module, imported: "*" }];
    return statement.childrenForFieldName("name").map((child) => {
      const name = child.type === "aliased_import" ? dotted(child.childForFieldName("name")) : dotted(child);
      const alias = child.type === "aliased_import" ? (child.childForFieldName("alias")?.text ?? name) : name;
      return {
        name: alias,
        origin: `${module}:${name}`,
        module,
        imported: alias === name ? name : `${name} as ${alias}`,
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

/** The module docstring: a first statement that is a lone string. */
function docstringOf(root: PythonNode): PythonNode | undefined {
  const first = root.namedChildren.find((n) => n.type !== "comment");
  const only = first?.type === "expression_statement" && first.namedChildCount === 1 ? first.namedChildren[0] : null;
  return only?.type === "string" ? first : undefined;
}

/** The assignment a statement holds (`x = …`, `x: T = …`, `x += …`), if it is one. */
function assignmentOf(statement: PythonNode): PythonNode | undefined {
  const inner = statement.type === "expression_statement" ? statement.namedChildren[0] : undefined;
  return inner?.type === "assignment" || inner?.type === "augmented_assignment" ? inner : undefined;
}

/** The text of a plain string literal (undefined for anything else). */
function stringValue(node: PythonNode): string | undefined {
  const parts = node.type === "string" ? node.namedChildren : [];
  return parts.length === 3 && parts[1].type === "string_content" ? parts[1].text : undefined;
}

/** Strings of a list/tuple literal (undefined when anything else is inside). */
function literalNames(node: PythonNode | null): string[] | undefined {
  if (!node || (node.type !== "list" && node.type !== "tuple" && node.type !== "parenthesized_expression"))
    return undefined;
  const names: string[] = [];
  for (const element of node.namedChildren) {
    if (element.type === "comment") continue;
    const value = stringValue(element);
    if (value === undefined) return undefined;
    names.push(value);
  }
  return names;
}

/** `__all__ = [...]`, `__all__ += [...]`, `__all__.extend([...])`: the names it adds, and its literal (for `=`). */
function allStatement(statement: PythonNode): { names?: string[]; literal?: PythonNode } | undefined {
  const assignment = assignmentOf(statement);
  if (assignment?.childForFieldName("left")?.text === "__all__") {
    const right = assignment.childForFieldName("right");
    const names = literalNames(right);
    return { names, literal: assignment.type === "assignment" && names ? right! : undefined };
  }
  const call = statement.type === "expression_statement" ? statement.namedChildren[0] : undefined;
  const fn = call?.type === "call" ? call.childForFieldName("function") : null;
  if (fn?.type === "attribute" && fn.childForFieldName("object")?.text === "__all__") {
    const method = fn.childForFieldName("attribute")?.text;
    const args = call!.childForFieldName("arguments")?.namedChildren ?? [];
    if (method === "extend" && args.length === 1) return { names: literalNames(args[0]) };
    const appended = method === "append" && args.length === 1 ? stringValue(args[0]) : undefined;
    if (appended !== undefined) return { names: [appended] };
    return {};
  }
  return undefined;
}

/** `__version__ = "1.0"`-style module metadata: a dunder name assigned once. */
function dunderName(statement: PythonNode): string | undefined {
  const assignment = assignmentOf(statement);
  const name = assignment?.type === "assignment" ? assignment.childForFieldName("left")?.text : undefined;
  return name && /^__\w+__$/.test(name) && name !== "__all__" ? name : undefined;
}

/**
 * Comment lines directly above a statement (no blank line between), as written, except those the target already
 * has (a comment heading imports both versions share is not copied twice).
 */
function leadingComments(statement: PythonNode, source: string, target: string): string[] {
  const known = new Set(target.split("\n").map((line) => line.trim()));
  const lines: string[] = [];
  let previous = statement.previousNamedSibling;
  let row = statement.startPosition.row;
  while (previous?.type === "comment" && previous.endPosition.row === row - 1) {
    const lineStart = source.lastIndexOf("\n", previous.startIndex - 1) + 1;
    // A trailing comment of the statement before is not this statement's.
    if (source.slice(lineStart, previous.startIndex).trim() !== "") break;
    if (!known.has(previous.text.trim())) lines.unshift(previous.text);
    row = previous.startPosition.row;
    previous = previous.previousNamedSibling;
  }
  return lines;
}

/** A comment on the same line after a statement. */
function trailingComment(statement: PythonNode): string | undefined {
  const next = statement.nextNamedSibling;
  return next?.type === "comment" && next.startPosition.row === statement.endPosition.row ? next.text : undefined;
}

/** An insertion into the target: `text` replaces `at`..`replaceTo` (or is inserted at `at`). */
interface Insertion {
  at: number;
  text: string;
  replaceTo?: number;
}

/** Text that adds `names` to an `__all__` literal, in its own layout (one per line when it is multi-line). */
function extendLiteral(target: string, literal: PythonNode, names: readonly string[]): Insertion {
  const elements = literal.namedChildren.filter((c) => c.type === "string");
  const quote = elements[0]?.text.match(/^[a-zA-Z]*(['"])/)?.[1] ?? '"';
  const quoted = names.map((n) => `${quote}${n}${quote}`);
  const close = literal.endIndex - 1;
  const last = elements[elements.length - 1];
  if (!last)
    return { at: close, text: quoted.join(", ") + (literal.type === "tuple" && names.length === 1 ? "," : "") };
  const afterLast = target.slice(last.endIndex, close);
  const comma = /^\s*,/.exec(afterLast);
  if (!target.slice(literal.startIndex, close).includes("\n")) {
    return comma
      ? { at: last.endIndex + comma[0].length, text: ` ${quoted.join(", ")},` }
      : { at: last.endIndex, text: `, ${quoted.join(", ")}` };
  }
  // Multi-line: new names go on lines of their own after the last one's line (its comment stays on it).
  const lastLineStart = target.lastIndexOf("\n", last.startIndex - 1) + 1;
  const indent = /^[ \t]*/.exec(target.slice(lastLineStart))![0];
  const lineEnd = target.indexOf("\n", last.endIndex);
  const at = lineEnd >= 0 && lineEnd < close ? lineEnd : close;
  const lines = quoted.map((q, i) => `\n${indent}${q}${comma || i < quoted.length - 1 ? "," : ""}`).join("");
  if (comma) return { at, text: lines };
  // No trailing comma after the last name: it gets one, the new last name does not.
  return { at: last.endIndex, text: `,${target.slice(last.endIndex, at)}${lines}`, replaceTo: at };
}

/**
 * Merges two `__init__.py` versions. The target stays as written; `__all__` becomes the union (the target's order,
 * then names only the source lists) in the target's own literal; the target's docstring is kept and a different
 * source docstring is noted; import bindings and dunder assignments (`__version__`) only the source has are appended
 * in a marked block with the comments above them. Refuses (unresolved) a rebinding, a dunder with another value, a
 * `from __future__` import only the source has, and any other statement only the source has.
 */
export function mergePythonExports(target: string, source: string): MergeResult {
  const targetRoot = parsePython(target).rootNode;
  const sourceRoot = parsePython(source).rootNode;
  if (targetRoot.hasError || sourceRoot.hasError) return { unresolved: "a version does not parse as Python" };
  const targetStatements = targetRoot.namedChildren.filter((n) => n.type !== "comment");
  const targetKeys = new Set(targetStatements.map(statementKey));
  const targetBindings = new Map<string, string>();
  const targetDunders = new Map<string, string>();
  const targetAll: string[] = [];
  let targetAllLiteral: PythonNode | undefined;
  let targetAllComputed = false;
  for (const statement of targetStatements) {
    for (const binding of importBindings(statement) ?? []) targetBindings.set(binding.name, binding.origin);
    const dunder = dunderName(statement);
    if (dunder) targetDunders.set(dunder, assignmentOf(statement)!.childForFieldName("right")?.text ?? "");
    const all = allStatement(statement);
    if (all?.names) targetAll.push(...all.names);
    else if (all) targetAllComputed = true;
    if (all?.literal && !targetAllLiteral) targetAllLiteral = all.literal;
  }
  const lines: string[] = [];
  const sourceDoc = docstringOf(sourceRoot);
  const targetDoc = docstringOf(targetRoot);
  if (sourceDoc && statementKey(sourceDoc) !== (targetDoc && statementKey(targetDoc))) {
    const note = [
      `# the source's docstring (${targetDoc ? "the target's is kept" : "the target has none"}):`,
      ...sourceDoc.text.split("\n").map((line) => `# ${line}`.trimEnd()),
    ];
    if (!target.includes(note.join("\n"))) lines.push(...note);
  }
  const sourceAll: string[] = [];
  const appended: Binding[] = [];
  for (const statement of sourceRoot.namedChildren) {
    if (statement.type === "comment" || statement.id === sourceDoc?.id || targetKeys.has(statementKey(statement)))
      continue;
    const line = statement.startPosition.row + 1;
    const all = allStatement(statement);
    if (all) {
      if (!all.names)
        return { unresolved: `source line ${line} computes __all__ ("${statementKey(statement).slice(0, 60)}")` };
      sourceAll.push(...all.names);
      continue;
    }
    const dunder = dunderName(statement);
    if (dunder) {
      const value = assignmentOf(statement)!.childForFieldName("right")?.text ?? "";
      if (targetDunders.has(dunder))
        return { unresolved: `${dunder} differs: the target has ${targetDunders.get(dunder)}, the source ${value}` };
      lines.push(...leadingComments(statement, source, target), withTrailing(statement.text, statement));
      continue;
    }
    const bindings = importBindings(statement);
    if (!bindings) {
      const excerpt = statementKey(statement).slice(0, 60);
      return {
        unresolved: `source line ${line} has a statement the target lacks (${statement.type}: "${excerpt}"); only imports, __all__ and dunder assignments merge`,
      };
    }
    const fresh: Binding[] = [];
    for (const binding of bindings) {
      const existing = targetBindings.get(binding.name);
      if (existing === binding.origin || appended.some((b) => b.name === binding.name && b.origin === binding.origin))
        continue;
      if (existing !== undefined || appended.some((b) => b.name === binding.name)) {
        return {
          unresolved: `source line ${line} binds ${binding.name} to ${binding.origin.replace(":", " ")}, the target binds it to ${(existing ?? "something else").replace(":", " ")}`,
        };
      }
      fresh.push(binding);
    }
    if (fresh.length === 0) continue;
    if (statement.type === "future_import_statement")
      return { unresolved: `source line ${line} has a from __future__ import the target lacks; it must open the file` };
    appended.push(...fresh);
    lines.push(...leadingComments(statement, source, target));
    // A statement whose every binding is new is copied as written; otherwise only its new names are re-imported.
    if (fresh.length === bindings.length) lines.push(withTrailing(statement.text, statement));
    else if (fresh[0].plain) lines.push(...fresh.map((b) => b.plain!));
    else
      lines.push(withTrailing(`from ${fresh[0].module} import ${fresh.map((b) => b.imported).join(", ")}`, statement));
  }
  let merged = target;
  const newNames = [...new Set(sourceAll)].filter((name) => !targetAll.includes(name));
  if (newNames.length > 0) {
    if (!targetAllLiteral)
      return {
        unresolved: targetAllComputed
          ? "the target computes __all__; add the source's names to it by hand"
          : "the source defines __all__ and the target does not; add __all__ to the target first",
      };
    const extension = extendLiteral(target, targetAllLiteral, newNames);
    merged = target.slice(0, extension.at) + extension.text + target.slice(extension.replaceTo ?? extension.at);
  }
  if (lines.length === 0) return { content: Buffer.from(merged, "utf8") };
  return { content: Buffer.from(appendMarkedBlock(merged, lines, "#"), "utf8") };
}

/** A statement's text with the comment that followed it on its line. */
function withTrailing(text: string, statement: PythonNode): string {
  const comment = trailingComment(statement);
  return comment ? `${text}  ${comment}` : text;
}
