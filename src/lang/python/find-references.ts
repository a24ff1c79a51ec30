import type Parser from "tree-sitter";
import type { PythonNode } from "./parse-python.js";
import { getDocstringQuery, parsePython } from "./parse-python.js";
import { isIdentifier } from "./module-index.js";
import { findDocRoleTargets, findDoctestSnippets } from "./docstring-text.js";

/** Position of a reference (UTF-16 indices into the file text, 1-based line/column). */
export interface RefSpan {
  start: number;
  end: number;
  line: number;
  column: number;
}

/** `import a.b.c` / `import a.b.c as x`: the dotted name. */
export interface ImportRef extends RefSpan {
  kind: "import";
  name: string;
  aliased: boolean;
}

/** One name of a from-import (`c` or `c as d`). */
export interface FromName {
  name: string;
  start: number;
  end: number;
  alias?: string;
}

/** `from [.]*a.b import c, d as e` or `from a.b import *`; the span is the whole statement. */
export interface FromImportRef extends RefSpan {
  kind: "from";
  level: number;
  module: string;
  moduleStart: number;
  moduleEnd: number;
  names: FromName[];
  wildcard: boolean;
}

/** A dotted module path held as text: `import_module("…")`, `mock.patch("…")`, a Sphinx role target. */
export interface DottedTextRef extends RefSpan {
  kind: "string" | "doc-role";
  name: string;
  /** The call (`importlib.import_module`) or role (`:func:`) naming it. */
  via: string;
}

/** A pure attribute chain `a.b.c.f` rooted at an identifier; `prefixEnds[i]` ends the first i+1 parts. */
export interface ChainRef extends RefSpan {
  kind: "chain";
  parts: string[];
  prefixEnds: number[];
}

/** Any reference to a module the Python rewriter and verifier look at. */
export type PythonRef = ImportRef | FromImportRef | DottedTextRef | ChainRef;

/** What to collect besides import statements. */
export interface CollectOptions {
  /** Attribute chains rooted at names bound by plain `import a.b` statements. */
  chains?: boolean;
  /** String targets of `importlib.import_module`, `mock.patch` and friends. */
  strings?: boolean;
  /** Doctest lines and Sphinx roles inside docstrings. */
  docstrings?: boolean;
}

function spanOf(node: PythonNode, offset: number, lineOffset: number, columnOffset: number): RefSpan {
  const row = node.startPosition.row;
  return {
    start: node.startIndex + offset,
    end: node.endIndex + offset,
    line: row + 1 + lineOffset,
    column: node.startPosition.column + 1 + (row === 0 ? columnOffset : 0),
  };
}

/** Dotted text of a `dotted_name` node without any whitespace or comments inside it. */
function dottedText(node: PythonNode): string {
  return node.namedChildren
    .filter((child) => child.type === "identifier")
    .map((child) => child.text)
    .join(".");
}

function collectImport(
  node: PythonNode,
  offset: number,
  lineOffset: number,
  columnOffset: number,
  out: PythonRef[],
): void {
  for (const child of node.childrenForFieldName("name")) {
    const aliased = child.type === "aliased_import";
    const dotted = aliased ? child.childForFieldName("name") : child;
    if (dotted?.type !== "dotted_name") continue;
    out.push({
      kind: "import",
      name: dottedText(dotted),
      aliased,
      ...spanOf(dotted, offset, lineOffset, columnOffset),
    });
  }
}

function collectFromImport(
  node: PythonNode,
  offset: number,
  lineOffset: number,
  columnOffset: number,
  out: PythonRef[],
): void {
  const moduleNode = node.childForFieldName("module_name");
  if (!moduleNode) return;
  let level = 0;
  let module = "";
  if (moduleNode.type === "relative_import") {
    for (const child of moduleNode.namedChildren) {
      if (child.type === "import_prefix") level = child.text.length;
      else if (child.type === "dotted_name") module = dottedText(child);
    }
  } else module = dottedText(moduleNode);
  const names: FromName[] = [];
  for (const child of node.childrenForFieldName("name")) {
    if (child.type === "aliased_import") {
      const name = child.childForFieldName("name");
      const alias = child.childForFieldName("alias");
      if (name)
        names.push({
          name: dottedText(name),
          start: name.startIndex + offset,
          end: name.endIndex + offset,
          alias: alias?.text,
        });
    } else if (child.type === "dotted_name") {
      names.push({ name: dottedText(child), start: child.startIndex + offset, end: child.endIndex + offset });
    }
  }
  const wildcard = node.namedChildren.some((child) => child.type === "wildcard_import");
  out.push({
    kind: "from",
    level,
    module,
    moduleStart: moduleNode.startIndex + offset,
    moduleEnd: moduleNode.endIndex + offset,
    names,
    wildcard,
    ...spanOf(node, offset, lineOffset, columnOffset),
  });
}

/** Dotted text of a pure attribute/identifier chain, or undefined when something else (a call, a subscript) is inside. */
function flattenChain(node: PythonNode): { parts: string[]; ends: number[] } | undefined {
  if (node.type === "identifier") return { parts: [node.text], ends: [node.endIndex] };
  if (node.type !== "attribute") return undefined;
  const object = node.childForFieldName("object");
  const attribute = node.childForFieldName("attribute");
  if (!object || !attribute) return undefined;
  const inner = flattenChain(object);
  if (!inner) return undefined;
  inner.parts.push(attribute.text);
  inner.ends.push(attribute.endIndex);
  return inner;
}

const callHints = ["import_module", "__import__", "find_spec", "patch", "setattr", "delattr"];
const callTails = new Set([
  "import_module",
  "__import__",
  "find_spec",
  "patch",
  "patch.dict",
  "patch.multiple",
  "monkeypatch.setattr",
  "monkeypatch.delattr",
]);

/** The call name graft treats as taking a module path string (`importlib.import_module`, `mock.patch`, …), if any. */
function stringTargetCall(call: PythonNode): string | undefined {
  const fn = call.childForFieldName("function");
  if (!fn) return undefined;
  const chain = flattenChain(fn);
  if (!chain) return undefined;
  const last = chain.parts[chain.parts.length - 1];
  const lastTwo = chain.parts.slice(-2).join(".");
  return callTails.has(last) || callTails.has(lastTwo) ? chain.parts.join(".") : undefined;
}

/** The string literal a call's first argument starts with: `"a.b"`, `"a.b.%s" % x`, `"a.b.{}".format(x)`, `f"a.b.{x}"`, `"a.b." + x`. */
function leadingString(arg: PythonNode): { node: PythonNode; whole: boolean } | undefined {
  if (arg.type === "string") return { node: arg, whole: true };
  if (arg.type === "binary_operator") {
    const left = arg.childForFieldName("left");
    return left?.type === "string" ? { node: left, whole: false } : undefined;
  }
  if (arg.type === "call") {
    const fn = arg.childForFieldName("function");
    const object =
      fn?.type === "attribute" && fn.childForFieldName("attribute")?.text === "format"
        ? fn.childForFieldName("object")
        : null;
    return object?.type === "string" ? { node: object, whole: false } : undefined;
  }
  return undefined;
}

/** Length of the dotted module path a (possibly partial) string starts with: whole parts only, up to the last complete dot. */
function leadingDottedLength(content: string, whole: boolean): number {
  let end = 0;
  while (end < content.length && /[A-Za-z0-9_.]/.test(content[end])) end++;
  if (whole && end === content.length) return end;
  return Math.max(0, content.lastIndexOf(".", end - 1));
}

function collectStringTarget(
  call: PythonNode,
  offset: number,
  lineOffset: number,
  columnOffset: number,
  out: PythonRef[],
): void {
  const via = stringTargetCall(call);
  if (!via) return;
  const first = call.childForFieldName("arguments")?.namedChildren[0];
  const literal = first ? leadingString(first) : undefined;
  if (!literal) return;
  const parts = literal.node.namedChildren;
  const prefix = parts[0]?.text.replace(/['"]/g, "").toLowerCase() ?? "";
  const content = parts[1];
  if (prefix.includes("b") || content?.type !== "string_content" || content.namedChildCount > 0) return;
  const whole = literal.whole && parts.length === 3;
  const length = leadingDottedLength(content.text, whole);
  const name = content.text.slice(0, length);
  if (length === 0 || !name.split(".").every(isIdentifier)) return;
  const span = spanOf(content, offset, lineOffset, columnOffset);
  out.push({ kind: "string", name, via, ...span, end: span.start + length });
}

function collectChains(
  root: PythonNode,
  boundRoots: Set<string>,
  offset: number,
  lineOffset: number,
  columnOffset: number,
  out: PythonRef[],
): void {
  for (const node of root.descendantsOfType("attribute")) {
    const parent = node.parent;
    if (parent?.type === "attribute" && parent.childForFieldName("object")?.id === node.id) continue;
    if (node.closest(["import_statement", "import_from_statement"])) continue;
    const chain = flattenChain(node);
    if (!chain || !boundRoots.has(chain.parts[0])) continue;
    out.push({
      kind: "chain",
      parts: chain.parts,
      prefixEnds: chain.ends.map((end) => end + offset),
      ...spanOf(node, offset, lineOffset, columnOffset),
    });
  }
}

/** True when a string is its statement's only named child (the query's anchors also admit `"a" "b"`-like shapes). */
function isOnlyChild(stringNode: PythonNode): boolean {
  return stringNode.parent?.namedChildCount === 1;
}

function collectDocstring(stringNode: PythonNode, text: string, out: PythonRef[]): void {
  const docText = text.slice(stringNode.startIndex, stringNode.endIndex);
  const base = stringNode.startIndex;
  const baseLine = stringNode.startPosition.row;
  const snippets = findDoctestSnippets(docText).map((snippet) => ({
    snippet,
    root: parsePython(snippet.code).rootNode,
  }));
  // A doctest session is one namespace: `>>> import a.b` on one line binds `a` for the chains of later lines.
  const boundRoots = new Set<string>();
  for (const { snippet, root } of snippets) {
    const before = out.length;
    collectFromTree(
      root,
      snippet.code,
      { strings: true },
      base + snippet.start,
      baseLine + snippet.line,
      snippet.column,
      out,
    );
    for (const ref of out.slice(before))
      if (ref.kind === "import" && !ref.aliased) boundRoots.add(ref.name.split(".")[0]);
  }
  if (boundRoots.size > 0) {
    for (const { snippet, root } of snippets)
      collectChains(root, boundRoots, base + snippet.start, baseLine + snippet.line, snippet.column, out);
  }
  for (const role of findDocRoleTargets(docText)) {
    const before = docText.slice(0, role.start);
    const line = baseLine + before.split("\n").length;
    out.push({
      kind: "doc-role",
      name: role.target,
      via: role.role,
      start: base + role.start,
      end: base + role.end,
      line,
      column: role.start - before.lastIndexOf("\n"),
    });
  }
}

function collectFromTree(
  root: PythonNode,
  text: string,
  options: CollectOptions,
  offset: number,
  lineOffset: number,
  columnOffset: number,
  out: PythonRef[],
): void {
  const types = ["import_statement", "import_from_statement"];
  // Cheap text checks first: most files have no string targets or doctests, and walking their calls and statements costs more than parsing.
  if (options.strings && callHints.some((hint) => text.includes(hint))) types.push("call");
  const withDocstrings = options.docstrings === true && (text.includes(">>>") || text.includes(":`"));
  const boundRoots = new Set<string>();
  for (const node of root.descendantsOfType(types)) {
    switch (node.type) {
      case "import_statement": {
        const before = out.length;
        collectImport(node, offset, lineOffset, columnOffset, out);
        for (const ref of out.slice(before))
          if (ref.kind === "import" && !ref.aliased) boundRoots.add(ref.name.split(".")[0]);
        break;
      }
      case "import_from_statement":
        collectFromImport(node, offset, lineOffset, columnOffset, out);
        break;
      case "call":
        collectStringTarget(node, offset, lineOffset, columnOffset, out);
        break;
    }
  }
  if (withDocstrings) {
    for (const capture of getDocstringQuery().captures(root))
      if (isOnlyChild(capture.node)) collectDocstring(capture.node, text, out);
  }
  if (options.chains && boundRoots.size > 0) collectChains(root, boundRoots, offset, lineOffset, columnOffset, out);
}

/** Collects every module reference of a parsed Python file, in source order of their kind (imports, then chains). */
export function collectPythonReferences(tree: Parser.Tree, text: string, options: CollectOptions = {}): PythonRef[] {
  const out: PythonRef[] = [];
  collectFromTree(tree.rootNode, text, options, 0, 0, 0, out);
  return out;
}
