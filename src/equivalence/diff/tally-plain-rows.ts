import {
  approximateError,
  approximateValue,
  createApproximateNumber,
  scanApproximateNumber,
} from "./approximate-number.js";
import { type MismatchTally, tallyCellPair, trackNumberErrors } from "./mismatch-tally.js";
import { type ParsedNumber, scanNumber } from "./parse-number.js";
import { type ExactDecimal, scanExactDecimal } from "./scan-exact-decimal.js";
import type { CsvBatch } from "./readers/csv-reader.js";
import { isWithinTolerance } from "./tolerance.js";

/** Per-column settings of a tally in flat arrays, for the row walk. */
export interface PlainRowColumns {
  rtol: Float64Array;
  atol: Float64Array;
  exact: Uint8Array;
  /** Pairs in a row the approximate reading left open, per column (see tallyPlainRows). */
  openRun: Uint32Array;
}

/** The flat column settings of `tally`. */
export function plainRowColumns(tally: MismatchTally): PlainRowColumns {
  const n = tally.pairs.length;
  const columns = {
    rtol: new Float64Array(n),
    atol: new Float64Array(n),
    exact: new Uint8Array(n),
    openRun: new Uint32Array(n),
  };
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
const legacyApproximate = createApproximateNumber();
const migratedApproximate = createApproximateNumber();
const legacyExact: ExactDecimal = { value: 0 };
const migratedExact: ExactDecimal = { value: 0 };

// A column whose last this many pairs were all open is read exactly first (one reading instead of two), save
// every `probeEvery`-th row, which tries the approximate reading again and ends the run when it settles.
const openRunToSkip = 16;
const probeEvery = 64;

// Widens every bound below by more than the rounding of the few operations that compute it (a handful of u).
const margin = 8 * 2 ** -53;

/** What the approximate reading of a pair settles (see settleApproximatePair). */
enum Settled {
  /** Within tolerance, and neither of the column's largest errors can move. */
  quiet,
  /** Certainly outside the tolerance. */
  mismatch,
  /** The bounds leave the verdict or the largest errors open: read both exactly. */
  open,
}

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
  const { exact, openRun } = columns;
  const symmetric = tally.symmetric;
  const width = exact.length;
  let lp = legacy.rowStart(legacyRow);
  let mp = migrated.rowStart(migratedRow);
  for (let c = 0; c < width; c++) {
    if (exact[c] === 0 && openRun[c] >= openRunToSkip && row % probeEvery !== 0) {
      // Most pairs of this column are open (a systematic offset keeps every error next to the largest): read the
      // cells exactly straight away; the pair then takes the exact path's steps with the same doubles.
      const lexact = scanExactDecimal(lbuf, lp, lend, legacyExact);
      const mexact = lexact < 0 ? -1 : scanExactDecimal(mbuf, mp, mend, migratedExact);
      if (mexact >= 0 && isCellEnd(lbuf, lexact, lend, ldelimiter) && isCellEnd(mbuf, mexact, mend, mdelimiter)) {
        if (!settleExactPair(tally, c, legacyExact, migratedExact, columns, symmetric, row))
          tallyCellPair(tally, c, legacy, legacyRow, migrated, migratedRow, row, null);
        lp = lexact + 1;
        mp = mexact + 1;
        continue;
      }
    } else if (exact[c] === 0) {
      // The fast path: both cells are plain decimals the approximate reading takes, and the bounds settle them.
      const lfast = scanApproximateNumber(lbuf, lp, lend, legacyApproximate);
      const mfast = lfast < 0 ? -1 : scanApproximateNumber(mbuf, mp, mend, migratedApproximate);
      if (mfast >= 0 && isCellEnd(lbuf, lfast, lend, ldelimiter) && isCellEnd(mbuf, mfast, mend, mdelimiter)) {
        const settled = settleApproximatePair(tally, c, columns, symmetric, row);
        openRun[c] = settled === Settled.open ? openRun[c] + 1 : 0;
        if (settled !== Settled.open) {
          if (settled === Settled.mismatch)
            tallyCellPair(tally, c, legacy, legacyRow, migrated, migratedRow, row, null);
          lp = lfast + 1;
          mp = mfast + 1;
          continue;
        }
        // Open: both cells are plain decimals, which double-double arithmetic usually reads exactly at a fraction
        // of the exact parser's cost; the pair then takes the exact path's steps with the same doubles.
        if (
          scanExactDecimal(lbuf, lp, lfast, legacyExact) === lfast &&
          scanExactDecimal(mbuf, mp, mfast, migratedExact) === mfast
        ) {
          if (!settleExactPair(tally, c, legacyExact, migratedExact, columns, symmetric, row))
            tallyCellPair(tally, c, legacy, legacyRow, migrated, migratedRow, row, null);
          lp = lfast + 1;
          mp = mfast + 1;
          continue;
        }
      }
    }
    let lstop = scanNumber(lbuf, lp, lend, legacyNumber);
    const isLegacyNumber = legacyNumber.isNumber && isCellEnd(lbuf, lstop, lend, ldelimiter);
    if (!isLegacyNumber) while (lstop < lend && lbuf[lstop] !== ldelimiter) lstop++;
    let mstop = scanNumber(mbuf, mp, mend, migratedNumber);
    const isMigratedNumber = migratedNumber.isNumber && isCellEnd(mbuf, mstop, mend, mdelimiter);
    if (!isMigratedNumber) while (mstop < mend && mbuf[mstop] !== mdelimiter) mstop++;
    if (isLegacyNumber && isMigratedNumber && exact[c] === 0) {
      if (!settleExactPair(tally, c, legacyNumber, migratedNumber, columns, symmetric, row))
        tallyCellPair(tally, c, legacy, legacyRow, migrated, migratedRow, row, null);
    } else if (!legacy.isSameRaw(legacyRow, c, migrated, migratedRow, c)) {
      tallyCellPair(tally, c, legacy, legacyRow, migrated, migratedRow, row, null);
    }
    lp = lstop + 1;
    mp = mstop + 1;
  }
  return true;
}

/**
 * Settles a pair of numbers read exactly, by either exact reader, when it is within tolerance: it then only updates
 * the column's largest errors. False leaves the pair to the general way (tallyCellPair). The values stay in the
 * readers' result objects (a double passed to a call that is not inlined is boxed).
 */
function settleExactPair(
  tally: MismatchTally,
  c: number,
  legacyValue: { value: number },
  migratedValue: { value: number },
  columns: PlainRowColumns,
  symmetric: boolean,
  row: number,
): boolean {
  const lv = legacyValue.value;
  const mv = migratedValue.value;
  if (!isWithinTolerance(lv, mv, columns.rtol[c], columns.atol[c], symmetric)) return false;
  trackNumberErrors(tally, c, lv, mv, row);
  return true;
}

/** True when `at` is where a cell of the row ending at `end` ends: a number read there is the whole cell. */
function isCellEnd(buf: Uint8Array, at: number, end: number, delimiter: number): boolean {
  return at === end || buf[at] === delimiter;
}

/**
 * Settles the pair just read into legacyApproximate and migratedApproximate without the exact doubles l and m
 * where their error bounds allow. Two readings without error are the exact doubles and go through the same
 * arithmetic as the exact path. Otherwise |m − l| lies within eL + eM (+ the subtraction's rounding) of the
 * computed D, and the threshold within rtol·eL of the computed one; the pair is settled only when every value
 * in those ranges (widened by `margin` for the rounding of this arithmetic) gives the same verdict, and when
 * no value in them could raise the column's largest absolute or relative error (those are reported with the
 * exact values, so a pair that might set one is read exactly).
 */
function settleApproximatePair(
  tally: MismatchTally,
  c: number,
  columns: PlainRowColumns,
  symmetric: boolean,
  row: number,
): Settled {
  const rtol = columns.rtol[c];
  const atol = columns.atol[c];
  const l = legacyApproximate[approximateValue];
  const m = migratedApproximate[approximateValue];
  const el = legacyApproximate[approximateError];
  const em = migratedApproximate[approximateError];
  if (el === 0 && em === 0) {
    if (!isWithinTolerance(l, m, rtol, atol, symmetric)) return Settled.mismatch;
    trackNumberErrors(tally, c, l, m, row);
    return Settled.quiet;
  }
  const d = Math.abs(m - l);
  const spread = el + em + margin * d;
  const highD = (d + spread) * (1 + margin);
  const lowD = (d - spread) * (1 - margin);
  const absL = Math.abs(l);
  let lowScale: number;
  let highScale: number;
  if (symmetric) {
    const absM = Math.abs(m);
    const larger = absL > absM ? absL : absM;
    const e = el > em ? el : em;
    lowScale = larger - e;
    highScale = larger + e;
  } else {
    lowScale = absL - el;
    highScale = absL + el;
  }
  const lowT = symmetric ? Math.max(rtol * lowScale * (1 - margin), atol) : (atol + rtol * lowScale) * (1 - margin);
  const highT = symmetric ? Math.max(rtol * highScale * (1 + margin), atol) : (atol + rtol * highScale) * (1 + margin);
  if (lowD > highT) return Settled.mismatch;
  if (highD > lowT) return Settled.open;
  if (highD > tally.maxAbs[c]) return Settled.open;
  if (lowScale <= 0 || (highD / lowScale) * (1 + margin) > tally.maxRel[c]) return Settled.open;
  return Settled.quiet;
}
