/**
 * A fast reading of a decimal number that is not always the exact double but says how far from it it can be.
 *
 * Comparing two tables within a tolerance rarely needs the exact doubles: a pair 1e-13 apart under rtol 1e-10
 * is equal whichever of the few nearest doubles each side is. The exact conversion (decimal-to-double.ts)
 * costs as much as reading the digits, so the row walk reads numbers here first and converts exactly only
 * the pairs whose verdict, or whose place among a column's largest errors, the bound leaves open.
 */

import { type ReadExponent, scanExponent } from "./scan-exponent.js";

const plus = 0x2b;
const minus = 0x2d;
const dot = 0x2e;
const lowerE = 0x65;

const exponent: ReadExponent = { value: 0 };

// Unit roundoff of a double: every correctly rounded operation has a relative error of at most this.
const roundoff = 2 ** -53;
// 10^k is exact in a double for k ≤ 22.
const exactPowersOfTen = Float64Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * A number read by scanApproximateNumber, in the two slots of a Float64Array: the value (`approximateValue`), within
 * the error (`approximateError`) of the double `Number(text)` gives. Not an object with two fields: the row walk's
 * optimized code stored and read those through heap numbers, ≈ 260 MB of garbage on 1M × 8 rows (5% of its CPU);
 * a typed array holds the doubles as they are.
 */
export type ApproximateNumber = Float64Array;

/** Slot of an ApproximateNumber's value. */
export const approximateValue = 0;
/** Slot of an ApproximateNumber's error bound. */
export const approximateError = 1;

/** A holder for scanApproximateNumber's result. */
export function createApproximateNumber(): ApproximateNumber {
  return new Float64Array(2);
}

/**
 * Reads the plain decimal number (sign, digits, point, exponent) at [start, limit) into `out` and returns the
 * index after it, or -1 when the text has no digit or leaves the fast domain (more than 40 digits, or a
 * power of ten beyond ±22): the caller then reads it exactly. A number that does not end at the cell's end is
 * the caller's to notice from the index.
 *
 * Why the bound holds: the digits accumulate as w ← w·10 + d. While w < 2^53 (the first 15 digits, leading
 * zeros included) every step is exact. Each later step rounds twice (the product and the sum); adding a
 * non-negative digit cannot enlarge a relative error, so after m such steps w is within (1+u)^2m − 1 ≈ 2m·u
 * of the decimal significand. Scaling by an exact 10^k rounds once more, and the decimal is within u of the
 * double Number() picks, so the result is within (2m + 2)·u·(1 + small) of that double; (2m + 4)·u·|value|
 * covers the small terms. With at most 15 digits and |k| ≤ 22 there is no rounding before the last step, which
 * is then the correctly rounded result itself (Clinger's fast path): the error is 0.
 */
export function scanApproximateNumber(buf: Uint8Array, start: number, limit: number, out: ApproximateNumber): number {
  let i = start;
  if (i >= limit) return -1;
  let c = buf[i];
  const negative = c === minus;
  if (negative || c === plus) i++;
  let w = 0;
  const integerStart = i;
  while (i < limit && (c = buf[i] - 0x30) >>> 0 < 10) {
    w = w * 10 + c;
    i++;
  }
  let digits = i - integerStart;
  let fraction = 0;
  if (i < limit && buf[i] === dot) {
    i++;
    const fractionStart = i;
    while (i < limit && (c = buf[i] - 0x30) >>> 0 < 10) {
      w = w * 10 + c;
      i++;
    }
    fraction = i - fractionStart;
    digits += fraction;
  }
  if (digits === 0 || digits > 40) return -1;
  let power = -fraction;
  if (i < limit && (buf[i] | 0x20) === lowerE) {
    const k = scanExponent(buf, i, limit, exponent);
    if (k < 0) return -1;
    if (k > i) {
      power += exponent.value;
      i = k;
    }
  }
  if (power < -22 || power > 22) return -1;
  const magnitude = power < 0 ? w / exactPowersOfTen[-power] : w * exactPowersOfTen[power];
  out[approximateValue] = negative ? -magnitude : magnitude;
  out[approximateError] = digits <= 15 ? 0 : (2 * (digits - 15) + 4) * roundoff * magnitude;
  return i;
}
