import type { ModuleSymbols } from "./module-symbols.js";
import { implicitModuleNames } from "./module-symbols.js";
import {
  isIdentifierPart,
  isIdentifierStart,
  isPrefixLetter,
  skipPythonString,
  startsPythonString,
  Unsure,
  unlessUnsure,
} from "./python-lexing.js";

/** A token of a module-level statement: `depth` is the bracket depth it sits at (a bracket's own is the outer one). */
interface Token {
  kind: "name" | "op" | "literal";
  text: string;
  depth: number;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/** Words that are never an assignment target (`print`/`exec`: Python 2 statements, which tree-sitter knows). */
const notTargets = new Set(
  "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield print exec".split(
    " ",
  ),
);
const compoundWords = new Set("if elif else while for try except finally with def class async".split(" "));
const augmented = new Set(["+=", "-=", "*=", "/=", "//=", "%=", "**=", ">>=", "<<=", "&=", "^=", "|=", "@="]);
/** CPython's limit on nested brackets ("too many nested parentheses"). */
const maxDepth = 200;
/** Characters that may start an operator or a bracket (`!` only in `!=`). */
const operatorStarts = "()[]{}:,.;@=+-*/%&|^~<>!";
/** Characters that form `X=` operators with a following `=`. */
const beforeEquals = "=!<>+-*/%&|^@:";
const numberPattern = /(?:0[xXoObB][\da-fA-F_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJ]?)/y;

/** The length of the operator at `at`: `**=`, `//=`, `>>=`, `<<=`, `...`, `X=`, `**`, `//`, `<<`, `>>`, `->`, or one character. */
function operatorLength(text: string, at: number): number {
  const c = text[at]!;
  const next = text[at + 1];
  if (next === "=" && beforeEquals.includes(c)) return 2;
  if (next === c && (c === "*" || c === "/" || c === "<" || c === ">")) return text[at + 2] === "=" ? 3 : 2;
  if (c === "-" && next === ">") return 2;
  if (c === "." && next === "." && text[at + 2] === ".") return 3;
  return 1;
}

/** What follows a soft keyword (`match`, `case`, `type`) used as a name in a statement. */
const afterSoftKeywordName = new Set(["=", ".", ",", ...augmented]);

/**
 * The names a module binds at top level, read without building a syntax tree: the same result as
 * `collectModuleSymbols` on tree-sitter's tree (the post-apply check's fast path: each `from m import n` needs m's
 * names, and each edited module's names before and after). It lexes the whole text (strings, f-string fields,
 * comments, brackets, continuation lines), tracks indentation to skip the bodies of `def` and `class`, and reads the
 * module-level statements that bind: assignments (chained, annotated, augmented; identifiers in tuple and list
 * targets, never attributes or subscripts), imports, `for` targets, `with … as` and `except … as`, definitions.
 * Returns undefined where it is unsure it reads the file as tree-sitter does: a walrus anywhere, tabs in
 * indentation, non-ASCII outside strings and comments, `match`/`case`/`type` statements, Python 2 forms, `except*`,
 * a target it cannot read, and an `as` inside a definition nested in a module-level `with` or `except` block (the
 * tree walk collects every `as` target below those statements, the definition's body included).
 */
export function scanModuleSymbols(text: string): ModuleSymbols | undefined {
  // A named expression anywhere (f-string fields included) makes the tree walk call the names open.
  if (text.includes(":=")) return undefined;
  return unlessUnsure(() => new SymbolScanner(text).run());
}

class SymbolScanner {
  private readonly symbols: ModuleSymbols = { names: new Set(implicitModuleNames), open: false };
  private tokens: Token[] = [];
  /** False inside the body of a def or class: its lines are lexed, not read. */
  private collecting = true;
  private indent = 0;
  /** The indentation of the def or class whose body is being skipped; -1 outside one. */
  private bodyOf = -1;
  /** True when that definition sits in a module-level `with` or `except` block. */
  private bodyInAsBlock = false;
  private expectDefinition = false;
  /** Module-level compound statements whose blocks enclose the current line. */
  private readonly blocks: { word: string; indent: number }[] = [];
  constructor(private readonly text: string) {}

  run(): ModuleSymbols {
    const text = this.text;
    let at = 0;
    let depth = 0;
    let atLineStart = true;
    while (at < text.length) {
      if (atLineStart) {
        let i = at;
        while (text.charCodeAt(i) === 32) i++;
        const c = text.charCodeAt(i);
        if (c === 9 || c === 12) throw new Unsure();
        if (i >= text.length) break;
        if (c === 10 || c === 13 || c === 35) {
          // A blank or comment-only line sets no indentation.
          const end = text.indexOf("\n", i);
          if (c === 13 && text.charCodeAt(i + 1) !== 10) throw new Unsure();
          at = end < 0 ? text.length : end + 1;
          continue;
        }
        this.beginLine(i - at);
        at = i;
        atLineStart = false;
      }
      const c = text.charCodeAt(at);
      if (c === 10) {
        at++;
        if (depth === 0) {
          this.endLine();
          atLineStart = true;
        }
        continue;
      }
      if (c === 13) {
        if (text.charCodeAt(at + 1) !== 10) throw new Unsure();
        at++;
        continue;
      }
      if (c === 32 || c === 9 || c === 12) {
        at++;
        continue;
      }
      if (c === 92) {
        const next = text.charCodeAt(at + 1);
        if (next === 10) at += 2;
        else if (next === 13 && text.charCodeAt(at + 2) === 10) at += 3;
        else throw new Unsure();
        continue;
      }
      if (c === 35) {
        const end = text.indexOf("\n", at);
        at = end < 0 ? text.length : end;
        continue;
      }
      // Only a quote or a prefix letter can start a string literal.
      if (c === 34 || c === 39 || (isPrefixLetter(c) && startsPythonString(text, at))) {
        at = skipPythonString(text, at, () => {});
        if (at < 0) throw new Unsure();
        this.push("literal", "", depth);
        continue;
      }
      if (isIdentifierStart(c)) {
        const start = at;
        while (at < text.length && isIdentifierPart(text.charCodeAt(at))) at++;
        if (text.charCodeAt(at) > 127) throw new Unsure();
        if (this.collecting) this.tokens.push({ kind: "name", text: text.slice(start, at), depth });
        else if (this.bodyInAsBlock && at - start === 2 && text.startsWith("as", start)) throw new Unsure();
        continue;
      }
      if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(at + 1)))) {
        numberPattern.lastIndex = at;
        numberPattern.exec(text);
        at = numberPattern.lastIndex;
        this.push("literal", "", depth);
        continue;
      }
      if (c > 127 || !operatorStarts.includes(text[at]!)) throw new Unsure();
      const length = operatorLength(text, at);
      if (c === 33 && length === 1) throw new Unsure();
      if (c === 40 || c === 91 || c === 123) {
        // CPython refuses more than 200 nested brackets; deeper text is no module whose names can be read.
        if (depth >= maxDepth) throw new Unsure();
        this.push("op", text[at]!, depth++);
      } else if (c === 41 || c === 93 || c === 125) {
        if (--depth < 0) throw new Unsure();
        this.push("op", text[at]!, depth);
      } else if (this.collecting) this.tokens.push({ kind: "op", text: text.slice(at, at + length), depth });
      at += length;
    }
    if (depth !== 0) throw new Unsure();
    this.endLine();
    if (this.expectDefinition) throw new Unsure();
    // `globals()` tricks bind names no walk can see: the tree walk tests the raw text, and so does this.
    if (this.text.includes("globals()")) this.symbols.open = true;
    return this.symbols;
  }

  private push(kind: Token["kind"], text: string, depth: number): void {
    if (this.collecting) this.tokens.push({ kind, text, depth });
  }

  private beginLine(indent: number): void {
    if (this.bodyOf >= 0 && indent > this.bodyOf) {
      this.collecting = false;
      return;
    }
    this.bodyOf = -1;
    this.bodyInAsBlock = false;
    while (this.blocks.length > 0 && this.blocks[this.blocks.length - 1]!.indent >= indent) this.blocks.pop();
    this.collecting = true;
    this.indent = indent;
  }

  private endLine(): void {
    const tokens = this.tokens;
    this.tokens = [];
    if (!this.collecting || tokens.length === 0) return;
    const first = tokens[0]!;
    if (this.expectDefinition && !(first.text === "@" || ["def", "class", "async"].includes(first.text)))
      throw new Unsure();
    this.expectDefinition = false;
    if (first.kind === "op" && first.text === "@") {
      this.expectDefinition = true;
      return;
    }
    this.statement(tokens, 0);
  }

  /** A logical line's first statement, compound or simple (`at` is its first token). */
  private statement(t: Token[], at: number): void {
    const word = t[at]!.kind === "name" ? t[at]!.text : "";
    if (word === "def" || word === "class") {
      const name = t[at + 1];
      if (name?.kind !== "name") throw new Unsure();
      this.symbols.names.add(name.text);
      if (name.text === "__getattr__") this.symbols.open = true;
      this.bodyOf = this.indent;
      this.bodyInAsBlock = this.blocks.some((block) => block.word === "with" || block.word === "except");
      if (this.bodyInAsBlock && t.some((token) => token.kind === "name" && token.text === "as")) throw new Unsure();
      return;
    }
    if (word === "async") {
      if (!["def", "for", "with"].includes(t[at + 1]?.text ?? "")) throw new Unsure();
      this.statement(t, at + 1);
      return;
    }
    if (!compoundWords.has(word)) {
      this.simpleStatements(t, at);
      return;
    }
    let colon = -1;
    for (let i = at + 1; i < t.length && colon < 0; i++) {
      if (t[i]!.depth !== 0) continue;
      if (t[i]!.kind === "op" && t[i]!.text === ":") colon = i;
      else if (t[i]!.kind === "name" && t[i]!.text === "lambda") throw new Unsure();
    }
    if (colon < 0) throw new Unsure();
    if (word === "for") {
      let inAt = at + 1;
      while (inAt < colon && !(t[inAt]!.depth === 0 && t[inAt]!.kind === "name" && t[inAt]!.text === "in")) inAt++;
      if (inAt >= colon) throw new Unsure();
      this.targetList(t, at + 1, inAt, this.symbols.names);
    } else if (word === "with") {
      for (let i = at + 1; i < colon; i++) {
        if (t[i]!.kind !== "name" || t[i]!.text !== "as") continue;
        const next = this.target(t, i + 1, colon, this.symbols.names);
        if (next !== colon && !(t[next]!.kind === "op" && (t[next]!.text === "," || t[next]!.text === ")")))
          throw new Unsure();
      }
    } else if (word === "except") {
      if (t[at + 1]?.text === "*" || t[at + 1]?.text === "**") throw new Unsure();
      for (let i = at + 1; i < colon; i++) {
        if (t[i]!.depth !== 0) continue;
        if (t[i]!.text === ",") throw new Unsure();
        if (t[i]!.kind === "name" && t[i]!.text === "as") {
          if (this.target(t, i + 1, colon, this.symbols.names) !== colon) throw new Unsure();
          break;
        }
      }
    }
    if (colon + 1 < t.length) this.simpleStatements(t, colon + 1);
    else this.blocks.push({ word, indent: this.indent });
  }

  /** Simple statements from `at` to the line's end, separated by `;` at depth 0. */
  private simpleStatements(t: Token[], at: number): void {
    let start = at;
    for (let i = at; i <= t.length; i++) {
      if (i < t.length && !(t[i]!.depth === 0 && t[i]!.kind === "op" && t[i]!.text === ";")) continue;
      if (i > start) this.simple(t, start, i);
      start = i + 1;
    }
  }

  private simple(t: Token[], a: number, b: number): void {
    const first = t[a]!;
    const word = first.kind === "name" ? first.text : "";
    if (compoundWords.has(word) || (first.kind === "op" && first.text === "@")) throw new Unsure();
    const next = t[a + 1];
    switch (word) {
      case "import":
        this.importNames(t, a + 1, b);
        return;
      case "from":
        this.fromNames(t, a + 1, b);
        return;
      case "global":
        this.symbols.open = true;
        return;
      case "nonlocal":
        return;
      case "print":
      case "exec":
        if (a + 1 === b) return;
        // A call reads the same in both Pythons; anything else may be a Python 2 statement (`exec` opens the names).
        if (next?.text === "(" && this.matching(t, a + 1) === b - 1) return;
        throw new Unsure();
      case "match":
      case "case":
      case "type":
        // Soft keywords: as names they are followed by an operator; a statement of theirs is left to the parser, and so
        // is a call or subscript (tree-sitter reads `type(a)` and a `[…]` on the next line as one type alias).
        if (a + 1 === b) return;
        if (next?.kind !== "op" || !afterSoftKeywordName.has(next.text)) throw new Unsure();
        if (word !== "type" && t.slice(a, b).some((token) => token.depth === 0 && token.text === ":"))
          throw new Unsure();
    }
    this.assignment(t, a, b);
  }

  /** Binds the targets of an assignment statement (plain, chained, annotated or augmented); other statements bind nothing. */
  private assignment(t: Token[], a: number, b: number): void {
    // After a `lambda` at depth 0 comes the value: its parameters' defaults are not assignments.
    let end = b;
    for (let i = a; i < b; i++)
      if (t[i]!.depth === 0 && t[i]!.kind === "name" && t[i]!.text === "lambda") {
        end = i;
        break;
      }
    const ops: number[] = [];
    for (let i = a; i < end; i++) {
      const token = t[i]!;
      if (
        token.depth === 0 &&
        token.kind === "op" &&
        (token.text === "=" || token.text === ":" || augmented.has(token.text))
      )
        ops.push(i);
    }
    if (ops.length === 0) return;
    const firstOp = t[ops[0]!]!.text;
    if (firstOp === ":" || augmented.has(firstOp)) {
      const rest = ops.slice(1).map((i) => t[i]!.text);
      if (rest.length > (firstOp === ":" ? 1 : 0) || rest.some((op) => op !== "=")) throw new Unsure();
      this.targetList(t, a, ops[0]!, this.symbols.names, true);
      return;
    }
    if (ops.some((i) => t[i]!.text !== "=")) throw new Unsure();
    let start = a;
    for (const op of ops) {
      this.targetList(t, start, op, this.symbols.names);
      start = op + 1;
    }
  }

  /** Reads targets separated by commas over [at, end), adding the names they bind; `single` allows one only. */
  private targetList(t: Token[], at: number, end: number, names: Set<string>, single = false): void {
    if (at >= end) throw new Unsure();
    let i = at;
    for (;;) {
      i = this.target(t, i, end, names);
      if (i === end) return;
      if (single || t[i]!.kind !== "op" || t[i]!.text !== ",") throw new Unsure();
      if (++i === end) return;
    }
  }

  /**
   * Reads one target from `at` and returns the index after it. It binds as tree-sitter's tree reads it: an identifier,
   * the identifiers inside a parenthesized or bracketed target list or after `*`, and nothing when an attribute,
   * subscript or call follows.
   */
  private target(t: Token[], at: number, end: number, names: Set<string>): number {
    const token = t[at];
    if (!token || at >= end) throw new Unsure();
    if (token.kind === "op" && token.text === "*") return this.target(t, at + 1, end, names);
    const found = new Set<string>();
    let i: number;
    if (token.kind === "name") {
      if (notTargets.has(token.text)) throw new Unsure();
      found.add(token.text);
      i = at + 1;
    } else if (token.kind === "op" && (token.text === "(" || token.text === "[")) {
      const close = this.matching(t, at);
      if (close >= end || close === at + 1) throw new Unsure();
      this.targetList(t, at + 1, close, found);
      i = close + 1;
    } else throw new Unsure();
    let trailed = false;
    while (i < end && t[i]!.kind === "op") {
      if (t[i]!.text === ".") {
        if (t[i + 1]?.kind !== "name" || i + 1 >= end) throw new Unsure();
        i += 2;
      } else if (t[i]!.text === "(" || t[i]!.text === "[") i = this.matching(t, i) + 1;
      else break;
      trailed = true;
    }
    if (!trailed) for (const name of found) names.add(name);
    return i;
  }

  /** The index of the bracket closing the one at `at`. */
  private matching(t: Token[], at: number): number {
    const depth = t[at]!.depth;
    for (let i = at + 1; i < t.length; i++)
      if (t[i]!.depth === depth && t[i]!.kind === "op" && ")]}".includes(t[i]!.text)) return i;
    throw new Unsure();
  }

  /** `import a.b as c, d`: binds c and d. */
  private importNames(t: Token[], at: number, end: number): void {
    let i = at;
    for (;;) {
      if (t[i]?.kind !== "name" || i >= end) throw new Unsure();
      const top = t[i]!.text;
      i++;
      while (i + 1 < end && t[i]!.text === "." && t[i + 1]!.kind === "name") i += 2;
      if (i < end && t[i]!.kind === "name" && t[i]!.text === "as") {
        if (t[i + 1]?.kind !== "name" || i + 1 >= end) throw new Unsure();
        this.symbols.names.add(t[i + 1]!.text);
        i += 2;
      } else this.symbols.names.add(top);
      if (i === end) return;
      if (t[i]!.text !== ",") throw new Unsure();
      i++;
    }
  }

  /** `from ..m import a as b, c` binds b and c; `import *` opens the names; `from __future__` binds nothing. */
  private fromNames(t: Token[], at: number, end: number): void {
    let i = at;
    let level = 0;
    while (i < end && (t[i]!.text === "." || t[i]!.text === "...")) level += t[i++]!.text.length;
    let module = "";
    if (i < end && t[i]!.kind === "name" && t[i]!.text !== "import") {
      module = t[i++]!.text;
      while (i + 1 < end && t[i]!.text === "." && t[i + 1]!.kind === "name") {
        module += `.${t[i + 1]!.text}`;
        i += 2;
      }
    }
    if (level === 0 && module === "") throw new Unsure();
    if (t[i]?.text !== "import" || i >= end) throw new Unsure();
    i++;
    const isFuture = level === 0 && module === "__future__";
    if (t[i]?.text === "*") {
      if (i + 1 !== end) throw new Unsure();
      if (!isFuture) this.symbols.open = true;
      return;
    }
    let stop = end;
    if (t[i]?.text === "(") {
      stop = this.matching(t, i);
      if (stop !== end - 1) throw new Unsure();
      i++;
    }
    const names: string[] = [];
    for (;;) {
      if (i >= stop || t[i]!.kind !== "name") throw new Unsure();
      let name = t[i++]!.text;
      if (i < stop && t[i]!.kind === "name" && t[i]!.text === "as") {
        if (i + 1 >= stop || t[i + 1]!.kind !== "name") throw new Unsure();
        name = t[i + 1]!.text;
        i += 2;
      }
      names.push(name);
      if (i === stop) break;
      if (t[i]!.text !== ",") throw new Unsure();
      if (++i === stop && stop !== end) break;
    }
    if (!isFuture) for (const name of names) this.symbols.names.add(name);
  }
}
