import { InvalidInputError } from "../../shared/errors.js";
import { parseNumberBytes, type ParsedNumber } from "../parse-number.js";
import { openChunkFile } from "../read-file-chunks.js";
import { CellKind, normalizeColumnNames, type CellValue, type TableBatch, type TableFormat, type TableReader, type TableSource } from "../table.js";
import { createScannedRecords, escapedFlag, quotedFlag, scanCsvRecords, type ScannedRecords } from "./csv-scan.js";

const comma = 0x2c;
const tab = 0x09;
const space = 0x20;

/** Rows of one scanned chunk; cells are byte ranges of `buf`, parsed only when raw bytes differ. */
class CsvBatch implements TableBatch {
  readonly rowCount: number;
  private readonly parsed: ParsedNumber = { isNumber: false, value: 0 };
  constructor(
    private readonly buf: Buffer,
    private readonly records: ScannedRecords,
    private readonly width: number,
    private readonly fileOffset: number,
  ) {
    this.rowCount = records.rowCount;
  }

  lineOf(row: number): number {
    return this.records.lines[row];
  }

  spanOf(row: number): { offset: number; length: number } {
    const start = this.records.rowStarts[row];
    return { offset: this.fileOffset + start, length: this.records.rowStarts[row + 1] - start };
  }

  isSameRaw(row: number, col: number, other: TableBatch, otherRow: number, otherCol: number): boolean {
    if (!(other instanceof CsvBatch)) return false;
    const a = row * this.width + col;
    const b = otherRow * other.width + otherCol;
    let i = this.records.starts[a];
    const aEnd = this.records.ends[a];
    let j = other.records.starts[b];
    if (aEnd - i !== other.records.ends[b] - j) return false;
    const left = this.buf;
    const right = other.buf;
    while (i < aEnd) {
      if (left[i] !== right[j]) return false;
      i++;
      j++;
    }
    return true;
  }

  readCell(row: number, col: number, out: CellValue, trim: boolean): void {
    const cell = row * this.width + col;
    let start = this.records.starts[cell];
    let end = this.records.ends[cell];
    const flags = this.records.flags[cell];
    if (trim) {
      while (start < end && isBlankByte(this.buf[start])) start++;
      while (end > start && isBlankByte(this.buf[end - 1])) end--;
    }
    if (start === end) {
      out.kind = CellKind.empty;
      return;
    }
    if ((flags & escapedFlag) !== 0) {
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
    const cell = row * this.width + col;
    const text = this.buf.toString("utf8", this.records.starts[cell], this.records.ends[cell]);
    return (this.records.flags[cell] & escapedFlag) !== 0 ? text.replaceAll('""', '"') : text;
  }

  /** True when the cell was quoted in the file. */
  isQuoted(row: number, col: number): boolean {
    return (this.records.flags[row * this.width + col] & quotedFlag) !== 0;
  }
}

function isBlankByte(c: number): boolean {
  return c === space || c === tab;
}

/** Opens a delimited file: header row first, then batches of whole records. */
async function openDelimited(path: string, format: TableFormat, delimiter: number): Promise<TableSource> {
  const file = await openChunkFile(path);
  try {
    let pending: Buffer = Buffer.alloc(0);
    let pendingOffset = 0; // file offset of pending[0]
    let line = 1;
    let isEof = false;
    const header = createScannedRecords(64, 1);
    let headerBuf: Buffer = pending;
    for (;;) {
      const chunk = isEof ? null : await file.readChunk();
      if (chunk === null) isEof = true;
      else pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let from = 0;
      if (pendingOffset === 0 && pending.length >= 3 && pending[0] === 0xef && pending[1] === 0xbb && pending[2] === 0xbf) from = 3;
      const stop = scanCsvRecords(pending, from, isEof, delimiter, -1, 1, header, path);
      if (header.rowCount === 1) {
        headerBuf = pending;
        line = stop.line;
        pending = pending.subarray(stop.consumed);
        pendingOffset = stop.consumed;
        break;
      }
      if (isEof) throw new InvalidInputError(`${path}: empty file, no header row`);
    }
    const width = header.cellCount;
    const names: string[] = [];
    for (let i = 0; i < width; i++) {
      const text = headerBuf.toString("utf8", header.starts[i], header.ends[i]);
      names.push((header.flags[i] & escapedFlag) !== 0 ? text.replaceAll('""', '"') : text);
    }
    const columns = normalizeColumnNames(names);
    return {
      path,
      format,
      columns,
      async nextBatch() {
        for (;;) {
          if (pending.length === 0 && isEof) return null;
          const chunk = isEof ? null : await file.readChunk();
          if (chunk === null) isEof = true;
          const buf = chunk === null ? pending : pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
          const estimate = Math.max(16, Math.ceil(buf.length / (width * 4 + 1)));
          const records = createScannedRecords(estimate * width, estimate);
          const stop = scanCsvRecords(buf, 0, isEof, delimiter, width, line, records, path);
          const batchOffset = pendingOffset;
          line = stop.line;
          pending = buf.subarray(stop.consumed);
          pendingOffset += stop.consumed;
          if (records.rowCount > 0) return new CsvBatch(buf, records, width, batchOffset);
          if (isEof && pending.length === 0) return null;
        }
      },
      async readRowsAt(spans) {
        const parts = await Promise.all(spans.map((span) => file.readAt(span.offset, span.length)));
        const buf = Buffer.concat(parts.map((part) => (part.length > 0 && part[part.length - 1] !== 0x0a && part[part.length - 1] !== 0x0d ? Buffer.concat([part, Buffer.from("\n")]) : part)));
        const records = createScannedRecords(Math.max(1, spans.length) * width, Math.max(1, spans.length));
        scanCsvRecords(buf, 0, true, delimiter, width, 0, records, path);
        return new CsvBatch(buf, records, width, 0);
      },
      close: () => file.close(),
    };
  } catch (error) {
    await file.close();
    throw error;
  }
}

/** RFC 4180 CSV with a header row. */
export const csvReader: TableReader = {
  format: "csv",
  extensions: ["csv"],
  openTable: (path) => openDelimited(path, "csv", comma),
};

/** Tab-separated values with a header row (quotes as in CSV). */
export const tsvReader: TableReader = {
  format: "tsv",
  extensions: ["tsv", "tab"],
  openTable: (path) => openDelimited(path, "tsv", tab),
};
