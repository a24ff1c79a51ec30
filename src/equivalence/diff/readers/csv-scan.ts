import { InvalidInputError } from "../../../shared/errors.js";

const quote = 0x22;
const lf = 0x0a;
const cr = 0x0d;

/** Cell flag: the quoted cell contains doubled quotes that text must unescape. */
export const escapedFlag = 1;

/**
 * Records found in a buffer. Rows without quotes keep only their byte range (cells are located on
 * demand, which is rare: only rows whose bytes differ are looked into); quoted rows keep their cells.
 */
export interface ScannedRecords {
  rowCount: number;
  /** Content range of each row (line terminator excluded). */
  rowStarts: Int32Array;
  rowEnds: Int32Array;
  /** Byte after the row's terminator (start of the next record). */
  rowNexts: Int32Array;
  lines: Int32Array;
  /** Index of the row's first cell in the cell arrays when the row has quotes, else -1. */
  cellBase: Int32Array;
  cellCount: number;
  starts: Int32Array;
  ends: Int32Array;
  flags: Uint8Array;
}

/** Where scanning stopped and the line it reached. */
export interface ScanStop {
  /** First byte not consumed (start of an incomplete record). */
  consumed: number;
  line: number;
}

/** Allocates scan storage for about `rows` rows. */
export function createScannedRecords(rows: number): ScannedRecords {
  return {
    rowCount: 0,
    rowStarts: new Int32Array(rows),
    rowEnds: new Int32Array(rows),
    rowNexts: new Int32Array(rows),
    lines: new Int32Array(rows),
    cellBase: new Int32Array(rows),
    cellCount: 0,
    starts: new Int32Array(64),
    ends: new Int32Array(64),
    flags: new Uint8Array(64),
  };
}

/** Empties `out` for reuse. */
export function resetScannedRecords(out: ScannedRecords): void {
  out.rowCount = 0;
  out.cellCount = 0;
}

/**
 * Scans complete records of `buf` from `from` (RFC 4180). Every record must have `width` fields;
 * width -1 reads a single record of any width (the header). Unless `isFinal`, an incomplete trailing
 * record is left unconsumed.
 */
export function scanCsvRecords(
  buf: Buffer,
  from: number,
  isFinal: boolean,
  delimiter: number,
  width: number,
  firstLine: number,
  out: ScannedRecords,
  path: string,
): ScanStop {
  const end = buf.length;
  let pos = from;
  let line = firstLine;
  // Four bytes at a time where the buffer is word-aligned (it is for the rolling window's own buffer).
  const words = (buf.byteOffset & 3) === 0 ? new Uint32Array(buf.buffer, buf.byteOffset, buf.length >>> 2) : null;
  const pattern = Math.imul(delimiter, 0x01010101);
  let nextQuote = buf.indexOf(quote, pos);
  if (nextQuote === -1) nextQuote = end;
  while (pos < end) {
    if (out.rowCount >= out.rowStarts.length) growRows(out);
    if (nextQuote < pos) {
      nextQuote = buf.indexOf(quote, pos);
      if (nextQuote === -1) nextQuote = end;
    }
    let newline = buf.indexOf(lf, pos);
    if (newline === -1) {
      if (!isFinal) break;
      newline = end;
    }
    if (nextQuote >= newline && width !== -1) {
      let contentEnd = newline;
      if (contentEnd > pos && buf[contentEnd - 1] === cr) contentEnd--;
      const next = newline < end ? newline + 1 : end;
      if (contentEnd === pos && width !== 1) {
        // pandas skips blank lines; a one-column table keeps them as empty cells.
        pos = next;
        line++;
        continue;
      }
      const fields =
        1 +
        (words === null
          ? countBytePlain(buf, pos, contentEnd, delimiter)
          : countByteWords(buf, words, pos, contentEnd, delimiter, pattern));
      if (fields !== width)
        throw new InvalidInputError(`${path}: line ${line}: expected ${width} fields, found ${fields}`);
      const r = out.rowCount++;
      out.rowStarts[r] = pos;
      out.rowEnds[r] = contentEnd;
      out.rowNexts[r] = next;
      out.lines[r] = line;
      out.cellBase[r] = -1;
      pos = next;
      line++;
      continue;
    }
    const stop = scanQuotedRecord(buf, pos, isFinal, delimiter, width, line, out, path);
    if (stop.consumed === pos) break;
    pos = stop.consumed;
    line = stop.line;
    if (width === -1) break;
  }
  return { consumed: pos, line };
}

// The general state machine for a record with quotes; stores its cells. Returns consumed === pos
// when the record is incomplete.
function scanQuotedRecord(
  buf: Buffer,
  pos: number,
  isFinal: boolean,
  delimiter: number,
  width: number,
  firstLine: number,
  out: ScannedRecords,
  path: string,
): ScanStop {
  const end = buf.length;
  const cellBase = out.cellCount;
  let line = firstLine;
  let cells = 0;
  let p = pos;
  let contentEnd = pos;
  for (;;) {
    if (cellBase + cells >= out.starts.length) growCells(out);
    const slot = cellBase + cells;
    if (p < end && buf[p] === quote) {
      let q = p + 1;
      const cellStart = q;
      let flag = 0;
      let closed = -1;
      for (;;) {
        q = buf.indexOf(quote, q);
        if (q === -1) break;
        if (q + 1 < end && buf[q + 1] === quote) {
          flag = escapedFlag;
          q += 2;
          continue;
        }
        if (q + 1 >= end && !isFinal) break;
        closed = q;
        break;
      }
      if (closed === -1) {
        if (isFinal) throw new InvalidInputError(`${path}: line ${firstLine}: unterminated quoted field`);
        return { consumed: pos, line: firstLine };
      }
      for (let k = cellStart; k < closed; k++) if (buf[k] === lf) line++;
      out.starts[slot] = cellStart;
      out.ends[slot] = closed;
      out.flags[slot] = flag;
      p = closed + 1;
      if (p < end) {
        const after = buf[p];
        if (after !== delimiter && after !== lf && after !== cr) {
          throw new InvalidInputError(`${path}: line ${line}: unexpected character after a closing quote`);
        }
      }
    } else {
      const cellStart = p;
      while (p < end) {
        const c = buf[p];
        if (c === delimiter || c === lf || c === cr) break;
        p++;
      }
      if (p >= end && !isFinal) return { consumed: pos, line: firstLine };
      out.starts[slot] = cellStart;
      out.ends[slot] = p;
      out.flags[slot] = 0;
    }
    cells++;
    contentEnd = p;
    if (p >= end) break;
    const c = buf[p];
    if (c === delimiter) {
      p++;
      continue;
    }
    if (c === cr) {
      if (p + 1 < end) p += buf[p + 1] === lf ? 2 : 1;
      else if (isFinal) p++;
      else return { consumed: pos, line: firstLine };
    } else p++;
    line++;
    break;
  }
  if (width !== -1 && cells !== width) {
    throw new InvalidInputError(`${path}: line ${firstLine}: expected ${width} fields, found ${cells}`);
  }
  const r = out.rowCount++;
  out.rowStarts[r] = pos;
  out.rowEnds[r] = contentEnd;
  out.rowNexts[r] = p;
  out.lines[r] = firstLine;
  out.cellBase[r] = cellBase;
  out.cellCount += cells;
  return { consumed: p, line };
}

function countBytePlain(buf: Buffer, start: number, end: number, byte: number): number {
  let n = 0;
  for (let i = start; i < end; i++) if (buf[i] === byte) n++;
  return n;
}

// SWAR count: in x = word ^ pattern a matching byte is zero; the expression sets the high bit of
// exactly the zero bytes (no borrow between lanes), and the multiply sums the four lane bits.
function countByteWords(
  buf: Buffer,
  words: Uint32Array,
  start: number,
  end: number,
  byte: number,
  pattern: number,
): number {
  let n = 0;
  let i = start;
  const headEnd = Math.min(end, (start + 3) & ~3);
  for (; i < headEnd; i++) if (buf[i] === byte) n++;
  const wordEnd = end >>> 2;
  for (let w = i >>> 2; w < wordEnd; w++) {
    const x = words[w] ^ pattern;
    const y = ~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x | 0x7f7f7f7f);
    if (y !== 0) n += Math.imul((y >>> 7) & 0x01010101, 0x01010101) >>> 24;
  }
  for (i = Math.max(i, wordEnd << 2); i < end; i++) if (buf[i] === byte) n++;
  return n;
}

function growCells(out: ScannedRecords): void {
  const size = out.starts.length * 2;
  const starts = new Int32Array(size);
  starts.set(out.starts);
  const ends = new Int32Array(size);
  ends.set(out.ends);
  const flags = new Uint8Array(size);
  flags.set(out.flags);
  out.starts = starts;
  out.ends = ends;
  out.flags = flags;
}

function growRows(out: ScannedRecords): void {
  const size = Math.max(16, out.rowStarts.length * 2);
  const grow = (old: Int32Array): Int32Array => {
    const bigger = new Int32Array(size);
    bigger.set(old);
    return bigger;
  };
  out.rowStarts = grow(out.rowStarts);
  out.rowEnds = grow(out.rowEnds);
  out.rowNexts = grow(out.rowNexts);
  out.lines = grow(out.lines);
  out.cellBase = grow(out.cellBase);
}
