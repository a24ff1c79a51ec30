import { type MismatchTally, tallyCellPair, trackNumberErrors } from "./mismatch-tally.js";
import { type ParsedNumber, scanNumber } from "./parse-number.js";
import type { CsvBatch } from "./readers/csv-reader.js";
import { isWithinTolerance } from "./tolerance.js";

/** Per-column settings of a tally in flat arrays, for the row walk. */
export interface PlainRowColumns {
  rtol: Float64Array;
  atol: Float64Array;
  exact: Uint8Array;
}

/** The flat column settings of `tally`. */
export function plainRowColumns(tally: MismatchTally): PlainRowColumns {
  const n = tally.pairs.length;
  const columns = { rtol: new Float64Array(n), atol: new Float64Array(n), exact: new Uint8Array(n) };
  for (let c = 0; c < n; c++) {
    const pair = tally.pairs[c];
    columns.rtol[c] = pair.rtol;
    columns.atol[c] = pair.atol;
    columns.exact[c] = pair.exact ? 1 : 0;
  }
  return columns;
}

const legacyNumber: ParsedNumber = { isNumber: false, value: 0 };
const migratedNumber: ParsedNumber = { isNumber: false, value: 0 };

/**
 * Compares two rows without quotes whose columns pair up in place (column c with column c), in one pass
 * over both rows: each cell is read as a number where it ends, and only cells that are not two numbers of
 * a non-exact column take the general path (tallyCellPair). Returns false, having done nothing, when
 * either row has quotes. Same outcome as comparing cell by cell: two numbers within tolerance only
 * update the error maxima, which is all tallyCellPair does for them, and two identical raw cells that are
 * numbers are within any tolerance with zero error.
 */
export function tallyPlainRows(
  tally: MismatchTally,
  columns: PlainRowColumns,
  legacy: CsvBatch,
  legacyRow: number,
  migrated: CsvBatch,
  migratedRow: number,
  row: number,
): boolean {
  if (!legacy.isPlainRow(legacyRow) || !migrated.isPlainRow(migratedRow)) return false;
  const lbuf = legacy.buf;
  const mbuf = migrated.buf;
  const ldelimiter = legacy.delimiter;
  const mdelimiter = migrated.delimiter;
  const lend = legacy.rowEnd(legacyRow);
  const mend = migrated.rowEnd(migratedRow);
  const { rtol, atol, exact } = columns;
  const symmetric = tally.symmetric;
  const width = rtol.length;
  let lp = legacy.rowStart(legacyRow);
  let mp = migrated.rowStart(migratedRow);
  for (let c = 0; c < width; c++) {
    let lstop = scanNumber(lbuf, lp, lend, legacyNumber);
    const isLegacyNumber = legacyNumber.isNumber && (lstop === lend || lbuf[lstop] === ldelimiter);
    if (!isLegacyNumber) while (lstop < lend && lbuf[lstop] !== ldelimiter) lstop++;
    let mstop = scanNumber(mbuf, mp, mend, migratedNumber);
    const isMigratedNumber = migratedNumber.isNumber && (mstop === mend || mbuf[mstop] === mdelimiter);
    if (!isMigratedNumber) while (mstop < mend && mbuf[mstop] !== mdelimiter) mstop++;
    if (isLegacyNumber && isMigratedNumber && exact[c] === 0) {
      const lv = legacyNumber.value;
      const mv = migratedNumber.value;
      if (isWithinTolerance(lv, mv, rtol[c], atol[c], symmetric)) trackNumberErrors(tally, c, lv, mv, row);
      else tallyCellPair(tally, c, legacy, legacyRow, migrated, migratedRow, row, null);
    } else if (!legacy.isSameRaw(legacyRow, c, migrated, migratedRow, c)) {
      tallyCellPair(tally, c, legacy, legacyRow, migrated, migratedRow, row, null);
    }
    lp = lstop + 1;
    mp = mstop + 1;
  }
  return true;
}
