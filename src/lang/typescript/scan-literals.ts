import type ts from "typescript";
import { loadTypeScript } from "../../shared/typescript.js";

/** UTF-16 ranges of a script's string texts (inside the quotes, template parts included) and of its comments. */
export interface ScriptTextRanges {
  strings: { start: number; end: number }[];
  comments: { start: number; end: number }[];
}

/**
 * Finds the string literals and comments of a JS/TS source with the TypeScript scanner (no parse): a `/` after a
 * token that cannot end an expression starts a regular expression, `}` resumes a template literal it opened.
 */
export function scanStringsAndComments(text: string, fileName: string): ScriptTextRanges {
  const ts = loadTypeScript();
  const K = ts.SyntaxKind;
  const variant = /\.[jt]sx$/.test(fileName) ? ts.LanguageVariant.JSX : ts.LanguageVariant.Standard;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, variant, text);
  const ranges: ScriptTextRanges = { strings: [], comments: [] };
  const nesting: boolean[] = [];
  let previous = K.Unknown as ts.SyntaxKind;
  for (let token = scanner.scan(); token !== K.EndOfFileToken; token = scanner.scan()) {
    const start = scanner.getTokenStart();
    const end = scanner.getTokenEnd();
    if (token === K.SingleLineCommentTrivia || token === K.MultiLineCommentTrivia) {
      ranges.comments.push({ start, end });
      continue;
    }
    if (
      token === K.WhitespaceTrivia ||
      token === K.NewLineTrivia ||
      token === K.ShebangTrivia ||
      token === K.ConflictMarkerTrivia
    )
      continue;
    if ((token === K.SlashToken || token === K.SlashEqualsToken) && !endsExpression(ts, previous)) {
      token = scanner.reScanSlashToken();
    } else if (token === K.OpenBraceToken) nesting.push(false);
    else if (token === K.TemplateHead) {
      nesting.push(true);
      ranges.strings.push({ start: start + 1, end: scanner.getTokenEnd() - 2 });
    } else if (token === K.CloseBraceToken && nesting.length > 0) {
      if (nesting[nesting.length - 1]) {
        token = scanner.reScanTemplateToken(false);
        const partEnd = scanner.getTokenEnd();
        if (token === K.TemplateTail) {
          nesting.pop();
          ranges.strings.push({ start: start + 1, end: partEnd - 1 });
        } else ranges.strings.push({ start: start + 1, end: partEnd - 2 });
      } else nesting.pop();
    } else if (token === K.StringLiteral || token === K.NoSubstitutionTemplateLiteral) {
      if (!scanner.isUnterminated()) ranges.strings.push({ start: start + 1, end: end - 1 });
    }
    previous = token;
  }
  return ranges;
}

function endsExpression(ts: typeof import("typescript"), kind: ts.SyntaxKind): boolean {
  const K = ts.SyntaxKind;
  return (
    kind === K.Identifier ||
    kind === K.PrivateIdentifier ||
    kind === K.NumericLiteral ||
    kind === K.BigIntLiteral ||
    kind === K.StringLiteral ||
    kind === K.NoSubstitutionTemplateLiteral ||
    kind === K.TemplateTail ||
    kind === K.RegularExpressionLiteral ||
    kind === K.CloseParenToken ||
    kind === K.CloseBracketToken ||
    kind === K.CloseBraceToken ||
    kind === K.PlusPlusToken ||
    kind === K.MinusMinusToken ||
    kind === K.ThisKeyword ||
    kind === K.SuperKeyword ||
    kind === K.TrueKeyword ||
    kind === K.FalseKeyword ||
    kind === K.NullKeyword
  );
}
