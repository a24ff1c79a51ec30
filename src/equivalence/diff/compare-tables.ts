import { alignRowsByKey } from "./align-by-key.js";
import type { AlignmentCounts, DiffOptions, DiffResult, StructureProblem } from "./diff-types.js";
import { alignRowsByPosition } from "./align-rows-by-position.js";
import { alignRowsInParallel, canCompareInParallel, startRowSliceWorker } from "./align-rows-in-parallel.js";
import { createTally, summarizeTally, type MismatchTally } from "./mismatch-tally.js";
import { planColumns } from "./plan-columns.js";
import { isDelimitedSource } from "./readers/csv-reader.js";
import { openTable } from "./table-readers.js";
import type { TableSource } from "./table.js";
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
    : await alignByPosition(legacy, migrated, tally, options);
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

// Large delimited tables are compared on two threads where the machine has them (same result as one).
function alignByPosition(
  legacy: TableSource,
  migrated: TableSource,
  tally: MismatchTally,
  options: DiffOptions,
): Promise<AlignmentCounts> {
  if (options.parallel !== false && isDelimitedSource(legacy) && isDelimitedSource(migrated) && canCompareInParallel())
    return alignRowsInParallel(legacy, migrated, tally, startRowSliceWorker);
  return alignRowsByPosition(legacy, migrated, tally);
}
