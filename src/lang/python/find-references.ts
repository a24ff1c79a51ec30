import type Parser from "tree-sitter";
import type { PythonNode } from "./parse-python.js";
import { importStatementsOf } from "./import-statements-of.js";
import { getDocstringQuery, parsePython } from "./parse-python.js";
import { isIdentifier } from "./module-index.js";
import { placesOfName, spellsName } from "./spells-name.js";
import { findDocRoleTargets, findDoctestSnippets } from "./docstring-text.js";
import { isSysModules, moduleListName, moduleNameApiHints, moduleNameCall } from "./module-name-apis.js";

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
  /** The `as` name, when aliased. */
  alias?: string;
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

/** A dotted module path held as text: `import_module("…")`, `mock.patch("…")`, `pytest_plugins`, a Sphinx role target. */
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
  /** String targets of `importlib.import_module`, `importlib.resources.files`, `mock.patch` and friends (module-name-apis.ts). */
  strings?: boolean;
  /** The file is a Sphinx `conf.py`: its module-level `extensions` list names modules. */
  sphinxConf?: boolean;
  /** Doctest lines and Sphinx roles inside docstrings. */
  docstrings?: boolean;
  /**
   * Names every wanted chain and docstring reference spells as a whole identifier (a move's moved names): chains
   * and docstrings that spell none are not collected, and the file is not walked for them. Imports and string
   * targets are always collected.
   */
  mentioning?: readonly string[];
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
    const alias = aliased ? child.childForFieldName("alias")?.text : undefined;
    out.push({
      kind: "import",
      name: dottedText(dotted),
      aliased,
      ...(alias ? { alias } : {}),
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

/** The string literal an argument starts with: `"a.b"`, `"a.b.%s" % x`, `"a.b.{}".format(x)`, `f"a.b.{x}"`, `"a.b." + x`. */
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

/** Where string references of one collection go, with the names the file's imports bind. */
interface StringSink {
  offset: number;
  lineOffset: number;
  columnOffset: number;
  out: PythonRef[];
  bindings: Map<string, string>;
  /** Module-level constants passed to a module-name API (`import_module(MODULE)`), with the API. */
  constants: Map<string, string>;
}

/** Adds the dotted module path a string literal starts with as a reference, when it has one. */
function pushStringRef(literal: { node: PythonNode; whole: boolean }, via: string, sink: StringSink): void {
  const parts = literal.node.namedChildren;
  const prefix = parts[0]?.text.replace(/['"]/g, "").toLowerCase() ?? "";
  const content = parts[1];
  if (prefix.includes("b") || content?.type !== "string_content" || content.namedChildCount > 0) return;
  const whole = literal.whole && parts.length === 3;
  const length = leadingDottedLength(content.text, whole);
  const name = content.text.slice(0, length);
  if (length === 0 || !name.split(".").every(isIdentifier)) return;
  const span = spanOf(content, sink.offset, sink.lineOffset, sink.columnOffset);
  sink.out.push({ kind: "string", name, via, ...span, end: span.start + length });
}

/** A call to a module-name API: its string argument (or the `package=` of `import_module`), or the constant it passes. */
function collectStringTarget(call: PythonNode, sink: StringSink): void {
  const fn = call.childForFieldName("function");
  const chain = fn ? flattenChain(fn) : undefined;
  const via = chain ? moduleNameCall(chain.parts, sink.bindings) : undefined;
  if (!via) return;
  const args = call.childForFieldName("arguments")?.namedChildren ?? [];
  const first = args[0];
  if (first?.type === "identifier") sink.constants.set(first.text, via);
  else if (first && first.type !== "keyword_argument") {
    const literal = leadingString(first);
    if (literal) pushStringRef(literal, via, sink);
  }
  for (const arg of args) {
    if (arg.type !== "keyword_argument" || arg.childForFieldName("name")?.text !== "package") continue;
    const value = arg.childForFieldName("value");
    if (value?.type === "string") pushStringRef({ node: value, whole: true }, via, sink);
  }
}

/** `sys.modules["a.b"]`: the key names a module. */
function collectModulesKey(subscript: PythonNode, sink: StringSink): void {
  const value = subscript.childForFieldName("value");
  const chain = value ? flattenChain(value) : undefined;
  if (!chain || !isSysModules(chain.parts, sink.bindings)) return;
  const key = subscript.childForFieldName("subscript");
  if (key?.type === "string") pushStringRef({ node: key, whole: true }, "sys.modules", sink);
}

/** Module-level `pytest_plugins = [...]`, Sphinx `extensions = [...]`, and constants passed to module-name APIs. */
function collectModuleLevelStrings(root: PythonNode, sphinxConf: boolean, sink: StringSink): void {
  for (const statement of root.namedChildren) {
    if (statement.type !== "expression_statement") continue;
    const assignment = statement.namedChildren[0];
    if (assignment?.type !== "assignment" && assignment?.type !== "augmented_assignment") continue;
    const left = assignment.childForFieldName("left");
    const right = assignment.childForFieldName("right");
    if (left?.type !== "identifier" || !right) continue;
    const list = moduleListName(left.text, sphinxConf);
    const via = list ?? sink.constants.get(left.text);
    if (!via) continue;
    const values = list && (right.type === "list" || right.type === "tuple") ? right.namedChildren : [right];
    for (const value of values) if (value.type === "string") pushStringRef({ node: value, whole: true }, via, sink);
  }
}

function collectChains(
  root: PythonNode,
  text: string,
  boundRoots: Set<string>,
  mentioning: readonly string[] | undefined,
  offset: number,
  lineOffset: number,
  columnOffset: number,
  out: PythonRef[],
): void {
  const candidates = mentioning ? chainsSpelling(root, text, mentioning) : root.descendantsOfType("attribute");
  for (const node of candidates) {
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

/**
 * The outermost node of the attribute chain (`a.b.c`) an identifier is part of, or the identifier itself: up
 * through the chain, an identifier is its attribute's object or attribute, an attribute only its object.
 */
function outermostChainOf(identifier: PythonNode): PythonNode {
  let node = identifier;
  for (let parent = node.parent; parent?.type === "attribute"; parent = node.parent) {
    const isPart =
      parent.childForFieldName("object")?.id === node.id ||
      (node.type === "identifier" && parent.childForFieldName("attribute")?.id === node.id);
    if (!isPart) break;
    node = parent;
  }
  return node;
}

/**
 * The calls and subscripts that can name a module-name API (`moduleNameCall`, `isSysModules`), in source order. Each
 * such call's function, or subscript's value, is a chain of identifiers one of which holds a hint word
 * (`moduleNameApiHints`: `importlib.import_module`, `mock.patch.dict`, `importlib_resources.files`, `sys.modules`)
 * or is a name the file's imports bind to something that holds one (`files` from `importlib.resources`, an alias
 * `ir` of `importlib_resources`). So they are found from those words' places in the text, up the chain to the call
 * or subscript it is the function or value of, instead of visiting every call of the tree.
 */
export function callsNamingModuleApis(
  root: PythonNode,
  text: string,
  bindings: ReadonlyMap<string, string>,
): PythonNode[] {
  const words = new Set(moduleNameApiHints);
  for (const [name, bound] of bindings) if (moduleNameApiHints.some((hint) => bound.includes(hint))) words.add(name);
  const found = new Map<string, PythonNode>();
  for (const word of words) {
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
      const identifier = root.descendantForIndex(at, at + word.length);
      if (identifier.type !== "identifier") continue;
      const node = outermostChainOf(identifier);
      const holder = node.parent;
      const field = holder?.type === "call" ? "function" : holder?.type === "subscript" ? "value" : undefined;
      if (holder && field && holder.childForFieldName(field)?.id === node.id)
        found.set(`${holder.startIndex}:${holder.endIndex}`, holder);
    }
  }
  // No two start together (the function or value of each is a plain chain, never another call or subscript).
  return [...found.values()].sort((a, b) => a.startIndex - b.startIndex);
}

/**
 * The outermost attribute nodes that hold one of `names` as an identifier, in source order: found from the names'
 * places in the text rather than by walking every attribute of the tree (a chain that spells none of them is not
 * wanted, and most files hold thousands of chains).
 */
function chainsSpelling(root: PythonNode, text: string, names: readonly string[]): PythonNode[] {
  const found = new Map<number, PythonNode>();
  for (const name of names) {
    for (const at of placesOfName(text, name)) {
      const identifier = root.descendantForIndex(at, at + name.length);
      if (identifier.type !== "identifier" || identifier.startIndex !== at || identifier.endIndex !== at + name.length)
        continue;
      const node = outermostChainOf(identifier);
      if (node.type === "attribute") found.set(node.startIndex, node);
    }
  }
  return [...found.values()].sort((a, b) => a.startIndex - b.startIndex);
}

/**
 * The docstrings (strings that are their statement's only named child) that spell one of `names`, in source order:
 * found from the names' places in the text, climbing from each place to the statement holding it, instead of
 * matching every bare string of the tree. Inside a docstring the climb meets its expression statement before any
 * other statement (a string holds only expressions); elsewhere it stops at the first statement, block or clause.
 */
export function docstringsSpelling(root: PythonNode, text: string, names: readonly string[]): PythonNode[] {
  const found = new Map<number, PythonNode>();
  for (const name of names) {
    for (const at of placesOfName(text, name)) {
      for (let node: PythonNode | null = root.descendantForIndex(at, at + name.length); node; node = node.parent) {
        if (node.type === "expression_statement") {
          const only = node.namedChildCount === 1 ? node.firstNamedChild : null;
          if (only?.type === "string") found.set(only.startIndex, only);
          break;
        }
        if (/(statement|definition|clause)$/.test(node.type) || node.type === "block" || node.type === "module") break;
      }
    }
  }
  return [...found.values()].sort((a, b) => a.startIndex - b.startIndex);
}

/** True when a string is its statement's only named child (the query's anchors also admit `"a" "b"`-like shapes). */
function isOnlyChild(stringNode: PythonNode): boolean {
  return stringNode.parent?.namedChildCount === 1;
}

function collectDocstring(
  stringNode: PythonNode,
  text: string,
  mentioning: readonly string[] | undefined,
  out: PythonRef[],
): void {
  const docText = text.slice(stringNode.startIndex, stringNode.endIndex);
  // A doctest session or role that spells no wanted name holds no wanted reference (CollectOptions.mentioning).
  if (mentioning && !mentioning.some((name) => spellsName(docText, name))) return;
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
      collectChains(
        root,
        snippet.code,
        boundRoots,
        mentioning,
        base + snippet.start,
        baseLine + snippet.line,
        snippet.column,
        out,
      );
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

/** What the names a file's imports bind refer to (`files` → `importlib.resources.files`, `ir` → `importlib_resources`). */
function importBindings(refs: readonly PythonRef[]): Map<string, string> {
  const bindings = new Map<string, string>();
  for (const ref of refs) {
    if (ref.kind === "import" && ref.alias) bindings.set(ref.alias, ref.name);
    else if (ref.kind === "from" && ref.level === 0)
      for (const name of ref.names) bindings.set(name.alias ?? name.name, `${ref.module}.${name.name}`);
  }
  return bindings;
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
  // Cheap text checks first: most files have no string targets or doctests, and walking their calls and statements costs more than parsing.
  const strings = options.strings === true && moduleNameApiHints.some((hint) => text.includes(hint));
  const withDocstrings =
    options.docstrings === true &&
    (text.includes(">>>") || text.includes(":`")) &&
    (options.mentioning === undefined || options.mentioning.some((name) => spellsName(text, name)));
  const boundRoots = new Set<string>();
  const first = out.length;
  for (const node of importStatementsOf(root, text)) {
    if (node.type === "import_statement") {
      const before = out.length;
      collectImport(node, offset, lineOffset, columnOffset, out);
      for (const ref of out.slice(before))
        if (ref.kind === "import" && !ref.aliased) boundRoots.add(ref.name.split(".")[0]);
    } else collectFromImport(node, offset, lineOffset, columnOffset, out);
  }
  if (options.strings) {
    // Calls are looked at after every import is known, so `files` bound by `from importlib.resources import files` counts.
    const sink: StringSink = {
      offset,
      lineOffset,
      columnOffset,
      out,
      bindings: importBindings(out.slice(first)),
      constants: new Map(),
    };
    const targets = strings ? callsNamingModuleApis(root, text, sink.bindings) : [];
    for (const node of targets) {
      if (node.type === "call") collectStringTarget(node, sink);
      else collectModulesKey(node, sink);
    }
    const lists = text.includes("pytest_plugins") || (options.sphinxConf === true && text.includes("extensions"));
    if (lists || sink.constants.size > 0) collectModuleLevelStrings(root, options.sphinxConf === true, sink);
  }
  if (withDocstrings) {
    const docstrings = options.mentioning
      ? docstringsSpelling(root, text, options.mentioning)
      : getDocstringQuery()
          .captures(root)
          .map((capture) => capture.node)
          .filter(isOnlyChild);
    for (const node of docstrings) collectDocstring(node, text, options.mentioning, out);
  }
  if (options.chains && boundRoots.size > 0)
    collectChains(root, text, boundRoots, options.mentioning, offset, lineOffset, columnOffset, out);
}

/** Collects every module reference of a parsed Python file, in source order of their kind (imports, then chains). */
export function collectPythonReferences(tree: Parser.Tree, text: string, options: CollectOptions = {}): PythonRef[] {
  const out: PythonRef[] = [];
  collectFromTree(tree.rootNode, text, options, 0, 0, 0, out);
  return out;
}
