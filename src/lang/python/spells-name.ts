/**
 * True for ASCII characters that continue an identifier. Non-ASCII counts as a boundary: a name next to one is still
 * looked at, so a pre-filter built on these never drops a place it should keep (a caller that needs the exact token
 * checks the parsed node's span).
 */
function isIdentifierChar(code: number | undefined): boolean {
  if (code === undefined) return false;
  return code === 95 || (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/**
 * Where `text` (a file's text or bytes) holds `name` as a whole word: not inside a longer identifier (`flow` in
 * `a.flow.b`, `"a/flow/x"` or `from .flow import`, not in `maxflow` or `flow_hierarchy`). Offsets are in `text`'s
 * own units (UTF-16 code units of a string, bytes of a Buffer).
 */
export function* placesOfName(text: string | Buffer, name: string): Generator<number> {
  const codeAt = typeof text === "string" ? (i: number) => text.charCodeAt(i) : (i: number) => text[i];
  const length = typeof text === "string" ? name.length : Buffer.byteLength(name);
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1))
    if (!isIdentifierChar(codeAt(at - 1)) && !isIdentifierChar(codeAt(at + length))) yield at;
}

/**
 * True when `text` holds `name` as a whole word (`placesOfName`). Every reference to a module spells each part of
 * its dotted name this way, so a file that fails this for a moved name cannot refer to it.
 */
export function spellsName(text: string | Buffer, name: string): boolean {
  return !placesOfName(text, name).next().done;
}
