/**
 * The exact double of a plain decimal of up to 19 significant digits and a power of ten within ±22, in a few
 * floating-point operations, or "not sure".
 *
 * The row walk reads numbers approximately first (approximate-number.ts). When the bounds leave a pair open — a
 * migrated program whose every value is off by the same relative 1e-12 puts each pair's error next to the
 * column's largest, so nearly every pair is open — both cells used to be read again by the exact parser
 * (parse-number.ts, Eisel–Lemire in 32-bit words). This reads them again in double-double arithmetic instead,
 * and a column whose pairs keep coming out open is read with it straight away (tally-plain-rows.ts).
 *
 * Why it is exact when it says so. The significant digits make an integer w < 10^19 < 2^64: the first 15 (head,
 * exact in a double) and up to 4 more (tail). head · 10^t is split exactly into two doubles (Dekker's product:
 * both factors are exact doubles), and adding tail is exact (Knuth's two-sum; every part is an integer below
 * 2^64 and the low parts stay below 2^12), so w = wh + wl exactly. Scaling by 10^k (exact for |k| ≤ 22) gives
 * x̃ = hi + lo: times 10^k by Dekker's product plus the low part's product; divided by 10^k by one long-division
 * step (the remainder of wh / 10^k is exact by Sterbenz's lemma). Each step that rounds does so at 2^-53 of a
 * part itself below 2^-52 of the whole, so |x − x̃| < 2^-100 · hi for the true value x = w · 10^k. Number()
 * rounds x to the nearest double, ties to even. The answer is the double both x̃ − 2^-90 · hi and x̃ + 2^-90 · hi
 * round to, when they round to the same one (see scaleExactly); otherwise, and for any other form, it is "not
 * sure" and the caller reads the number exactly. A midpoint within 2^-90 · hi of x̃, an exact one included, is
 * therefore always left to the exact reader.
 */

import { type ReadExponent, scanExponent } from "./scan-exponent.js";

const plus = 0x2b;
const minus = 0x2d;
const dot = 0x2e;
const zero = 0x30;
const lowerE = 0x65;

const exponent: ReadExponent = { value: 0 };

// Dekker's splitting constant, 2^27 + 1: a double times it splits into two halves of 26 bits.
const splitter = 134217729;
// 10^k is exact in a double for k ≤ 22.
const exactPowersOfTen = Float64Array.from({ length: 23 }, (_, k) => 10 ** k);
// Far above the 2^-100 the arithmetic can stray (see above), far below a double's 2^-53.
const margin = 2 ** -90;

/** Where scanExactDecimal puts the value it is sure of. */
export interface ExactDecimal {
  value: number;
}

/**
 * Reads the plain decimal (sign, digits, point, exponent) that starts at `start` and ends by `limit` into
 * `out.value` and returns the index after it, when that value is certainly the double `Number()` gives for the
 * number's text; -1 when the text has no digit, lies outside this reader's domain, or is too close to a rounding
 * midpoint to be sure. As with the other readers, "1e" ends the number before the e; a number that does not end
 * at the cell's end is the caller's to notice from the index.
 */
export function scanExactDecimal(buf: Uint8Array, start: number, limit: number, out: ExactDecimal): number {
  let i = start;
  const first = buf[i];
  const negative = first === minus;
  if (negative || first === plus) i++;
  const digitsStart = i;
  while (i < limit && buf[i] === zero) i++;
  let head = 0;
  let tail = 0;
  let significant = 0;
  let tailDigits = 0;
  let d = 0;
  for (; i < limit && (d = buf[i] - zero) >>> 0 < 10; i++) {
    if (significant < 15) head = head * 10 + d;
    else if (significant < 19) {
      tail = tail * 10 + d;
      tailDigits++;
    } else return -1;
    significant++;
  }
  let sawDigit = i > digitsStart;
  let power = 0;
  if (i < limit && buf[i] === dot) {
    i++;
    const fractionStart = i;
    if (significant === 0) while (i < limit && buf[i] === zero) i++;
    for (; i < limit && (d = buf[i] - zero) >>> 0 < 10; i++) {
      if (significant < 15) head = head * 10 + d;
      else if (significant < 19) {
        tail = tail * 10 + d;
        tailDigits++;
      } else return -1;
      significant++;
    }
    power = fractionStart - i;
    sawDigit ||= i > fractionStart;
  }
  if (!sawDigit) return -1;
  if (i < limit && (buf[i] | 0x20) === lowerE) {
    const k = scanExponent(buf, i, limit, exponent);
    if (k < 0) return -1;
    if (k > i) {
      power += exponent.value;
      i = k;
    }
  }
  if (significant === 0) {
    out.value = negative ? -0 : 0;
    return i;
  }
  if (power < -22 || power > 22) return -1;
  const scale = exactPowersOfTen[power < 0 ? -power : power];
  if (tailDigits > 0)
    return scaleExactly(head, exactPowersOfTen[tailDigits], tail, power < 0, scale, negative, out) ? i : -1;
  // Clinger's fast path: an exact significand and an exact power round once.
  const value = power < 0 ? head / scale : head * scale;
  out.value = negative ? -value : value;
  return i;
}

/** The low part of a·b (a·b = fl(a·b) + result exactly), by Dekker's splitting. */
function productError(a: number, b: number, product: number): number {
  let t = splitter * a;
  const aHigh = t - (t - a);
  const aLow = a - aHigh;
  t = splitter * b;
  const bHigh = t - (t - b);
  const bLow = b - bHigh;
  return aHigh * bHigh - product + aHigh * bLow + aLow * bHigh + aLow * bLow;
}

/**
 * Writes the nearest double to (head · tailScale + tail) · 10^±k into `out` and returns true, or returns false when a
 * rounding midpoint is too close to tell (the result goes through `out`: a double returned from a call is boxed).
 */
function scaleExactly(
  head: number,
  tailScale: number,
  tail: number,
  divide: boolean,
  scale: number,
  negative: boolean,
  out: ExactDecimal,
): boolean {
  // w = wh + wl exactly.
  const p = head * tailScale;
  const pLow = productError(head, tailScale, p);
  const s = p + tail;
  const sLow = tail - (s - p);
  const low = sLow + pLow;
  const wh = s + low;
  const wl = low - (wh - s);
  // x̃ = hi + lo.
  let hi: number;
  let lo: number;
  if (divide) {
    hi = wh / scale;
    const m = hi * scale;
    const remainder = wh - m - productError(hi, scale, m) + wl;
    lo = remainder / scale;
  } else {
    hi = wh * scale;
    lo = productError(wh, scale, hi) + wl * scale;
  }
  // Rounding is monotonic: when both ends of [x̃ − slack, x̃ + slack] round to the same double, so does every
  // number between them, x among them (fl(a + b) is the correctly rounded a + b; forming lo ± slack rounds at
  // 2^-106 · hi, far inside the slack). A midpoint strictly inside the range makes the ends differ.
  const slack = margin * hi;
  const v = hi + (lo - slack);
  if (v !== hi + (lo + slack)) return false;
  out.value = negative ? -v : v;
  return true;
}
