const plus = 0x2b;
const minus = 0x2d;

/** Where scanExponent puts the exponent it read, with its sign. */
export interface ReadExponent {
  value: number;
}

/**
 * Reads the exponent of a decimal whose `e` or `E` is at `at` (a sign, then digits) into `out.value`, for the fast
 * readers, which take powers of ten within ±22 only. Returns the index after it; `at` when no digit follows ("1e"
 * and "1e+" end the number before the e, as the exact parser has it); -1 when the exponent reaches 1000 with digits
 * still to come (leading zeros cost nothing).
 */
export function scanExponent(buf: Uint8Array, at: number, limit: number, out: ReadExponent): number {
  let k = at + 1;
  let negative = false;
  if (k < limit && (buf[k] === plus || buf[k] === minus)) {
    negative = buf[k] === minus;
    k++;
  }
  const digitsStart = k;
  let exponent = 0;
  let d = 0;
  while (k < limit && (d = buf[k] - 0x30) >>> 0 < 10 && exponent < 1000) {
    exponent = exponent * 10 + d;
    k++;
  }
  if (k === digitsStart) return at;
  if (k < limit && (buf[k] - 0x30) >>> 0 < 10) return -1;
  out.value = negative ? -exponent : exponent;
  return k;
}
