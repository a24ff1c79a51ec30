import { open } from "node:fs/promises";
import type { RecordBoundary } from "./csv-reader.js";

// Reads of a megabyte: as fast as larger ones from the page cache, and less memory beside the comparison's windows.
const countReadSize = 1024 * 1024;
const quote = 0x22;
const lf = 0x0a;
const cr = 0x0d;

/** A record boundary found by counting, with the records counted before it. */
export interface CountedBoundary extends RecordBoundary {
  records: number;
}

/** Where counting stops: at the first boundary at or after a byte, or after a number of records. */
export type CountStop = { atByte: number } | { afterRecords: number };

/**
 * Counts the records of a delimited file from `from` (a record boundary) the way scanCsvRecords reads records
 * without quotes: one per line feed, blank lines (nothing but an optional carriage return) skipped unless the table
 * has one column, and returns the boundary where `stop` says. Null when a quote comes first, since a quoted field
 * can hold a line feed and lines no longer tell records apart, or when the file ends first (the boundary is always
 * just after a line feed, so a stop is a place where a scan can begin).
 */
export async function countPlainRecords(
  path: string,
  from: RecordBoundary,
  width: number,
  stop: CountStop,
): Promise<CountedBoundary | null> {
  const atByte = "atByte" in stop ? stop.atByte : Number.POSITIVE_INFINITY;
  const afterRecords = "afterRecords" in stop ? stop.afterRecords : Number.POSITIVE_INFINITY;
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.allocUnsafe(countReadSize);
    let offset = from.offset;
    let line = from.line;
    let records = 0;
    for (;;) {
      if (records >= afterRecords) return { offset, line, records };
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
      if (bytesRead === 0) return null;
      const lastLf = buffer.lastIndexOf(lf, bytesRead - 1);
      // The end of the file without a line feed, or a line longer than the buffer (then one thread compares).
      if (lastLf === -1) return null;
      // Only whole lines of this read are counted; the next read starts after the last line feed. A line that ends
      // after the first quote holds it (the lines before it ended before it).
      const quoteAt = buffer.subarray(0, lastLf).indexOf(quote);
      const quoted = quoteAt === -1 ? lastLf : quoteAt;
      // One native search per line: faster than counting line feeds four bytes at a time in JavaScript.
      let start = 0;
      while (start <= lastLf) {
        const end = buffer.indexOf(lf, start);
        if (end > quoted) return null;
        const isBlank = end === start || (end === start + 1 && buffer[start] === cr);
        if (!isBlank || width === 1) records++;
        line++;
        start = end + 1;
        if (records >= afterRecords || offset + start >= atByte) return { offset: offset + start, line, records };
      }
      offset += start;
    }
  } finally {
    await handle.close();
  }
}

/**
 * The record boundary after the first line feed at or after byte `atByte` of a delimited file, when no quote comes
 * between `from` (a record boundary) and it: then every line feed before it ends a record. Null otherwise, or when
 * the file has no line feed after `atByte`. Cheaper than counting the records (one search per read, not per line).
 */
export async function findPlainBoundary(path: string, from: number, atByte: number): Promise<number | null> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.allocUnsafe(countReadSize);
    let offset = from;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
      if (bytesRead === 0) return null;
      const bytes = buffer.subarray(0, bytesRead);
      const lineFeed = offset + bytesRead > atByte ? bytes.indexOf(lf, Math.max(0, atByte - offset)) : -1;
      const quoteAt = bytes.indexOf(quote);
      if (quoteAt !== -1 && (lineFeed === -1 || quoteAt < lineFeed)) return null;
      if (lineFeed !== -1) return offset + lineFeed + 1;
      offset += bytesRead;
    }
  } finally {
    await handle.close();
  }
}
