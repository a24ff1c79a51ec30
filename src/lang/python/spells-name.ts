/**
 * True for ASCII characters that continue an identifier. Non-ASCII counts as a boundary: a name next to one is still
 * looked at, so a pre-filter built on these never drops a place it should keep (a caller that needs the exact token
 * checks the parsed node's span).
 */
export function isIdentifierChar(code: number | undefined): boolean {
  if (code === undefined) return false;
  return code === 95 || (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/**
 * True when `text` (a file's text or bytes) holds `name` as a whole word: not inside a longer identifier (`flow` in
 * `a.flow.b`, `"a/flow/x"` or `from .flow import`, not in `maxflow` or `flow_hierarchy`). Every reference to a
 * module spells each part of its dotted name this way, so a file that fails this for a moved name cannot refer to it.
 */
export function spellsName(text: string | Buffer, name: string): boolean {
  const codeAt = typeof text === "string" ? (i: number) => text.charCodeAt(i) : (i: number) => text[i];
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    const end = at + (typeof text === "string" ? name.length : Buffer.byteLength(name));
    if (!isIdentifierChar(codeAt(at - 1)) && !isIdentifierChar(codeAt(end))) return true;
  }
  return false;
}
