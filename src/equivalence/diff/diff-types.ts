import type { TableFormat } from "./table.js";

/** Options of one table comparison (graft diff flags, or an experiment output's settings). */
export interface DiffOptions {
  rtol?: number;
  atol?: number;
  symmetric?: boolean;
  /** Per-column tolerances overriding rtol/atol. */
  columnTolerances?: Record<string, { rtol?: number; atol?: number }>;
  /** Columns compared by their written text, byte for byte (numbers too: "1" differs from "1.0"). */
  exact?: string[];
  /** Align rows by these columns instead of by position. */
  key?: string[];
  allowDuplicateKeys?: boolean;
  ignoreColumnOrder?: boolean;
  /** Compare only these columns. */
  columns?: string[];
  ignoreColumns?: string[];
  /** How many mismatching cells to list (all are counted). */
  maxReport?: number;
  /** Format of both files, or of each; detected from extensions otherwise. */
  format?: TableFormat;
  legacyFormat?: TableFormat;
  migratedFormat?: TableFormat;
  /** Field separator of delimited files (one ASCII character; "tab" or "\\t" for a tab); implies CSV when the extension does not tell. */
  delimiter?: string;
  /** Trim spaces and tabs around cells before comparing. */
  trim?: boolean;
  /**
   * Compare large delimited files aligned by position on two threads (default true where the machine has more than
   * one core): the second half of the rows on a worker thread. The result is the same either way.
   */
  parallel?: boolean;
}

/** A structural difference, reported before values; any makes the result unequal. */
export interface StructureProblem {
  kind: "format" | "missing-column" | "extra-column" | "column-order" | "row-count" | "missing-rows" | "extra-rows";
  message: string;
  column?: string;
  legacy?: unknown;
  migrated?: unknown;
}

/** What was found in one compared column. */
export interface ColumnStats {
  compared: number;
  mismatches: number;
  /** Largest finite |m − l| over numeric pairs (0 when none differ). */
  maxAbsError: number;
  maxRelError: number;
  /** 0-based data row (legacy side) of the maxima, reported 1-based as "data row"; null when every pair was identical. */
  maxAbsAt: number | null;
  maxRelAt: number | null;
  /** Legacy and migrated values of the cells at maxAbsAt and maxRelAt (null with them). */
  maxAbsValues: { legacy: number; migrated: number } | null;
  maxRelValues: { legacy: number; migrated: number } | null;
  rtol: number;
  atol: number;
  exact: boolean;
}

/** Why a cell pair differs. */
export type MismatchKind = "value" | "type" | "empty" | "text";

/** One differing cell. */
export interface CellMismatch {
  /** 0-based data row of the legacy file (reports say "data row" and count from 1). */
  row: number;
  /** Key column values in key-aligned mode, else null. */
  key: Record<string, string> | null;
  column: string;
  legacy: string;
  migrated: string;
  /** null when not both numbers or not finite. */
  absError: number | null;
  relError: number | null;
  kind: MismatchKind;
  /** 1-based file lines of the two cells. */
  legacyLine: number;
  migratedLine: number;
}

/** The full answer of a table comparison: the facts every report form carries. */
export interface DiffResult {
  equal: boolean;
  formula: string;
  rtol: number;
  atol: number;
  symmetric: boolean;
  nanEqual: true;
  legacy: { path: string; format: TableFormat };
  migrated: { path: string; format: TableFormat };
  rows: { legacy: number; migrated: number };
  /** Rows whose cells were compared (aligned pairs). */
  alignedRows: number;
  keyColumns: string[] | null;
  structure: StructureProblem[];
  columns: Record<string, ColumnStats>;
  /** Every mismatching cell counted, only the first maxReport listed. */
  mismatchCount: number;
  mismatches: CellMismatch[];
}

/** Row counts of an alignment, and the structural problems it found. */
export interface AlignmentCounts {
  legacyRows: number;
  migratedRows: number;
  alignedRows: number;
  problems: StructureProblem[];
}
