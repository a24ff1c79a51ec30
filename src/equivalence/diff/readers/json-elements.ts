import { InvalidInputError } from "../../../shared/errors.js";

/** A complete top-level element found in a buffer. */
export interface ElementRange {
  start: number;
  end: number;
  line: number;
}

/** Scanner state carried between chunks. */
export interface SplitState {
  /** 0 before "[", 1 inside the top-level array, 2 after "]". */
  phase: number;
  line: number;
}

/** What a split of one buffer found. */
export interface SplitResult {
  elements: ElementRange[];
  /** First byte not consumed; the caller keeps it for the next chunk. */
  consumed: number;
}

/** Splits a buffer into the top-level elements of a JSON array of records/arrays (streaming). */
export function splitJsonArray(buf: Buffer, isFinal: boolean, state: SplitState, path: string): SplitResult {
  const elements: ElementRange[] = [];
  const end = buf.length;
  let p = 0;
  let line = state.line;
  for (;;) {
    while (p < end && isWhitespace(buf[p])) {
      if (buf[p] === 0x0a) line++;
      p++;
    }
    if (p >= end) break;
    const c = buf[p];
    if (state.phase === 0) {
      if (c !== 0x5b) throw new InvalidInputError(`${path}: line ${line}: expected a JSON array of records or arrays`);
      state.phase = 1;
      p++;
      continue;
    }
    if (state.phase === 2)
      throw new InvalidInputError(`${path}: line ${line}: unexpected content after the top-level array`);
    if (c === 0x2c) {
      p++;
      continue;
    }
    if (c === 0x5d) {
      state.phase = 2;
      p++;
      continue;
    }
    const elementLine = line;
    const close = findValueEnd(buf, p);
    if (close === -1) break;
    for (let k = p; k < close; k++) if (buf[k] === 0x0a) line++;
    elements.push({ start: p, end: close, line: elementLine });
    p = close;
  }
  state.line = line;
  if (isFinal) {
    if (p < end) throw new InvalidInputError(`${path}: line ${line}: truncated JSON`);
    if (state.phase !== 2)
      throw new InvalidInputError(
        `${path}: ${state.phase === 0 ? "empty file, no JSON array" : "truncated JSON array (missing ])"}`,
      );
  }
  return { elements, consumed: p };
}

/** Splits a buffer into NDJSON lines (blank lines skipped). */
export function splitJsonLines(buf: Buffer, isFinal: boolean, state: SplitState): SplitResult {
  const elements: ElementRange[] = [];
  let p = 0;
  for (;;) {
    const newline = buf.indexOf(0x0a, p);
    if (newline === -1 && !isFinal) break;
    const lineEnd = newline === -1 ? buf.length : newline;
    let start = p;
    let end = lineEnd;
    while (start < end && isWhitespace(buf[start])) start++;
    while (end > start && isWhitespace(buf[end - 1])) end--;
    if (end > start) elements.push({ start, end, line: state.line });
    state.line++;
    p = newline === -1 ? buf.length : newline + 1;
    if (p >= buf.length) break;
  }
  return { elements, consumed: p };
}

// End (exclusive) of the value starting at `p`, or -1 when the buffer ends first.
function findValueEnd(buf: Buffer, p: number): number {
  const end = buf.length;
  let depth = 0;
  let i = p;
  while (i < end) {
    const c = buf[i];
    if (c === 0x22) {
      i++;
      while (i < end && buf[i] !== 0x22) i += buf[i] === 0x5c ? 2 : 1;
      if (i >= end) return -1;
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    } else if (depth === 0 && (c === 0x2c || isWhitespace(c))) return i;
    i++;
  }
  return -1;
}

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
