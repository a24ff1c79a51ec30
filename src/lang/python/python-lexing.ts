/** What the Python scanners (imports, module symbols) share: character classes, string literals, declining. */

export const isIdentifierStart = (c: number) => c === 95 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
export const isIdentifierPart = (c: number) => isIdentifierStart(c) || (c >= 48 && c <= 57);
/** r, b, u, f in either case: the letters of a string prefix. */
export const isPrefixLetter = (c: number) =>
  c === 114 || c === 82 || c === 98 || c === 66 || c === 117 || c === 85 || c === 102 || c === 70;

/** Thrown where a scanner cannot be sure it reads the text as Python's parser would; the caller parses instead. */
export class Unsure extends Error {}

/** What `scan` returns, or undefined when it threw Unsure. */
export function unlessUnsure<T>(scan: () => T): T | undefined {
  try {
    return scan();
  } catch (error) {
    if (error instanceof Unsure) return undefined;
    throw error;
  }
}

/** True when a string literal starts at `at`: a quote, or a prefix (r, b, u, f and pairs) right before one. */
export function startsPythonString(text: string, at: number): boolean {
  let i = at;
  while (i < at + 2 && isPrefixLetter(text.charCodeAt(i))) i++;
  const quote = text.charCodeAt(i);
  if (quote !== 34 && quote !== 39) return false;
  // A prefix is only one when it does not end an identifier (`xr"..."` is not valid anyway).
  return i === at || at === 0 || !isIdentifierPart(text.charCodeAt(at - 1));
}

/**
 * Skips the string literal that starts at `at` (prefix included; `startsPythonString` said one does) and returns the
 * index after it, or -1 when the text ends inside it or a newline ends a single-quoted one: where a scanner cannot
 * be sure it reads the text as Python's parser would. An f-string's replacement fields are skipped with their
 * nested brackets and strings. `onNewline` gets the index after each line break inside the literal.
 */
export function skipPythonString(text: string, at: number, onNewline: (next: number) => void): number {
  let i = at;
  let isFormat = false;
  for (let c = text.charCodeAt(i); c !== 34 && c !== 39; c = text.charCodeAt(++i))
    if (c === 102 || c === 70) isFormat = true;
  const quote = text[i]!;
  const triple = text[i + 1] === quote && text[i + 2] === quote;
  i += triple ? 3 : 1;
  // The next place of each character that can end or interrupt the literal, found with indexOf (native, and each
  // found again only once passed): a docstring is crossed a line at a time, not a character at a time.
  let nextQuote = -2;
  let nextBackslash = -2;
  let nextNewline = -2;
  let nextBrace = isFormat ? -2 : -1;
  for (;;) {
    if (nextQuote !== -1 && nextQuote < i) nextQuote = text.indexOf(quote, i);
    if (nextBackslash !== -1 && nextBackslash < i) nextBackslash = text.indexOf("\\", i);
    if (nextNewline !== -1 && nextNewline < i) nextNewline = text.indexOf("\n", i);
    if (nextBrace !== -1 && nextBrace < i) nextBrace = text.indexOf("{", i);
    i = firstOf(nextQuote, nextBackslash, nextNewline, nextBrace);
    if (i < 0) return -1;
    const c = text.charCodeAt(i);
    if (c === 92) {
      if (text.charCodeAt(i + 1) === 10) onNewline(i + 2);
      i += 2;
    } else if (c === 10) {
      if (!triple) return -1;
      onNewline(++i);
    } else if (c === 123) {
      if (text.charCodeAt(i + 1) === 123) i += 2;
      else if ((i = skipReplacementField(text, i, onNewline)) < 0) return -1;
    } else if (!triple || (text[i + 1] === quote && text[i + 2] === quote)) return i + (triple ? 3 : 1);
    else i++;
  }
}

/** The smallest of the places that are not -1 (none: -1). */
function firstOf(a: number, b: number, c: number, d: number): number {
  const earlier = (x: number, y: number) => (x < 0 ? y : y < 0 || x < y ? x : y);
  return earlier(earlier(a, b), earlier(c, d));
}

/** Skips an f-string's `{…}`, with nested brackets and strings; -1 when the text ends inside it. */
function skipReplacementField(text: string, at: number, onNewline: (next: number) => void): number {
  let depth = 0;
  let i = at;
  for (;;) {
    if (i >= text.length) return -1;
    const c = text[i]!;
    if (c === "\n") onNewline(++i);
    else if (startsPythonString(text, i)) {
      if ((i = skipPythonString(text, i, onNewline)) < 0) return -1;
    } else {
      if (c === "{" || c === "(" || c === "[") depth++;
      else if (c === "}" || c === ")" || c === "]") depth--;
      i++;
      if (depth === 0) return i;
    }
  }
}
