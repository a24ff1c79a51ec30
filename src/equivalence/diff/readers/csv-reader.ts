import { InvalidInputError } from "../../../shared/errors.js";
import { decodeCellText } from "../cell-text.js";
import { parseNumberBytes, type ParsedNumber } from "../parse-number.js";
import { type ChunkFile, createRollingWindow, openChunkFile, type RollingWindow } from "../read-file-chunks.js";
import {
  CellKind,
  normalizeColumnNames,
  type CellValue,
  type TableBatch,
  type TableFormat,
  type TableReader,
  type TableSource,
} from "../table.js";
import {
  createScannedRecords,
  escapedFlag,
  resetScannedRecords,
  type ScannedRecords,
  scanCsvRecords,
} from "./csv-scan.js";

const comma = 0x2c;
const tab = 0x09;
const space = 0x20;
const quote = 0x22;

/** Rows of one scanned window; cells are byte ranges, located and parsed only when raw bytes differ. */
export class CsvBatch implements TableBatch {
  readonly rowCount: number;
  private readonly parsed: ParsedNumber = { isNumber: false, value: 0 };
  // Cells of the most recently located row.
  private locatedRow = -1;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly flags: Uint8Array;

  constructor(
    readonly buf: Buffer,
    private readonly records: ScannedRecords,
    private readonly width: number,
    readonly delimiter: number,
    private readonly fileOffset: number,
  ) {
    this.rowCount = records.rowCount;
    this.starts = new Int32Array(width);
    this.ends = new Int32Array(width);
    this.flags = new Uint8Array(width);
  }

  lineOf(row: number): number {
    return this.records.lines[row];
  }

  spanOf(row: number): { offset: number; length: number } {
    const start = this.records.rowStarts[row];
    return { offset: this.fileOffset + start, length: this.records.rowNexts[row] - start };
  }

  /** First byte of the row's content. */
  rowStart(row: number): number {
    return this.records.rowStarts[row];
  }

  /** Byte after the row's content (its line terminator excluded). */
  rowEnd(row: number): number {
    return this.records.rowEnds[row];
  }

  /** True when the row has no quotes: its cells are exactly the bytes between delimiters. */
  isPlainRow(row: number): boolean {
    return this.records.cellBase[row] === -1;
  }

  /** True when the two rows have identical bytes (one native compare instead of one per cell). */
  isSameRow(row: number, other: CsvBatch, otherRow: number): boolean {
    const start = this.records.rowStarts[row];
    const end = this.records.rowEnds[row];
    const otherStart = other.records.rowStarts[otherRow];
    const otherEnd = other.records.rowEnds[otherRow];
    return end - start === otherEnd - otherStart && this.buf.compare(other.buf, otherStart, otherEnd, start, end) === 0;
  }

  isSameRaw(row: number, col: number, other: TableBatch, otherRow: number, otherCol: number): boolean {
    if (!(other instanceof CsvBatch)) return false;
    this.locate(row);
    other.locate(otherRow);
    let i = this.starts[col];
    const end = this.ends[col];
    let j = other.starts[otherCol];
    if (end - i !== other.ends[otherCol] - j) return false;
    const left = this.buf;
    const right = other.buf;
    while (i < end) {
      if (left[i] !== right[j]) return false;
      i++;
      j++;
    }
    return true;
  }

  readCell(row: number, col: number, out: CellValue, trim: boolean): void {
    this.locate(row);
    let start = this.starts[col];
    let end = this.ends[col];
    if (trim) {
      while (start < end && isBlankByte(this.buf[start])) start++;
      while (end > start && isBlankByte(this.buf[end - 1])) end--;
    }
    if (start === end) {
      out.kind = CellKind.empty;
      return;
    }
    if ((this.flags[col] & escapedFlag) !== 0) {
      out.kind = CellKind.text;
      return;
    }
    parseNumberBytes(this.buf, start, end, this.parsed);
    if (this.parsed.isNumber) {
      out.kind = CellKind.number;
      out.value = this.parsed.value;
    } else out.kind = CellKind.text;
  }

  cellText(row: number, col: number): string {
    return decodeCellText(this.cellBytes(row, col));
  }

  cellBytes(row: number, col: number): Buffer {
    this.locate(row);
    const raw = this.buf.subarray(this.starts[col], this.ends[col]);
    if ((this.flags[col] & escapedFlag) === 0) return raw;
    // A quoted cell's doubled quotes stand for one.
    const out = Buffer.allocUnsafe(raw.length);
    let n = 0;
    for (let i = 0; i < raw.length; i++) {
      out[n++] = raw[i];
      if (raw[i] === quote && raw[i + 1] === quote) i++;
    }
    return out.subarray(0, n);
  }

  private locate(row: number): void {
    if (row === this.locatedRow) return;
    this.locatedRow = row;
    const records = this.records;
    const base = records.cellBase[row];
    if (base !== -1) {
      this.starts.set(records.starts.subarray(base, base + this.width));
      this.ends.set(records.ends.subarray(base, base + this.width));
      this.flags.set(records.flags.subarray(base, base + this.width));
      return;
    }
    const buf = this.buf;
    const end = records.rowEnds[row];
    let col = 0;
    let start = records.rowStarts[row];
    for (let i = start; i < end; i++) {
      if (buf[i] === this.delimiter) {
        this.starts[col] = start;
        this.ends[col] = i;
        col++;
        start = i + 1;
      }
    }
    this.starts[col] = start;
    this.ends[col] = end;
    this.flags.fill(0);
  }
}

function isBlankByte(c: number): boolean {
  return c === space || c === tab;
}

/** Where a delimited file's records start: a record boundary and its 1-based line. */
export interface RecordBoundary {
  offset: number;
  line: number;
}

/** What reading a delimited file's records needs, its header once read (plain data: it crosses to worker threads). */
export interface DelimitedTable {
  path: string;
  format: TableFormat;
  delimiter: number;
  columns: string[];
}

/** An opened delimited table, which can also be read a byte range of records at a time (see openDelimitedSlice). */
export interface DelimitedSource extends TableSource {
  readonly delimiter: number;
  /** The first record after the header. */
  readonly dataStart: RecordBoundary;
}

/** True when `source` is a delimited table (CSV or TSV) opened by this reader. */
export function isDelimitedSource(source: TableSource): source is DelimitedSource {
  return (source.format === "csv" || source.format === "tsv") && "dataStart" in source;
}

/**
 * Opens the records of `table`'s file from `from` (a record boundary after the header) up to byte `end`: a slice of
 * its rows, for comparing a large file on more than one thread.
 */
export async function openDelimitedSlice(
  table: DelimitedTable,
  from: RecordBoundary,
  end: number,
): Promise<TableSource> {
  const file = await openChunkFile(table.path, { start: from.offset, end });
  return delimitedRows(table, file, from);
}

/** First read of a header; a longer header is read again with four times as many bytes. */
const headerReadSize = 64 * 1024;

/**
 * Opens a delimited file: its header row, then batches of whole records from a rolling window. A regular file's
 * header is read on its own and its window made on the first batch (a source whose rows are read as slices never
 * holds one); a pipe is read once, in order, so its header comes from the window, whose first view holds the first
 * rows too.
 */
async function openDelimited(path: string, format: TableFormat, delimiter: number): Promise<DelimitedSource> {
  const file = await openChunkFile(path);
  try {
    const window = file.isSeekable ? null : createRollingWindow(file);
    const header = createScannedRecords(1);
    for (let size = headerReadSize; ; size *= 4) {
      const view = window === null ? null : await window.next(0);
      if (window !== null && view === null) throw new InvalidInputError(`${path}: empty file, no header row`);
      const bytes = view?.bytes ?? (await file.readAt(0, size));
      const isFinal = view?.isFinal ?? bytes.length < size;
      const from = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
      resetScannedRecords(header);
      const stop = scanCsvRecords(bytes, from, isFinal, delimiter, -1, 1, header, path);
      if (header.rowCount === 1) {
        const names: string[] = [];
        for (let i = 0; i < header.cellCount; i++) {
          const text = bytes.toString("utf8", header.starts[i], header.ends[i]);
          names.push((header.flags[i] & escapedFlag) !== 0 ? text.replaceAll('""', '"') : text);
        }
        const table = { path, format, delimiter, columns: normalizeColumnNames(names) };
        const dataStart = { offset: stop.consumed, line: stop.line };
        const started = window !== null && view !== null ? { window, view, consumed: stop.consumed } : undefined;
        if (started === undefined) file.seek(dataStart.offset);
        return Object.assign(delimitedRows(table, file, dataStart, started), { delimiter, dataStart });
      }
      if (isFinal) throw new InvalidInputError(`${path}: empty file, no header row`);
    }
  } catch (error) {
    await file.close();
    throw error;
  }
}

type WindowView = NonNullable<Awaited<ReturnType<RollingWindow["next"]>>>;

/**
 * The rows of a delimited file whose sequential reads start at `from`, the first record after its header; `started`
 * is a window already read from, its view's first `consumed` bytes taken (a pipe's header).
 */
function delimitedRows(
  table: DelimitedTable,
  file: ChunkFile,
  from: RecordBoundary,
  started?: { window: RollingWindow; view: WindowView; consumed: number },
): TableSource {
  const { path, format, delimiter, columns } = table;
  const width = columns.length;
  let window: RollingWindow | null = started?.window ?? null;
  let pending: WindowView | null = started?.view ?? null;
  let records: ScannedRecords | null = null;
  let consumed = started?.consumed ?? 0;
  let line = from.line;
  return {
    path,
    format,
    columns,
    async nextBatch() {
      window ??= createRollingWindow(file, from.offset);
      records ??= createScannedRecords(1 << 16);
      for (;;) {
        const current = pending ?? (await window.next(consumed));
        const start = pending !== null ? consumed : 0;
        pending = null;
        if (current === null) return null;
        resetScannedRecords(records);
        const stop = scanCsvRecords(current.bytes, start, current.isFinal, delimiter, width, line, records, path);
        line = stop.line;
        consumed = stop.consumed;
        if (records.rowCount > 0) return new CsvBatch(current.bytes, records, width, delimiter, current.fileOffset);
        if (current.isFinal && consumed >= current.bytes.length) return null;
      }
    },
    async readRowsAt(spans) {
      const parts = await Promise.all(spans.map((span) => file.readAt(span.offset, span.length)));
      const buf = Buffer.concat(
        parts.map((part) =>
          part.length > 0 && part[part.length - 1] !== 0x0a ? Buffer.concat([part, Buffer.from("\n")]) : part,
        ),
      );
      const rows = createScannedRecords(Math.max(1, spans.length));
      scanCsvRecords(buf, 0, true, delimiter, width, 0, rows, path);
      return new CsvBatch(buf, rows, width, delimiter, 0);
    },
    close: () => file.close(),
  };
}

/** RFC 4180 CSV with a header row. */
export const csvReader: TableReader = {
  format: "csv",
  extensions: ["csv"],
  openTable: (path, delimiter) => openDelimited(path, "csv", delimiter ?? comma),
};

/** Tab-separated values with a header row (quotes as in CSV). */
export const tsvReader: TableReader = {
  format: "tsv",
  extensions: ["tsv", "tab"],
  openTable: (path, delimiter) => openDelimited(path, "tsv", delimiter ?? tab),
};
