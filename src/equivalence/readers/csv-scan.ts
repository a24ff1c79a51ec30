import { InvalidInputError } from "../../shared/errors.js";

const quote = 0x22;
const lf = 0x0a;
const cr = 0x0d;

/** Cell flag: the quoted cell contains doubled quotes that text must unescape. */
export const escapedFlag = 1;
/** Cell flag: the cell was quoted (never trimmed or treated as a blank line). */
export const quotedFlag = 2;

/** Cells of complete records scanned from a buffer (RFC 4180), growable. */
export interface ScannedRecords {
  rowCount: number;
  cellCount: number;
  starts: Int32Array;
  ends: Int32Array;
  flags: Uint8Array;
  /** Byte position of each record in the buffer, plus one past the last record (rowCount + 1 entries). */
  rowStarts: Int32Array;
  /** 1-based line of each record. */
  lines: Int32Array;
}

/** Where scanning stopped and the line it reached. */
export interface ScanStop {
  /** First byte not consumed (start of an incomplete record). */
  consumed: number;
  line: number;
}

/** Allocates scan storage for about `cells` cells. */
export function createScannedRecords(cells: number, rows: number): ScannedRecords {
  return {
    rowCount: 0,
    cellCount: 0,
    starts: new Int32Array(cells),
    ends: new Int32Array(cells),
    flags: new Uint8Array(cells),
    rowStarts: new Int32Array(rows + 1),
    lines: new Int32Array(rows),
  };
}

/**
 * Scans complete records of `buf` from `from`. Records must have `width` fields (-1: any, stop after one).
 * When `isFinal` is false an incomplete trailing record is left unconsumed.
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
  while (pos < end) {
    const recordStart = pos;
    const recordLine = line;
    const cellBase = out.cellCount;
    let cells = 0;
    let p = pos;
    let complete = false;
    let isBlank = false;
    for (;;) {
      if (cellBase + cells >= out.starts.length) growCells(out);
      const slot = cellBase + cells;
      if (p < end && buf[p] === quote) {
        let q = p + 1;
        const cellStart = q;
        let flag = quotedFlag;
        let closed = -1;
        for (;;) {
          q = buf.indexOf(quote, q);
          if (q === -1) break;
          if (q + 1 < end && buf[q + 1] === quote) {
            flag |= escapedFlag;
            q += 2;
            continue;
          }
          if (q + 1 >= end && !isFinal) break;
          closed = q;
          break;
        }
        if (closed === -1) {
          if (isFinal) throw new InvalidInputError(`${path}: line ${recordLine}: unterminated quoted field`);
          return { consumed: recordStart, line: recordLine };
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
        if (p >= end && !isFinal) return { consumed: recordStart, line: recordLine };
        out.starts[slot] = cellStart;
        out.ends[slot] = p;
        out.flags[slot] = 0;
        if (cells === 0 && p === cellStart && (p >= end || buf[p] !== delimiter)) isBlank = true;
      }
      cells++;
      if (p >= end) {
        complete = true;
        break;
      }
      const c = buf[p];
      if (c === delimiter) {
        p++;
        continue;
      }
      if (c === cr) {
        if (p + 1 < end) p += buf[p + 1] === lf ? 2 : 1;
        else if (isFinal) p++;
        else return { consumed: recordStart, line: recordLine };
      } else p++;
      line++;
      complete = true;
      break;
    }
    if (!complete) break;
    pos = p;
    // pandas skips blank lines; a one-column table keeps them as empty cells.
    if (isBlank && width !== 1) {
      if (width === -1) continue;
      continue;
    }
    if (width !== -1 && cells !== width) {
      throw new InvalidInputError(`${path}: line ${recordLine}: expected ${width} fields, found ${cells}`);
    }
    if (out.rowCount + 1 >= out.rowStarts.length) growRows(out);
    out.rowStarts[out.rowCount] = recordStart;
    out.lines[out.rowCount] = recordLine;
    out.rowCount++;
    out.cellCount += cells;
    out.rowStarts[out.rowCount] = pos;
    if (width === -1) return { consumed: pos, line };
  }
  return { consumed: pos, line };
}

function growCells(out: ScannedRecords): void {
  const size = Math.max(64, out.starts.length * 2);
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
  const rowStarts = new Int32Array(size + 1);
  rowStarts.set(out.rowStarts);
  const lines = new Int32Array(size);
  lines.set(out.lines);
  out.rowStarts = rowStarts;
  out.lines = lines;
}
