/**
 * Exact decimal → double conversion without strings: w · 10^q for a significand w < 2^64, rounded to
 * nearest, ties to even, as `Number()` and `strtod` do.
 *
 * This is the Eisel–Lemire algorithm (Lemire, "Number Parsing at a Gigabyte per Second", 2021): w is
 * normalised to 64 bits and multiplied by a 128-bit approximation of 5^q; the top 55 bits of the
 * product decide the rounding. Mushtak and Lemire ("Fast Number Parsing Without Fallback", 2023)
 * proved that for w < 2^64 the 128-bit product always decides correctly, with exact halfway cases
 * possible only for -4 ≤ q ≤ 23, where they are detected below. JavaScript has no 64-bit integer
 * arithmetic without allocation, so 64-bit values are pairs of uint32 words and products are built
 * from 16-bit limbs (every partial sum stays below 2^53, hence exact in a double).
 */

const smallestPower = -342;
const largestPower = 308;
const twoTo32 = 4294967296;

// 10^k is exact in float64 up to k = 22, which makes w·10^±k correctly rounded when w < 2^53 (Clinger's fast path).
const exactPowersOfTen = Float64Array.from({ length: 23 }, (_, k) => 10 ** k);

// 2^(e - 1075) for a biased exponent e, built by exact doubling and halving.
const powersOfTwo = buildPowersOfTwo();

// 128-bit approximations of 5^q, four uint32 words per q (least significant first); built on first use.
let powersOfFive: Uint32Array | null = null;

const extra = new Uint32Array(4);

/**
 * The double nearest to w · 10^q (w = high · 2^32 + low, both uint32, w ≥ 1), ties to even. Returns a
 * positive value; the caller applies the sign.
 */
export function decimalToDouble(high: number, low: number, q: number): number {
  if (high < 2097152 && q >= -22 && q <= 22) {
    // w < 2^53 is an exact double, so Clinger's fast path applies.
    const w = high * twoTo32 + low;
    return q >= 0 ? w * exactPowersOfTen[q] : w / exactPowersOfTen[-q];
  }
  convert(high, low, q);
  return converted[0];
}

/** The double nearest to w · 10^q by Eisel–Lemire alone (exported for the property tests). */
export function eiselLemire(high: number, low: number, q: number): number {
  convert(high, low, q);
  return converted[0];
}

// The result of convert. convert is too large to be inlined, and a double returned from a call that is not
// inlined is boxed in a fresh heap number: writing it here keeps the hot path free of allocation.
const converted = new Float64Array(1);

function convert(high: number, low: number, q: number): void {
  if (q < smallestPower) {
    converted[0] = 0;
    return;
  }
  if (q > largestPower) {
    converted[0] = Infinity;
    return;
  }
  // Normalise w so its top bit is set.
  let w1 = high;
  let w0 = low;
  let lz: number;
  if (w1 !== 0) {
    lz = Math.clz32(w1);
    if (lz !== 0) {
      w1 = ((w1 << lz) | (w0 >>> (32 - lz))) >>> 0;
      w0 = (w0 << lz) >>> 0;
    }
  } else {
    const shift = Math.clz32(w0);
    lz = 32 + shift;
    w1 = (w0 << shift) >>> 0;
    w0 = 0;
  }
  const table = powersOfFive ?? buildPowersOfFive();
  const at = (q - smallestPower) * 4;
  // The high 64 bits of the entry times w, from 16-bit limbs (inlined: this is the hot path).
  const x0 = w0 & 0xffff;
  const x1 = w0 >>> 16;
  const x2 = w1 & 0xffff;
  const x3 = w1 >>> 16;
  const b0 = table[at + 2];
  const b1 = table[at + 3];
  const y0 = b0 & 0xffff;
  const y1 = b0 >>> 16;
  const y2 = b1 & 0xffff;
  const y3 = b1 >>> 16;
  let column = x0 * y0;
  const r0 = column & 0xffff;
  column = (column - r0) / 65536 + x0 * y1 + x1 * y0;
  const r1 = column & 0xffff;
  column = (column - r1) / 65536 + x0 * y2 + x1 * y1 + x2 * y0;
  const r2 = column & 0xffff;
  column = (column - r2) / 65536 + x0 * y3 + x1 * y2 + x2 * y1 + x3 * y0;
  const r3 = column & 0xffff;
  column = (column - r3) / 65536 + x1 * y3 + x2 * y2 + x3 * y1;
  const r4 = column & 0xffff;
  column = (column - r4) / 65536 + x2 * y3 + x3 * y2;
  const r5 = column & 0xffff;
  column = (column - r5) / 65536 + x3 * y3;
  const r6 = column & 0xffff;
  let p3 = r6 + ((column - r6) / 65536) * 65536;
  let p2 = r4 + r5 * 65536;
  let p1 = r2 + r3 * 65536;
  let p0 = r0 + r1 * 65536;
  // The low 9 bits below the 55 that matter are all ones: the truncated table entry may hide a carry, so add
  // the product with the entry's lower 64 bits.
  if ((p2 & 0x1ff) === 0x1ff) {
    multiply64(w1, w0, table[at + 1], table[at], extra);
    let sum = p0 + extra[2];
    p0 = sum % twoTo32;
    sum = p1 + extra[3] + (sum >= twoTo32 ? 1 : 0);
    p1 = sum % twoTo32;
    if (sum >= twoTo32) {
      sum = p2 + 1;
      p2 = sum % twoTo32;
      if (sum >= twoTo32) p3 = (p3 + 1) % twoTo32;
    }
  }
  const upperBit = p3 >>> 31;
  // The 54-bit mantissa is the product's high 64 bits shifted right by `shift`; m53 drops its last bit.
  const shift = upperBit + 9;
  const m53 = p3 * (upperBit === 1 ? 2097152 : 4194304) + (p2 >>> (shift + 1));
  let roundBit = (p2 >>> shift) & 1;
  let exponent = ((217706 * q) >> 16) + 63 + upperBit - lz + 1023;
  if (exponent <= 0) {
    // Subnormal: shift the 54-bit mantissa right by 1 - exponent, then round half up (no ties occur this low).
    const drop = 1 - exponent;
    if (drop >= 64) {
      converted[0] = 0;
      return;
    }
    let m = Math.floor(m53 / 2 ** (drop - 1));
    m += m % 2;
    converted[0] = (m / 2) * powersOfTwo[1];
    return;
  }
  // Exactly halfway between two doubles (only possible for small q, where 5^q is exact): round to even.
  if (roundBit === 1 && m53 % 2 === 0 && q >= -4 && q <= 23 && p1 === 0 && p0 <= 1) {
    if ((p2 & ((1 << shift) - 1)) === 0) roundBit = 0;
  }
  let m = m53 + roundBit;
  if (m === 9007199254740992) {
    m = 4503599627370496;
    exponent++;
  }
  if (exponent >= 0x7ff) {
    converted[0] = Infinity;
    return;
  }
  converted[0] = m * powersOfTwo[exponent];
}

// out = the 128-bit product of (a1·2^32 + a0) and (b1·2^32 + b0), least significant word first.
function multiply64(a1: number, a0: number, b1: number, b0: number, out: Uint32Array): void {
  const x0 = a0 & 0xffff;
  const x1 = a0 >>> 16;
  const x2 = a1 & 0xffff;
  const x3 = a1 >>> 16;
  const y0 = b0 & 0xffff;
  const y1 = b0 >>> 16;
  const y2 = b1 & 0xffff;
  const y3 = b1 >>> 16;
  let column = x0 * y0;
  const r0 = column & 0xffff;
  column = (column - r0) / 65536 + x0 * y1 + x1 * y0;
  const r1 = column & 0xffff;
  column = (column - r1) / 65536 + x0 * y2 + x1 * y1 + x2 * y0;
  const r2 = column & 0xffff;
  column = (column - r2) / 65536 + x0 * y3 + x1 * y2 + x2 * y1 + x3 * y0;
  const r3 = column & 0xffff;
  column = (column - r3) / 65536 + x1 * y3 + x2 * y2 + x3 * y1;
  const r4 = column & 0xffff;
  column = (column - r4) / 65536 + x2 * y3 + x3 * y2;
  const r5 = column & 0xffff;
  column = (column - r5) / 65536 + x3 * y3;
  const r6 = column & 0xffff;
  const r7 = (column - r6) / 65536;
  out[0] = r0 + r1 * 65536;
  out[1] = r2 + r3 * 65536;
  out[2] = r4 + r5 * 65536;
  out[3] = r6 + r7 * 65536;
}

function buildPowersOfTwo(): Float64Array {
  const powers = new Float64Array(2047);
  let value = 1;
  for (let e = 1075; e < 2047; e++, value *= 2) powers[e] = value;
  value = 1;
  for (let e = 1075; e >= 1; e--, value /= 2) powers[e] = value;
  return powers;
}

// For q ≥ 0 the entry is 5^q truncated to its top 128 bits; for q < 0 it is 2^b / 5^-q scaled into
// [2^127, 2^128): rounded up when 5^-q < 2^64 (so exact halfway cases stay detectable), else truncated.
function buildPowersOfFive(): Uint32Array {
  const table = new Uint32Array((largestPower - smallestPower + 1) * 4);
  // Shifting by the exact amount equals shifting one bit at a time until the entry has 128 bits.
  const to128Bits = (value: bigint): bigint => {
    const bits = bitLength(value);
    return bits < 128 ? value << BigInt(128 - bits) : value >> BigInt(bits - 128);
  };
  let power = 5n ** BigInt(-smallestPower);
  for (let q = smallestPower; q <= largestPower; q++) {
    let entry: bigint;
    if (q < 0) {
      const z = BigInt(bitLength(power)); // 5^-q is not a power of two, so 2^z > 5^-q > 2^(z-1)
      if (q >= -27) entry = (1n << (z + 127n)) / power + 1n;
      else {
        entry = (1n << (2n * z + 128n)) / power + 1n;
        if (bitLength(entry) > 128) entry = to128Bits(entry);
      }
      power /= 5n;
    } else {
      entry = to128Bits(power);
      power *= 5n;
    }
    const at = (q - smallestPower) * 4;
    for (let k = 0; k < 4; k++) table[at + k] = Number((entry >> BigInt(32 * k)) & 0xffffffffn);
  }
  powersOfFive = table;
  return table;
}

function bitLength(value: bigint): number {
  const hex = value.toString(16);
  return 4 * (hex.length - 1) + (32 - Math.clz32(Number.parseInt(hex[0], 16)));
}
