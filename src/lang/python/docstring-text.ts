import { isIdentifier } from "./module-index.js";

/** One doctest source line inside a docstring: the code after its `>>> ` / `... ` prompt. */
export interface DoctestSnippet {
  code: string;
  /** Index of the code's first character in the docstring text. */
  start: number;
  /** 0-based line of the snippet within the docstring text. */
  line: number;
  /** 0-based column of the code within its line. */
  column: number;
}

/** A Sphinx cross-reference target (`:func:`~a.b.f``) inside a docstring. */
export interface DocRoleTarget {
  role: string;
  target: string;
  /** Range of the target's dotted name in the docstring text. */
  start: number;
  end: number;
}

/** Finds doctest lines (`>>> code`, `... code`) of a docstring; each is parsed on its own. */
export function findDoctestSnippets(docText: string): DoctestSnippet[] {
  const snippets: DoctestSnippet[] = [];
  let lineStart = 0;
  let line = 0;
  while (lineStart <= docText.length) {
    const newline = docText.indexOf("\n", lineStart);
    const lineEnd = newline < 0 ? docText.length : newline;
    let column = lineStart;
    while (column < lineEnd && (docText[column] === " " || docText[column] === "\t")) column++;
    const prompt = docText.slice(column, column + 4);
    // Only `>>> ` lines: a `... ` line continues a statement and does not parse alone.
    if (prompt === ">>> ") {
      const start = column + 4;
      snippets.push({ code: docText.slice(start, lineEnd), start, line, column: start - lineStart });
    }
    if (newline < 0) break;
    lineStart = newline + 1;
    line++;
  }
  return snippets;
}

const roleNames = new Set(["mod", "func", "class", "meth", "attr", "data", "exc", "obj", "const", "type", "ref"]);

/** Finds Sphinx Python-domain roles (`:mod:`, `:func:`, `:py:class:` …) and the dotted target of each. */
export function findDocRoleTargets(docText: string): DocRoleTarget[] {
  const targets: DocRoleTarget[] = [];
  let at = docText.indexOf(":`");
  while (at >= 0) {
    const roleStart = docText.lastIndexOf(":", at - 1);
    let role = roleStart >= 0 ? docText.slice(roleStart + 1, at) : "";
    if (roleStart >= 3 && docText.slice(roleStart - 3, roleStart) === ":py") role = `py:${role}`;
    const name = role.startsWith("py:") ? role.slice(3) : role;
    const close = docText.indexOf("`", at + 2);
    if (close < 0) break;
    if (roleNames.has(name) && name !== "ref") {
      let start = at + 2;
      let end = close;
      const open = docText.lastIndexOf("<", end);
      // `title <target>` form: the target sits inside the angle brackets.
      if (open >= start && docText[end - 1] === ">") {
        start = open + 1;
        end -= 1;
      }
      while (start < end && (docText[start] === "~" || docText[start] === "!")) start++;
      const target = docText.slice(start, end);
      if (target.split(".").every(isIdentifier)) targets.push({ role: `:${role}:`, target, start, end });
    }
    at = docText.indexOf(":`", close + 1);
  }
  return targets;
}
