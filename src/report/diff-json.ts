import type { DiffResult } from "../equivalence/diff/diff-types.js";

/** The machine form of `graft diff --json`: the documented shape, key order fixed. */
export function diffJson(result: DiffResult): Record<string, unknown> {
  return {
    equal: result.equal,
    formula: result.formula,
    rtol: result.rtol,
    atol: result.atol,
    symmetric: result.symmetric,
    nanEqual: result.nanEqual,
    legacy: result.legacy,
    migrated: result.migrated,
    rows: result.rows,
    alignedRows: result.alignedRows,
    keyColumns: result.keyColumns,
    structure: result.structure,
    columns: result.columns,
    mismatchCount: result.mismatchCount,
    mismatches: result.mismatches,
  };
}

/** `diffJson` as pretty-printed text (non-finite numbers become null, as JSON requires). */
export function renderDiffJson(result: DiffResult): string {
  return JSON.stringify(diffJson(result), null, 2) + "\n";
}
