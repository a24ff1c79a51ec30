import { isUtf8 } from "node:buffer";

/** Decodes a cell's bytes as UTF-8, writing each byte that is not part of a valid sequence as `\xNN` (so two different cells never read the same). */
export function decodeCellText(bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString("utf8");
  let text = "";
  let start = 0;
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes[i]);
    if (length > 0 && i + length <= bytes.length && isUtf8(bytes.subarray(i, i + length))) {
      i += length;
      continue;
    }
    text += bytes.toString("utf8", start, i) + `\\x${bytes[i].toString(16).toUpperCase().padStart(2, "0")}`;
    i++;
    start = i;
  }
  return text + bytes.toString("utf8", start, i);
}

/** True when two cells hold the same text byte for byte, optionally ignoring spaces and tabs around them. */
export function isSameCellText(a: Uint8Array, b: Uint8Array, trim: boolean): boolean {
  let as = 0;
  let ae = a.length;
  let bs = 0;
  let be = b.length;
  if (trim) {
    while (as < ae && isBlank(a[as])) as++;
    while (ae > as && isBlank(a[ae - 1])) ae--;
    while (bs < be && isBlank(b[bs])) bs++;
    while (be > bs && isBlank(b[be - 1])) be--;
  }
  if (ae - as !== be - bs) return false;
  for (let k = 0; k < ae - as; k++) if (a[as + k] !== b[bs + k]) return false;
  return true;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}
