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
 * Finds specifiers with the TypeScript scanner alone (about ten times faster than a full parse). It gives up, returning
 * undefined, wherever tokens alone are ambiguous — a `/` (division or regular expression), `import(…)` (expression or
 * type, which resolve in different modes), generic mock calls, triple-slash directives, unterminated literals — and the
 * caller then parses the file. Files with JSX never come here.
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
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  const specifiers: ScannedSpecifier[] = [];
  const ambientModules: string[] = [];
  // Open `{` and template heads, so a `}` that resumes a template literal is rescanned as template text.
  const nesting: boolean[] = [];
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
    } else if (token === K.SlashToken || token === K.SlashEqualsToken || token === K.Unknown) failed = true;
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
      else if (at() === K.CloseBraceToken) depth--;
      else if (at() === K.EqualsToken && depth === 0) {
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
        if (isString(next())) record("dynamic-import");
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
        if (isString(next())) record("require");
        continue;
      }
      if (at() === K.DotToken && next() === K.Identifier && scanner.getTokenValue() === "resolve") {
        if (next() === K.LessThanToken) return undefined;
        if (at() === K.OpenParenToken && isString(next())) record("require-resolve");
      }
      continue;
    }
    if (at() === K.Identifier && !afterDot && mockObjects.has(scanner.getTokenValue())) {
      if (next() === K.DotToken && next() === K.Identifier && mockMethods.has(scanner.getTokenValue())) {
        if (next() === K.LessThanToken) return undefined;
        if (at() === K.OpenParenToken && isString(next())) record("mock");
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
