import type { AlignmentCounts } from "./diff-types.js";
import { type MismatchTally, tallyCellPair } from "./mismatch-tally.js";
import { CsvBatch } from "./readers/csv-reader.js";
import { plainRowColumns, tallyPlainRows } from "./tally-plain-rows.js";
import type { TableBatch, TableSource } from "./table.js";

/** A table read a batch at a time: the current batch (null at the end) and its next row. */
export interface RowCursor {
  source: TableSource;
  batch: TableBatch | null;
  row: number;
}

/** A cursor at the first row of `source`. */
export async function openRowCursor(source: TableSource): Promise<RowCursor> {
  return { source, batch: await source.nextBatch(), row: 0 };
}

/** Pairs every row of the two tables by position: the counts, with the tally filled. */
export async function alignRowsByPosition(
  legacy: TableSource,
  migrated: TableSource,
  tally: MismatchTally,
): Promise<AlignmentCounts> {
  const legacyRows = await openRowCursor(legacy);
  const migratedRows = await openRowCursor(migrated);
  const aligned = await alignCursorRows(legacyRows, migratedRows, tally, 0);
  return {
    legacyRows: aligned + (await countRemainingRows(legacyRows)),
    migratedRows: aligned + (await countRemainingRows(migratedRows)),
    alignedRows: aligned,
    problems: [],
  };
}

/**
 * Pairs the rows of two cursors by position, numbering them from data row `firstRow`, until either runs out;
 * returns the number of the next data row. Only the two current batches are held, so memory is flat in the row
 * count.
 */
export async function alignCursorRows(
  legacy: RowCursor,
  migrated: RowCursor,
  tally: MismatchTally,
  firstRow: number,
): Promise<number> {
  const pairCount = tally.pairs.length;
  const legacyIndexes = Int32Array.from(tally.pairs, (pair) => pair.legacyIndex);
  const migratedIndexes = Int32Array.from(tally.pairs, (pair) => pair.migratedIndex);
  // Whole-row byte comparison is valid when every column is compared, in the same place on both sides.
  const isIdentity =
    pairCount === legacy.source.columns.length &&
    pairCount === migrated.source.columns.length &&
    tally.pairs.every((pair, c) => pair.legacyIndex === c && pair.migratedIndex === c);
  const plainColumns = plainRowColumns(tally);
  let lb = legacy.batch;
  let mb = migrated.batch;
  let lr = legacy.row;
  let mr = migrated.row;
  let row = firstRow;
  while (lb !== null && mb !== null) {
    const n = Math.min(lb.rowCount - lr, mb.rowCount - mr);
    const rowWise = isIdentity && lb instanceof CsvBatch && mb instanceof CsvBatch ? lb : null;
    for (let k = 0; k < n; k++) {
      if (
        rowWise !== null &&
        (rowWise.isSameRow(lr, mb as CsvBatch, mr) ||
          tallyPlainRows(tally, plainColumns, rowWise, lr, mb as CsvBatch, mr, row))
      ) {
        lr++;
        mr++;
        row++;
        continue;
      }
      for (let c = 0; c < pairCount; c++) {
        if (!lb.isSameRaw(lr, legacyIndexes[c], mb, mr, migratedIndexes[c]))
          tallyCellPair(tally, c, lb, lr, mb, mr, row, null);
      }
      lr++;
      mr++;
      row++;
    }
    if (lr === lb.rowCount) {
      lb = await legacy.source.nextBatch();
      lr = 0;
    }
    if (mr === mb.rowCount) {
      mb = await migrated.source.nextBatch();
      mr = 0;
    }
  }
  legacy.batch = lb;
  legacy.row = lr;
  migrated.batch = mb;
  migrated.row = mr;
  return row;
}

/** The rows a cursor has not reached yet, read to the end of its table. */
export async function countRemainingRows(cursor: RowCursor): Promise<number> {
  if (cursor.batch === null) return 0;
  let count = cursor.batch.rowCount - cursor.row;
  for (let next = await cursor.source.nextBatch(); next !== null; next = await cursor.source.nextBatch())
    count += next.rowCount;
  cursor.batch = null;
  cursor.row = 0;
  return count;
}
