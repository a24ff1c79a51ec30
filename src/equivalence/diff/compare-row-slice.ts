import { InvalidInputError } from "../../shared/errors.js";
import { alignCursorRows, countRemainingRows, openRowCursor } from "./align-rows-by-position.js";
import { createTally, type MismatchTally } from "./mismatch-tally.js";
import type { ColumnPair } from "./plan-columns.js";
import { countPlainRecords } from "./readers/count-plain-records.js";
import { type DelimitedTable, openDelimitedSlice, type RecordBoundary } from "./readers/csv-reader.js";

/** The later rows of a position-aligned comparison, for a second thread (plain data: it crosses threads). */
export interface RowSliceRequest {
  /**
   * The legacy table, whose slice starts at byte `split`: a record boundary with no quote between the first record
   * (`dataStart`) and it (findPlainBoundary), so its records before it can be counted by lines.
   */
  legacy: DelimitedTable & { dataStart: RecordBoundary; split: number };
  /** The migrated table; its slice starts after as many records as the legacy file has before its split. */
  migrated: DelimitedTable & { dataStart: RecordBoundary };
  pairs: ColumnPair[];
  symmetric: boolean;
  trim: boolean;
  maxReport: number;
}

/** What comparing a row slice gave. */
export type RowSliceReply =
  | {
      kind: "done";
      /** The legacy records before the split: the data row number of the slice's first. */
      firstRow: number;
      tally: MismatchTally;
      legacyRows: number;
      migratedRows: number;
      alignedRows: number;
    }
  /**
   * The migrated file's records before the split cannot be counted by lines (a quote), or it has fewer: the main
   * thread compares on from `legacyFrom`, the legacy split and its line.
   */
  | { kind: "declined"; legacyFrom: RecordBoundary }
  | { kind: "failed"; message: string; isInvalidInput: boolean };

/**
 * Compares the rows of a RowSliceRequest: counts the legacy records before the split, finds where the migrated
 * file's slice starts by counting as many of its records, then pairs the two slices' rows by position to the end of
 * both files. Row counts are the slice's own.
 */
export async function compareRowSlice(request: RowSliceRequest): Promise<RowSliceReply> {
  try {
    const { legacy, migrated } = request;
    const legacyFrom = await countPlainRecords(legacy.path, legacy.dataStart, legacy.columns.length, {
      atByte: legacy.split,
    });
    if (legacyFrom === null || legacyFrom.offset !== legacy.split)
      throw new Error(`${legacy.path}: byte ${legacy.split} is not a record boundary found by lines`);
    const firstRow = legacyFrom.records;
    const migratedFrom = await countPlainRecords(migrated.path, migrated.dataStart, migrated.columns.length, {
      afterRecords: firstRow,
    });
    if (migratedFrom === null)
      return { kind: "declined", legacyFrom: { offset: legacyFrom.offset, line: legacyFrom.line } };
    const tally = createTally(request.pairs, request.symmetric, request.trim, request.maxReport);
    const legacySource = await openDelimitedSlice(legacy, legacyFrom, Number.POSITIVE_INFINITY);
    try {
      const migratedSource = await openDelimitedSlice(migrated, migratedFrom, Number.POSITIVE_INFINITY);
      try {
        const legacyRows = await openRowCursor(legacySource);
        const migratedRows = await openRowCursor(migratedSource);
        const aligned = (await alignCursorRows(legacyRows, migratedRows, tally, firstRow)) - firstRow;
        return {
          kind: "done",
          firstRow,
          tally,
          legacyRows: aligned + (await countRemainingRows(legacyRows)),
          migratedRows: aligned + (await countRemainingRows(migratedRows)),
          alignedRows: aligned,
        };
      } finally {
        await migratedSource.close();
      }
    } finally {
      await legacySource.close();
    }
  } catch (error) {
    return {
      kind: "failed",
      message: error instanceof Error ? error.message : String(error),
      isInvalidInput: error instanceof InvalidInputError,
    };
  }
}
