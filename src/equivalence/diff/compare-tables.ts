import { alignRowsByKey } from "./align-by-key.js";
import type { AlignmentCounts, DiffOptions, DiffResult, StructureProblem } from "./diff-types.js";
import { createTally, summarizeTally, tallyCellPair, type MismatchTally } from "./mismatch-tally.js";
import { planColumns } from "./plan-columns.js";
import { CsvBatch } from "./readers/csv-reader.js";
import { openTable } from "./table-readers.js";
import { plainRowColumns, tallyPlainRows } from "./tally-plain-rows.js";
import type { TableBatch, TableSource } from "./table.js";
import { defaultTolerance, describeFormula } from "./tolerance.js";

/** Default number of mismatching cells a report lists. */
export const defaultMaxReport = 20;

/** Compares two table files: structure first, then every aligned cell within tolerance (streaming). */
export async function compareTableFiles(
  legacyPath: string,
  migratedPath: string,
  options: DiffOptions = {},
): Promise<DiffResult> {
  const legacy = await openTable(legacyPath, options.legacyFormat ?? options.format, options.delimiter);
  try {
    const migrated = await openTable(migratedPath, options.migratedFormat ?? options.format, options.delimiter);
    try {
      return await compareTables(legacy, migrated, options);
    } finally {
      await migrated.close();
    }
  } finally {
    await legacy.close();
  }
}

/** Compares two opened tables (see compareTableFiles). */
export async function compareTables(
  legacy: TableSource,
  migrated: TableSource,
  options: DiffOptions = {},
): Promise<DiffResult> {
  const symmetric = options.symmetric ?? defaultTolerance.symmetric;
  const plan = planColumns(legacy.columns, migrated.columns, options);
  let structure: StructureProblem[] = [];
  if (legacy.format !== migrated.format) {
    structure.push({
      kind: "format",
      legacy: legacy.format,
      migrated: migrated.format,
      message: `formats differ: legacy ${legacy.format}, migrated ${migrated.format}`,
    });
  }
  // concat, not push(...): a header mismatch of 100k+ columns would overflow the call stack as arguments.
  structure = structure.concat(plan.problems);
  const tally = createTally(plan.pairs, symmetric, options.trim ?? false, options.maxReport ?? defaultMaxReport);
  const isKeyed = (options.key ?? []).length > 0;
  const counts = isKeyed
    ? await alignRowsByKey(legacy, migrated, plan, tally, options.allowDuplicateKeys ?? false)
    : await alignRowsByPosition(legacy, migrated, tally);
  if (isKeyed) structure = structure.concat(counts.problems);
  else if (counts.legacyRows !== counts.migratedRows) {
    structure.push({
      kind: "row-count",
      legacy: counts.legacyRows,
      migrated: counts.migratedRows,
      message: `row counts differ: legacy ${counts.legacyRows}, migrated ${counts.migratedRows}`,
    });
  }
  return {
    equal: structure.length === 0 && tally.total === 0,
    formula: describeFormula(symmetric),
    rtol: options.rtol ?? defaultTolerance.rtol,
    atol: options.atol ?? defaultTolerance.atol,
    symmetric,
    nanEqual: true,
    legacy: { path: legacy.path, format: legacy.format },
    migrated: { path: migrated.path, format: migrated.format },
    rows: { legacy: counts.legacyRows, migrated: counts.migratedRows },
    alignedRows: counts.alignedRows,
    keyColumns: isKeyed ? (options.key ?? []) : null,
    structure,
    columns: summarizeTally(tally, counts.alignedRows),
    mismatchCount: tally.total,
    mismatches: tally.listed,
  };
}

// Rows pair up by position; only the two current batches are held, so memory is flat in the row count.
async function alignRowsByPosition(
  legacy: TableSource,
  migrated: TableSource,
  tally: MismatchTally,
): Promise<AlignmentCounts> {
  const pairCount = tally.pairs.length;
  const legacyIndexes = Int32Array.from(tally.pairs, (pair) => pair.legacyIndex);
  const migratedIndexes = Int32Array.from(tally.pairs, (pair) => pair.migratedIndex);
  // Whole-row byte comparison is valid when every column is compared, in the same place on both sides.
  const isIdentity =
    pairCount === legacy.columns.length &&
    pairCount === migrated.columns.length &&
    tally.pairs.every((pair, c) => pair.legacyIndex === c && pair.migratedIndex === c);
  const plainColumns = plainRowColumns(tally);
  let lb: TableBatch | null = await legacy.nextBatch();
  let mb: TableBatch | null = await migrated.nextBatch();
  let lr = 0;
  let mr = 0;
  let row = 0;
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
      lb = await legacy.nextBatch();
      lr = 0;
    }
    if (mr === mb.rowCount) {
      mb = await migrated.nextBatch();
      mr = 0;
    }
  }
  return {
    legacyRows: row + (await countRemaining(legacy, lb, lr)),
    migratedRows: row + (await countRemaining(migrated, mb, mr)),
    alignedRows: row,
    problems: [],
  };
}

async function countRemaining(source: TableSource, batch: TableBatch | null, consumed: number): Promise<number> {
  if (batch === null) return 0;
  let count = batch.rowCount - consumed;
  for (let next = await source.nextBatch(); next !== null; next = await source.nextBatch()) count += next.rowCount;
  return count;
}
