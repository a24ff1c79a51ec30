/** Reading numbers as pandas/numpy write them: decimal and exponent forms, nan, inf, Infinity. */

const plus = 0x2b;
const minus = 0x2d;
const dot = 0x2e;
const zero = 0x30;
const nine = 0x39;
const lowerE = 0x65;
const upperE = 0x45;

// 10^k is exact in float64 up to k = 22, which makes mantissa·10^±k correctly rounded (Clinger's fast path).
const exactPowersOfTen = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
  1e21, 1e22,
];

/** Sentinel-free parse result: `isNumber` false means the text is not a number (a text cell). */
export interface ParsedNumber {
  isNumber: boolean;
  value: number;
}

/** Parses bytes [start, end) of `buf` into `out`; no allocation unless the fast path cannot round exactly. */
export function parseNumberBytes(buf: Uint8Array, start: number, end: number, out: ParsedNumber): void {
  out.isNumber = false;
  let i = start;
  if (i >= end) return;
  let negative = false;
  let c = buf[i];
  if (c === plus || c === minus) {
    negative = c === minus;
    i++;
    if (i >= end) return;
    c = buf[i];
  }
  if ((c < zero || c > nine) && c !== dot) {
    parseSpecialBytes(buf, i, end, negative, out);
    return;
  }
  let mantissa = 0;
  let digits = 0; // significant digits accumulated into mantissa
  let dropped = false; // a non-zero digit did not fit into mantissa
  let scale = 0; // decimal exponent adjustment from the fraction and dropped integer digits
  let sawDigit = false;
  while (i < end) {
    c = buf[i];
    if (c < zero || c > nine) break;
    sawDigit = true;
    if (digits < 15) {
      if (mantissa !== 0 || c !== zero) {
        mantissa = mantissa * 10 + (c - zero);
        digits++;
      }
    } else {
      scale++;
      if (c !== zero) dropped = true;
    }
    i++;
  }
  if (i < end && buf[i] === dot) {
    i++;
    while (i < end) {
      c = buf[i];
      if (c < zero || c > nine) break;
      sawDigit = true;
      if (digits < 15) {
        if (mantissa !== 0 || c !== zero) {
          mantissa = mantissa * 10 + (c - zero);
          digits++;
        }
        scale--;
      } else if (c !== zero) dropped = true;
      i++;
    }
  }
  if (!sawDigit) return;
  let exponent = 0;
  if (i < end && (buf[i] === lowerE || buf[i] === upperE)) {
    i++;
    let expNegative = false;
    if (i < end && (buf[i] === plus || buf[i] === minus)) {
      expNegative = buf[i] === minus;
      i++;
    }
    const expStart = i;
    while (i < end) {
      c = buf[i];
      if (c < zero || c > nine) break;
      if (exponent < 100000) exponent = exponent * 10 + (c - zero);
      i++;
    }
    if (i === expStart) return;
    if (expNegative) exponent = -exponent;
  }
  if (i !== end) return;
  out.isNumber = true;
  const power = scale + exponent;
  let value: number;
  if (!dropped && power >= -22 && power <= 22) {
    value = power >= 0 ? mantissa * exactPowersOfTen[power] : mantissa / exactPowersOfTen[-power];
  } else if (mantissa === 0 && !dropped) {
    value = 0;
  } else {
    // The fallback text includes the sign, so it is returned as parsed.
    out.value = Number(Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString("latin1"));
    return;
  }
  out.value = negative ? -value : value;
}

// nan, inf, infinity in any case (numpy, pandas and JavaScript spellings).
function parseSpecialBytes(buf: Uint8Array, i: number, end: number, negative: boolean, out: ParsedNumber): void {
  const length = end - i;
  if (length !== 3 && length !== 8) return;
  let word = "";
  for (let k = i; k < end; k++) word += String.fromCharCode(buf[k] | 0x20);
  if (word === "nan") {
    out.isNumber = true;
    out.value = NaN;
  } else if (word === "inf" || word === "infinity") {
    out.isNumber = true;
    out.value = negative ? -Infinity : Infinity;
  }
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
