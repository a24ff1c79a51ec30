import {
  isIdentifierPart,
  isIdentifierStart,
  skipPythonString,
  startsPythonString,
  Unsure,
  unlessUnsure,
} from "./python-lexing.js";

/** An import statement found by the scanner: `import a.b` (one per dotted name) or `from ..a import b, c`. */
export type ScannedImport =
  | { kind: "import"; name: string; line: number; column: number }
  | {
      kind: "from";
      level: number;
      module: string;
      names: { name: string }[];
      wildcard: boolean;
      line: number;
      column: number;
    };

/**
 * Finds the import statements of Python source without building a syntax tree (the verifier's fast path, like
 * TypeScript's `preProcessFile`): it skips comments and strings (f-string replacement fields included), tracks
 * brackets and statement starts (line starts, `;`, and `:` at bracket depth 0), and reads `import` / `from`
 * statements there, as tree-sitter's `import_statement` / `import_from_statement` (`from __future__` excluded) with
 * the same lines and columns. Returns undefined when unsure (non-ASCII identifiers or text before a statement on
 * its line, spaced dots, anything unexpected): the caller then parses the file.
 */
export function scanPythonImports(text: string): ScannedImport[] | undefined {
  return unlessUnsure(() => new Scanner(text).run());
}

class Scanner {
  private at = 0;
  private line = 1;
  private lineStart = 0;
  private readonly found: ScannedImport[] = [];
  constructor(private readonly text: string) {}

  run(): ScannedImport[] {
    const text = this.text;
    let depth = 0;
    let atStatement = true;
    while (this.at < text.length) {
      const c = text.charCodeAt(this.at);
      if (c === 10) {
        this.newline(this.at + 1);
        if (depth === 0) atStatement = true;
        continue;
      }
      if (c === 32 || c === 9 || c === 12 || c === 13) {
        this.at++;
        continue;
      }
      if (c === 92 && (text.charCodeAt(this.at + 1) === 10 || text.charCodeAt(this.at + 1) === 13)) {
        this.at += text.charCodeAt(this.at + 1) === 13 && text.charCodeAt(this.at + 2) === 10 ? 3 : 2;
        this.newline(this.at);
        continue;
      }
      if (c === 35) {
        this.skipComment();
        continue;
      }
      if (this.startsString()) {
        this.skipString();
        atStatement = false;
        continue;
      }
      if (c === 40 || c === 91 || c === 123) depth++;
      else if (c === 41 || c === 93 || c === 125) depth = Math.max(0, depth - 1);
      if (isIdentifierStart(c)) {
        const start = this.at;
        const word = this.identifier();
        if (atStatement && depth === 0 && (word === "import" || word === "from")) this.statement(word, start);
        atStatement = false;
        continue;
      }
      if (c > 127) {
        atStatement = false;
        this.at++;
        continue;
      }
      atStatement = depth === 0 && (c === 59 || c === 58);
      this.at++;
    }
    return this.found;
  }

  private newline(next: number): void {
    this.at = next;
    this.line++;
    this.lineStart = next;
  }

  private skipComment(): void {
    const end = this.text.indexOf("\n", this.at);
    this.at = end < 0 ? this.text.length : end;
  }

  private identifier(): string {
    const start = this.at;
    while (this.at < this.text.length && isIdentifierPart(this.text.charCodeAt(this.at))) this.at++;
    if (this.text.charCodeAt(this.at) > 127) throw new Unsure();
    return this.text.slice(start, this.at);
  }

  private startsString(): boolean {
    return startsPythonString(this.text, this.at);
  }

  private skipString(): void {
    const end = skipPythonString(this.text, this.at, (next) => {
      this.line++;
      this.lineStart = next;
    });
    if (end < 0) throw new Unsure();
    this.at = end;
  }

  /** Skips spaces, tabs and backslash continuations (and, inside parentheses, newlines and comments). */
  private space(inParentheses = false): void {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(this.at);
      if (c === 32 || c === 9 || c === 12 || c === 13) this.at++;
      else if (c === 92 && text.charCodeAt(this.at + 1) === 10) this.newline(this.at + 2);
      else if (inParentheses && c === 10) this.newline(this.at + 1);
      else if (inParentheses && c === 35) this.skipComment();
      else return;
    }
  }

  private mark(): () => void {
    const { at, line, lineStart } = this;
    return () => {
      this.at = at;
      this.line = line;
      this.lineStart = lineStart;
    };
  }

  private dotted(inParentheses: boolean): string {
    const parts = [this.identifier()];
    for (;;) {
      const back = this.mark();
      this.space(inParentheses);
      if (this.text[this.at] !== ".") {
        back();
        return parts.join(".");
      }
      this.at++;
      this.space(inParentheses);
      if (!isIdentifierStart(this.text.charCodeAt(this.at))) throw new Unsure();
      parts.push(this.identifier());
    }
  }

  private keyword(word: string, inParentheses = false): boolean {
    const back = this.mark();
    this.space(inParentheses);
    if (this.text.startsWith(word, this.at) && !isIdentifierPart(this.text.charCodeAt(this.at + word.length))) {
      this.at += word.length;
      return true;
    }
    back();
    return false;
  }

  private position(start: number): { line: number; column: number } {
    // Columns count UTF-16 units from the line start; anything non-ASCII before them makes the caller parse.
    for (let i = this.lineStart; i < start; i++) if (this.text.charCodeAt(i) > 127) throw new Unsure();
    return { line: this.line, column: start - this.lineStart + 1 };
  }

  private statement(word: string, start: number): void {
    if (word === "import") {
      for (;;) {
        this.space();
        if (!isIdentifierStart(this.text.charCodeAt(this.at))) throw new Unsure();
        const where = this.position(this.at);
        const name = this.dotted(false);
        this.found.push({ kind: "import", name, ...where });
        if (this.keyword("as")) {
          this.space();
          this.identifier();
        }
        this.space();
        if (this.text[this.at] !== ",") return;
        this.at++;
      }
    }
    const where = this.position(start);
    this.space();
    let level = 0;
    while (this.text[this.at] === ".") {
      level++;
      this.at++;
    }
    if (level > 0 && /[ \t\\]/.test(this.text[this.at] ?? "") && this.text.slice(this.at).trimStart().startsWith("."))
      throw new Unsure();
    this.space();
    const module = isIdentifierStart(this.text.charCodeAt(this.at)) && !this.peekImport() ? this.dotted(false) : "";
    if (level === 0 && module === "") throw new Unsure();
    if (!this.keyword("import")) throw new Unsure();
    this.space();
    if (this.text[this.at] === "*") {
      this.at++;
      if (module !== "__future__")
        this.found.push({ kind: "from", level, module, names: [], wildcard: true, ...where });
      return;
    }
    const inParentheses = this.text[this.at] === "(";
    if (inParentheses) this.at++;
    const names: { name: string }[] = [];
    for (;;) {
      this.space(inParentheses);
      if (inParentheses && this.text[this.at] === ")") break;
      if (!isIdentifierStart(this.text.charCodeAt(this.at))) throw new Unsure();
      names.push({ name: this.dotted(inParentheses) });
      if (this.keyword("as", inParentheses)) {
        this.space(inParentheses);
        this.identifier();
      }
      this.space(inParentheses);
      if (this.text[this.at] !== ",") break;
      this.at++;
    }
    if (inParentheses) {
      this.space(true);
      if (this.text[this.at] !== ")") throw new Unsure();
      this.at++;
    }
    if (module === "__future__" && level === 0) return;
    this.found.push({ kind: "from", level, module, names, wildcard: false, ...where });
  }

  /** True when the next word is `import` (so `from . import x` has no module). */
  private peekImport(): boolean {
    return this.text.startsWith("import", this.at) && !isIdentifierPart(this.text.charCodeAt(this.at + 6));
  }
}
