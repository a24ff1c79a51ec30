/** Reading numbers as pandas/numpy write them: decimal and exponent forms, nan, inf, Infinity. */

import { decimalToDouble } from "./decimal-to-double.js";

const plus = 0x2b;
const minus = 0x2d;
const dot = 0x2e;
const zero = 0x30;
const nine = 0x39;
const lowerE = 0x65;

/** Sentinel-free parse result: `isNumber` false means the text is not a number (a text cell). */
export interface ParsedNumber {
  isNumber: boolean;
  value: number;
}

const twoTo32 = 4294967296;
const exactPowersOfTen = [1, 10, 100, 1000, 10000];

/**
 * Parses bytes [start, end) of `buf` into `out` without allocating: the value equals `Number(text)` bit for
 * bit (see decimal-to-double.ts). Returns `out.isNumber`.
 */
export function parseNumberBytes(buf: Uint8Array, start: number, end: number, out: ParsedNumber): boolean {
  if (scanNumber(buf, start, end, out) === end && out.isNumber) return true;
  out.isNumber = false;
  let i = start;
  if (i >= end) return false;
  let c = buf[i];
  const negative = c === minus;
  if (c === plus || c === minus) {
    i++;
    if (i >= end) return false;
    c = buf[i];
  }
  if ((c < zero || c > nine) && c !== dot) return parseSpecialBytes(buf, i, end, negative, out);
  return false;
}

/**
 * Reads the longest decimal number (sign, digits, point, exponent; no nan/inf) that starts at `start` and ends
 * by `limit`, into `out`; returns the index after it. `out.isNumber` is false when no digit was read. A cell is
 * a number when the scan stops at the cell's end (see parseNumberBytes for the words nan and inf).
 */
export function scanNumber(buf: Uint8Array, start: number, limit: number, out: ParsedNumber): number {
  out.isNumber = false;
  let i = start;
  if (i >= limit) return i;
  let c = buf[i];
  const negative = c === minus;
  if (c === plus || c === minus) i++;
  // The first 19 significant digits make the significand w = head · 10^tailDigits + tail (< 10^19 < 2^64):
  // head holds up to 15 digits (exact in a double), tail the next 4.
  let head = 0;
  let tail = 0;
  let digits = 0;
  let tailDigits = 0;
  let dropped = false; // a non-zero digit beyond the 19th
  let scale = 0; // decimal exponent adjustment from the fraction and dropped integer digits
  const digitsStart = i;
  while (i < limit && buf[i] === zero) i++;
  // Four digits at a time while they fit in head (most numbers are written with 15-17 significant digits).
  for (let chunk = 0; digits <= 11 && i + 4 <= limit && (chunk = fourDigits(buf, i)) >= 0; i += 4, digits += 4)
    head = head * 10000 + chunk;
  for (; i < limit; i++) {
    c = buf[i] - zero;
    if (c < 0 || c > 9) break;
    if (digits < 15) {
      head = head * 10 + c;
      digits++;
    } else if (digits < 19) {
      tail = tail * 10 + c;
      tailDigits++;
      digits++;
    } else {
      scale++;
      if (c !== 0) dropped = true;
    }
  }
  let sawDigit = i > digitsStart;
  if (i < limit && buf[i] === dot) {
    i++;
    const fractionStart = i;
    if (digits === 0) {
      while (i < limit && buf[i] === zero) i++;
      scale -= i - fractionStart;
    }
    for (let chunk = 0; digits <= 11 && i + 4 <= limit && (chunk = fourDigits(buf, i)) >= 0; i += 4, digits += 4) {
      head = head * 10000 + chunk;
      scale -= 4;
    }
    for (; i < limit; i++) {
      c = buf[i] - zero;
      if (c < 0 || c > 9) break;
      if (digits < 15) {
        head = head * 10 + c;
        digits++;
        scale--;
      } else if (digits < 19) {
        tail = tail * 10 + c;
        tailDigits++;
        digits++;
        scale--;
      } else if (c !== 0) dropped = true;
    }
    sawDigit ||= i > fractionStart;
  }
  if (!sawDigit) return i;
  const mantissaEnd = i;
  let exponent = 0;
  if (i < limit && (buf[i] | 0x20) === lowerE) {
    i++;
    let expNegative = false;
    if (i < limit && (buf[i] === plus || buf[i] === minus)) {
      expNegative = buf[i] === minus;
      i++;
    }
    const expStart = i;
    for (; i < limit; i++) {
      c = buf[i] - zero;
      if (c < 0 || c > 9) break;
      if (exponent < 100000) exponent = exponent * 10 + c;
    }
    // "1e" or "1e+" ends the number before the e (and the cell is then not a number).
    if (i === expStart) i = mantissaEnd;
    else if (expNegative) exponent = -exponent;
  }
  out.isNumber = true;
  if (digits === 0) {
    out.value = negative ? -0 : 0;
    return i;
  }
  if (exponent >= 100000 || exponent <= -100000) {
    // The exponent was capped while reading (a number of over 100,000 characters could offset it): Number() decides.
    out.value = Number(Buffer.from(buf.buffer, buf.byteOffset + start, i - start).toString("latin1"));
    return i;
  }
  // w = head · 10^tailDigits + tail as two uint32 words (head < 2^50, so each partial product is exact).
  const scaleUp = exactPowersOfTen[tailDigits];
  const headHigh = Math.floor(head / twoTo32);
  const low = (head - headHigh * twoTo32) * scaleUp + tail;
  const w0 = low >>> 0;
  const w1 = headHigh * scaleUp + (low - w0) / twoTo32;
  const q = scale + exponent;
  const value = decimalToDouble(w1, w0, q);
  // Digits beyond the 19th were cut: the true value lies between w and w + 1; when both round alike, so does it.
  if (dropped && value !== (w0 === 0xffffffff ? decimalToDouble(w1 + 1, 0, q) : decimalToDouble(w1, w0 + 1, q))) {
    out.value = Number(Buffer.from(buf.buffer, buf.byteOffset + start, i - start).toString("latin1"));
    return i;
  }
  out.value = negative ? -value : value;
  return i;
}

// The value of the four ASCII digits at i, or -1 when one of them is not a digit. SWAR: a byte is a digit when
// its high nibble is 3 before and after adding 6; the lanes then combine pairwise (no lane exceeds 99).
function fourDigits(buf: Uint8Array, i: number): number {
  const word = buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24);
  if ((word & 0xf0f0f0f0) !== 0x30303030 || ((word + 0x06060606) & 0xf0f0f0f0) !== 0x30303030) return -1;
  const d = word - 0x30303030;
  const pairs = Math.imul(d, 10) + (d >>> 8);
  return (pairs & 0xff) * 100 + ((pairs >>> 16) & 0xff);
}

// nan, inf, infinity in any case (numpy, pandas and JavaScript spellings).
function parseSpecialBytes(buf: Uint8Array, i: number, end: number, negative: boolean, out: ParsedNumber): boolean {
  const length = end - i;
  if (length !== 3 && length !== 8) return false;
  let word = "";
  for (let k = i; k < end; k++) word += String.fromCharCode(buf[k] | 0x20);
  if (word === "nan") {
    out.isNumber = true;
    out.value = NaN;
  } else if (word === "inf" || word === "infinity") {
    out.isNumber = true;
    out.value = negative ? -Infinity : Infinity;
  }
  return out.isNumber;
}

const numberPattern = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const specialPattern = /^([+-]?)(nan|inf|infinity)$/i;

/** Parses a string cell into `out` with the same grammar as parseNumberBytes. */
export function parseNumberText(text: string, out: ParsedNumber): void {
  if (numberPattern.test(text)) {
    out.isNumber = true;
    out.value = Number(text);
    return;
  }
  const special = specialPattern.exec(text);
  out.isNumber = special !== null;
  if (special === null) return;
  out.value = special[2].toLowerCase() === "nan" ? NaN : special[1] === "-" ? -Infinity : Infinity;
}
