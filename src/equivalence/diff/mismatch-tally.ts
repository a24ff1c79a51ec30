import { isSameCellText } from "./cell-text.js";
import type { CellMismatch, ColumnStats, MismatchKind } from "./diff-types.js";
import type { ColumnPair } from "./plan-columns.js";
import { CellKind, type CellValue, type TableBatch } from "./table.js";
import { isWithinTolerance, relativeError } from "./tolerance.js";

/** Per-column counters and the first mismatches, filled by comparing cell pairs. */
export interface MismatchTally {
  pairs: ColumnPair[];
  symmetric: boolean;
  trim: boolean;
  maxReport: number;
  mismatches: Float64Array;
  maxAbs: Float64Array;
  maxRel: Float64Array;
  maxAbsAt: Float64Array;
  maxRelAt: Float64Array;
  /** Legacy and migrated values at the maxima, two per column. */
  maxAbsValues: Float64Array;
  maxRelValues: Float64Array;
  listed: CellMismatch[];
  total: number;
  legacyCell: CellValue;
  migratedCell: CellValue;
}

/** A tally with zeroed counters for `pairs`. */
export function createTally(pairs: ColumnPair[], symmetric: boolean, trim: boolean, maxReport: number): MismatchTally {
  const n = pairs.length;
  return {
    pairs,
    symmetric,
    trim,
    maxReport,
    mismatches: new Float64Array(n),
    maxAbs: new Float64Array(n),
    maxRel: new Float64Array(n),
    maxAbsAt: new Float64Array(n).fill(-1),
    maxRelAt: new Float64Array(n).fill(-1),
    maxAbsValues: new Float64Array(2 * n),
    maxRelValues: new Float64Array(2 * n),
    listed: [],
    total: 0,
    legacyCell: { kind: CellKind.empty, value: 0 },
    migratedCell: { kind: CellKind.empty, value: 0 },
  };
}

/**
 * Compares one cell pair whose raw forms differ (identical raw cells are equal and skip this).
 * `row` is the legacy data row; `key` is built lazily only when a mismatch is listed.
 */
export function tallyCellPair(
  tally: MismatchTally,
  c: number,
  legacy: TableBatch,
  legacyRow: number,
  migrated: TableBatch,
  migratedRow: number,
  row: number,
  key: (() => Record<string, string>) | null,
): void {
  const pair = tally.pairs[c];
  const l = tally.legacyCell;
  const m = tally.migratedCell;
  legacy.readCell(legacyRow, pair.legacyIndex, l, tally.trim);
  migrated.readCell(migratedRow, pair.migratedIndex, m, tally.trim);
  let kind: MismatchKind;
  let absError: number | null = null;
  let relError: number | null = null;
  if (l.kind === CellKind.number && m.kind === CellKind.number) {
    const lv = l.value;
    const mv = m.value;
    const isEqual = isWithinTolerance(lv, mv, pair.rtol, pair.atol, tally.symmetric);
    const abs = Math.abs(mv - lv);
    if (abs === abs && abs !== Infinity) {
      absError = abs;
      const rel = relativeError(lv, mv, tally.symmetric);
      if (rel !== Infinity && rel === rel) relError = rel;
    }
    trackNumberErrors(tally, c, lv, mv, row);
    // An exact column compares the written text: IDs beyond 2^53 parse to one double but differ.
    if (pair.exact ? isSameText(tally, pair, legacy, legacyRow, migrated, migratedRow) : isEqual) return;
    kind = "value";
  } else if (l.kind === CellKind.empty && m.kind === CellKind.empty) {
    return;
  } else if (l.kind === CellKind.text && m.kind === CellKind.text) {
    if (isSameText(tally, pair, legacy, legacyRow, migrated, migratedRow)) return;
    kind = "text";
  } else {
    kind = l.kind === CellKind.empty || m.kind === CellKind.empty ? "empty" : "type";
  }
  tally.mismatches[c]++;
  tally.total++;
  if (tally.listed.length < tally.maxReport) {
    tally.listed.push({
      row,
      key: key === null ? null : key(),
      column: pair.name,
      legacy: legacy.cellText(legacyRow, pair.legacyIndex),
      migrated: migrated.cellText(migratedRow, pair.migratedIndex),
      absError,
      relError,
      kind,
      legacyLine: legacy.lineOf(legacyRow),
      migratedLine: migrated.lineOf(migratedRow),
    });
  }
}

/** Updates column `c`'s largest absolute and relative errors with the legacy/migrated numbers of data row `row`. */
export function trackNumberErrors(tally: MismatchTally, c: number, lv: number, mv: number, row: number): void {
  const abs = Math.abs(mv - lv);
  // NaN or infinite differences have no size to report.
  if (abs !== abs || abs === Infinity) return;
  if (abs > tally.maxAbs[c]) {
    tally.maxAbs[c] = abs;
    tally.maxAbsAt[c] = row;
    tally.maxAbsValues[2 * c] = lv;
    tally.maxAbsValues[2 * c + 1] = mv;
  }
  const rel = relativeError(lv, mv, tally.symmetric);
  if (rel !== Infinity && rel === rel && rel > tally.maxRel[c]) {
    tally.maxRel[c] = rel;
    tally.maxRelAt[c] = row;
    tally.maxRelValues[2 * c] = lv;
    tally.maxRelValues[2 * c + 1] = mv;
  }
}

// Text compares as bytes, so cells that are not valid UTF-8 (café in Latin-1) still tell apart.
function isSameText(
  tally: MismatchTally,
  pair: ColumnPair,
  legacy: TableBatch,
  legacyRow: number,
  migrated: TableBatch,
  migratedRow: number,
): boolean {
  return isSameCellText(
    legacy.cellBytes(legacyRow, pair.legacyIndex),
    migrated.cellBytes(migratedRow, pair.migratedIndex),
    tally.trim,
  );
}

/** Column statistics of a finished tally, `compared` being the aligned row count. */
export function summarizeTally(tally: MismatchTally, compared: number): Record<string, ColumnStats> {
  const columns: Record<string, ColumnStats> = {};
  tally.pairs.forEach((pair, c) => {
    columns[pair.name] = {
      compared,
      mismatches: tally.mismatches[c],
      maxAbsError: tally.maxAbs[c],
      maxRelError: tally.maxRel[c],
      maxAbsAt: tally.maxAbsAt[c] < 0 ? null : tally.maxAbsAt[c],
      maxRelAt: tally.maxRelAt[c] < 0 ? null : tally.maxRelAt[c],
      maxAbsValues:
        tally.maxAbsAt[c] < 0 ? null : { legacy: tally.maxAbsValues[2 * c], migrated: tally.maxAbsValues[2 * c + 1] },
      maxRelValues:
        tally.maxRelAt[c] < 0 ? null : { legacy: tally.maxRelValues[2 * c], migrated: tally.maxRelValues[2 * c + 1] },
      rtol: pair.rtol,
      atol: pair.atol,
      exact: pair.exact,
    };
  });
  return columns;
}

/**
 * Adds `later`, the tally of rows that all come after `into`'s, to `into`: the same tally as comparing every row
 * in one pass. A later maximum replaces an earlier one only when strictly larger, as trackNumberErrors keeps the
 * first of equal errors (and records none of size 0).
 */
export function mergeLaterTally(into: MismatchTally, later: MismatchTally): void {
  for (let c = 0; c < into.pairs.length; c++) {
    into.mismatches[c] += later.mismatches[c];
    if (later.maxAbs[c] > into.maxAbs[c]) {
      into.maxAbs[c] = later.maxAbs[c];
      into.maxAbsAt[c] = later.maxAbsAt[c];
      into.maxAbsValues[2 * c] = later.maxAbsValues[2 * c];
      into.maxAbsValues[2 * c + 1] = later.maxAbsValues[2 * c + 1];
    }
    if (later.maxRel[c] > into.maxRel[c]) {
      into.maxRel[c] = later.maxRel[c];
      into.maxRelAt[c] = later.maxRelAt[c];
      into.maxRelValues[2 * c] = later.maxRelValues[2 * c];
      into.maxRelValues[2 * c + 1] = later.maxRelValues[2 * c + 1];
    }
  }
  into.total += later.total;
  for (const mismatch of later.listed) {
    if (into.listed.length >= into.maxReport) break;
    into.listed.push(mismatch);
  }
}
