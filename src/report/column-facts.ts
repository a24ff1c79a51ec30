import type { CellMismatch, ColumnStats, DiffResult } from "../equivalence/diff/diff-types.js";
import type { UnitResult } from "../equivalence/experiments/experiment-types.js";
import { formatError } from "./format-table.js";

/** A 0-based data row as reports name it: counted from 1 and called a data row, so it is never read as the header. */
export function dataRow(row: number): string {
  return `data row ${row + 1}`;
}

/** Where a mismatching cell is: its key or data row, and the legacy file's line. */
export function describeCellPlace(m: CellMismatch): string {
  if (m.key !== null)
    return `key ${Object.entries(m.key)
      .map(([k, v]) => `${k}=${v}`)
      .join(",")}`;
  return `${dataRow(m.row)} (line ${m.legacyLine})`;
}

/** The tolerance a column was compared with: "exact" or "rtol=… atol=…". */
export function describeTolerance(stats: Pick<ColumnStats, "exact" | "rtol" | "atol">): string {
  return stats.exact ? "exact (text)" : `rtol=${stats.rtol} atol=${stats.atol}`;
}

/** The worst errors of a column and where: "max abs err 5.00e-1 at data row 2 (legacy 1 vs migrated 1.5), max rel err …". */
export function describeWorst(stats: ColumnStats): string {
  if (stats.maxAbsAt === null) return "max abs err 0, max rel err 0";
  const values = stats.maxAbsValues
    ? ` (legacy ${stats.maxAbsValues.legacy} vs migrated ${stats.maxAbsValues.migrated})`
    : "";
  const rel = stats.maxRelAt === null ? "" : ` at ${dataRow(stats.maxRelAt)}`;
  return `max abs err ${formatError(stats.maxAbsError)} at ${dataRow(stats.maxAbsAt)}${values}, max rel err ${formatError(stats.maxRelError)}${rel}`;
}

/** One line per compared column: mismatches, tolerance used and worst errors (the facts every report form states). */
export function columnFactLines(diff: DiffResult): string[] {
  return Object.entries(diff.columns).map(
    ([name, stats]) =>
      `${name}: ${stats.mismatches} of ${stats.compared} cell(s) differ; ${describeTolerance(stats)}; ${describeWorst(stats)}`,
  );
}

/** The tolerance and largest errors of a module experiment's return values, in one line. */
export function describeValueErrors(cases: NonNullable<UnitResult["cases"]>): string {
  const { tolerance, errors } = cases;
  const at = errors.maxAbsAt
    ? ` at ${errors.maxAbsAt.path} (legacy ${errors.maxAbsAt.legacy} vs migrated ${errors.maxAbsAt.migrated})`
    : "";
  return `return values of ${cases.total} case(s): ${cases.mismatches.length} differ; rtol=${tolerance.rtol} atol=${tolerance.atol}${tolerance.symmetric ? " (symmetric)" : ""}; max abs err ${formatError(errors.maxAbsError)}${at}, max rel err ${formatError(errors.maxRelError)}`;
}
