import type ts from "typescript";
import { loadTypeScript } from "../../shared/typescript.js";
import type { SpecifierKind } from "./types.js";

// Test-runner calls whose first string argument is a module specifier.
const mockObjects = new Set(["jest", "vi", "vitest"]);
/** Methods of jest/vi/vitest that take a module specifier as first argument. */
export const mockMethods = new Set([
  "mock",
  "doMock",
  "unmock",
  "doUnmock",
  "dontMock",
  "setMock",
  "requireActual",
  "requireMock",
  "importActual",
  "importMock",
  "createMockFromModule",
]);

/** Raw finding of the token scan: UTF-16 range inside the quotes. */
export interface ScannedSpecifier {
  text: string;
  kind: SpecifierKind;
  innerStart: number;
  innerEnd: number;
}

/**
 * Finds specifiers with the TypeScript scanner alone (about ten times faster than a full parse). A `/` is read as
 * division or as a regular expression from the token before it (an operand's end, or a place an operand must start);
 * it gives up, returning undefined, wherever tokens alone are ambiguous — a `/` after `}` or other tokens that could
 * be either, `import(…)` (expression or type, which resolve in different modes), generic mock calls, triple-slash
 * directives, unterminated literals — and the caller then parses the file. Files with JSX never come here.
 */
export function scanSpecifiers(text: string): { specifiers: ScannedSpecifier[]; ambientModules: string[] } | undefined {
  if (text.includes("///")) return undefined;
  const ts = loadTypeScript();
  const K = ts.SyntaxKind;
  // `import(` after these is an expression; elsewhere it may be a type (`: import("x").T`), resolved differently.
  const expressionImportPredecessors = new Set<ts.SyntaxKind>([
    K.AwaitKeyword,
    K.EqualsGreaterThanToken,
    K.ReturnKeyword,
    K.SemicolonToken,
    K.VoidKeyword,
  ]);
  const controlKeywords = new Set<ts.SyntaxKind>([K.IfKeyword, K.WhileKeyword, K.ForKeyword, K.WithKeyword]);
  // Tokens that end an operand: a `/` after one divides (as the parser reads `a\n/b/g` too).
  const operandEnds = new Set<ts.SyntaxKind>([
    K.Identifier,
    K.NumericLiteral,
    K.BigIntLiteral,
    K.StringLiteral,
    K.NoSubstitutionTemplateLiteral,
    K.TemplateTail,
    K.RegularExpressionLiteral,
    K.CloseBracketToken,
    K.ThisKeyword,
    K.SuperKeyword,
    K.TrueKeyword,
    K.FalseKeyword,
    K.NullKeyword,
  ]);
  // Tokens after which an operand must start: a `/` there opens a regular expression.
  const operandStarts = new Set<ts.SyntaxKind>([
    K.Unknown,
    K.OpenParenToken,
    K.OpenBracketToken,
    K.OpenBraceToken,
    K.CommaToken,
    K.SemicolonToken,
    K.ColonToken,
    K.QuestionToken,
    K.EqualsToken,
    K.EqualsEqualsToken,
    K.EqualsEqualsEqualsToken,
    K.ExclamationEqualsToken,
    K.ExclamationEqualsEqualsToken,
    K.AmpersandAmpersandToken,
    K.BarBarToken,
    K.QuestionQuestionToken,
    K.EqualsGreaterThanToken,
    K.PlusToken,
    K.MinusToken,
    K.AsteriskToken,
    K.PercentToken,
    K.ReturnKeyword,
    K.TypeOfKeyword,
    K.CaseKeyword,
    K.ThrowKeyword,
    K.VoidKeyword,
    K.DeleteKeyword,
    K.InKeyword,
    K.InstanceOfKeyword,
    K.DoKeyword,
    K.ElseKeyword,
  ]);
  // What a `/` after `before` is; "unknown" where tokens alone cannot tell (`}`, `)` of a block-less head, `x!`, `>`, …).
  const slashAfter = (before: ts.SyntaxKind, closedControl: boolean | undefined): "divide" | "regex" | "unknown" => {
    if (before === K.CloseParenToken)
      return closedControl === undefined ? "unknown" : closedControl ? "regex" : "divide";
    if (operandEnds.has(before)) return "divide";
    return operandStarts.has(before) ? "regex" : "unknown";
  };
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  const specifiers: ScannedSpecifier[] = [];
  const ambientModules: string[] = [];
  // Open `{` and template heads, so a `}` that resumes a template literal is rescanned as template text.
  const nesting: boolean[] = [];
  // Open `(`: whether it starts the head of `if`/`while`/`for`/`with`, after whose `)` a `/` starts a regular expression.
  const parens: boolean[] = [];
  let closedControlHead: boolean | undefined;
  let previous = K.Unknown as ts.SyntaxKind;
  let token = K.Unknown as ts.SyntaxKind;
  let failed = false;

  const next = (): ts.SyntaxKind => {
    previous = token;
    token = scanner.scan();
    if (token === K.OpenBraceToken) nesting.push(false);
    else if (token === K.TemplateHead) nesting.push(true);
    else if (token === K.CloseBraceToken && nesting.length > 0) {
      if (nesting[nesting.length - 1]) {
        token = scanner.reScanTemplateToken(false);
        if (token === K.TemplateTail) nesting.pop();
      } else nesting.pop();
    } else if (token === K.OpenParenToken) parens.push(controlKeywords.has(previous));
    else if (token === K.CloseParenToken) closedControlHead = parens.pop();
    else if (token === K.SlashToken || token === K.SlashEqualsToken) {
      const meaning = slashAfter(previous, closedControlHead);
      if (meaning === "regex") {
        token = scanner.reScanSlashToken();
        if (token !== K.RegularExpressionLiteral || scanner.isUnterminated()) failed = true;
      } else if (meaning === "unknown") failed = true;
    } else if (token === K.Unknown) failed = true;
    else if ((token === K.StringLiteral || token === K.NoSubstitutionTemplateLiteral) && scanner.isUnterminated())
      failed = true;
    return token;
  };
  // Reading through a function keeps the compiler from narrowing `token` across next() calls.
  const at = (): ts.SyntaxKind => token;
  const isString = (kind: ts.SyntaxKind): boolean =>
    kind === K.StringLiteral || kind === K.NoSubstitutionTemplateLiteral;
  const record = (kind: SpecifierKind): void => {
    const start = scanner.getTokenStart();
    specifiers.push({
      text: scanner.getTokenValue(),
      kind,
      innerStart: start + 1,
      innerEnd: scanner.getTokenEnd() - 1,
    });
  };
  // A call's first argument counts only when it is the string alone (`require("a" + b)` names no module, as the parser reads it).
  const recordArgument = (kind: SpecifierKind): void => {
    const start = scanner.getTokenStart();
    const end = scanner.getTokenEnd();
    const text = scanner.getTokenValue();
    const after = next();
    if (after === K.CloseParenToken || after === K.CommaToken)
      specifiers.push({ text, kind, innerStart: start + 1, innerEnd: end - 1 });
  };
  const isWord = (kind: ts.SyntaxKind): boolean =>
    kind === K.Identifier || (kind >= K.FirstKeyword && kind <= K.LastKeyword);

  // `import …` / `export … from`: walks the clause; returns after the specifier or at the first token that ends it.
  const consumeClause = (kindOfImport: SpecifierKind): void => {
    let depth = 0;
    for (;;) {
      if (at() === K.FromKeyword && depth === 0) {
        if (next() === K.StringLiteral) {
          record(kindOfImport);
          next();
          return;
        }
        // `import from from "x"`: the first `from` was a binding name.
        if (at() !== K.FromKeyword) return;
        continue;
      }
      if (at() === K.OpenBraceToken) depth++;
      else if (at() === K.CloseBraceToken) {
        depth--;
        // After a closed `{ … }` only `from` continues the clause: `export {}` ends before a following `declare module`.
        if (depth === 0) {
          next();
          if (failed || at() !== K.FromKeyword) return;
          continue;
        }
      } else if (at() === K.EqualsToken && depth === 0) {
        if (next() === K.RequireKeyword && next() === K.OpenParenToken && next() === K.StringLiteral)
          record("import-equals");
        return;
      } else if (
        !(isWord(token) || at() === K.CommaToken || at() === K.AsteriskToken || (depth > 0 && at() === K.StringLiteral))
      )
        return;
      if (depth < 0) return;
      next();
      if (failed) return;
    }
  };

  next();
  while (at() !== K.EndOfFileToken && !failed) {
    const afterDot = previous === K.DotToken || previous === K.QuestionDotToken;
    if (at() === K.ImportKeyword && !afterDot) {
      const before = previous;
      next();
      if (at() === K.OpenParenToken) {
        if (!expressionImportPredecessors.has(before)) return undefined;
        if (isString(next())) recordArgument("dynamic-import");
        continue;
      }
      if (at() === K.DotToken) continue;
      if (at() === K.StringLiteral) {
        record("import");
        next();
        continue;
      }
      let kind: SpecifierKind = "import";
      if (at() === K.TypeKeyword) {
        next();
        if (at() !== K.FromKeyword && at() !== K.EqualsToken && at() !== K.CommaToken) kind = "import-type";
      }
      consumeClause(kind);
      continue;
    }
    if (at() === K.ExportKeyword && !afterDot) {
      next();
      if (at() === K.TypeKeyword) next();
      if (at() === K.AsteriskToken || at() === K.OpenBraceToken) consumeClause("export");
      continue;
    }
    if (at() === K.RequireKeyword && !afterDot) {
      next();
      if (at() === K.OpenParenToken) {
        if (isString(next())) recordArgument("require");
        continue;
      }
      if (at() === K.DotToken && next() === K.Identifier && scanner.getTokenValue() === "resolve") {
        if (next() === K.LessThanToken) return undefined;
        if (at() === K.OpenParenToken && isString(next())) recordArgument("require-resolve");
      }
      continue;
    }
    if (at() === K.Identifier && !afterDot && mockObjects.has(scanner.getTokenValue())) {
      if (next() === K.DotToken && next() === K.Identifier && mockMethods.has(scanner.getTokenValue())) {
        if (next() === K.LessThanToken) return undefined;
        if (at() === K.OpenParenToken && isString(next())) recordArgument("mock");
      }
      continue;
    }
    if (at() === K.DeclareKeyword && !afterDot) {
      if (next() === K.ModuleKeyword && next() === K.StringLiteral) {
        const name = scanner.getTokenValue();
        if (name === "." || name === ".." || name.startsWith("./") || name.startsWith("../"))
          record("module-augmentation");
        else ambientModules.push(name);
      }
      continue;
    }
    next();
  }
  return failed ? undefined : { specifiers, ambientModules };
}
