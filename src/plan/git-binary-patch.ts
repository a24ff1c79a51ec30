import { createHash } from "node:crypto";
import { deflateSync } from "node:zlib";

const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~";

/** Git's blob id (sha1 of "blob <size>\0" + bytes), needed by `index` lines of binary patches. */
export function gitBlobId(bytes: Buffer): string {
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/** True when git would treat the bytes as binary (a NUL in the first 8000 bytes). */
export function isBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, 8000).includes(0);
}

/** Encodes bytes as one `literal` section of a GIT binary patch (zlib + git's base85, 52 bytes a line). */
export function encodeBinaryLiteral(bytes: Buffer): string {
  const deflated = deflateSync(bytes);
  const lines = [`literal ${bytes.length}`];
  for (let offset = 0; offset < deflated.length; offset += 52) {
    const chunk = deflated.subarray(offset, offset + 52);
    const lengthChar =
      chunk.length <= 26 ? String.fromCharCode(64 + chunk.length) : String.fromCharCode(96 + chunk.length - 26);
    lines.push(lengthChar + encodeBase85(chunk));
  }
  return lines.join("\n") + "\n";
}

function encodeBase85(chunk: Buffer): string {
  let out = "";
  for (let i = 0; i < chunk.length; i += 4) {
    let acc = 0;
    for (let j = 0; j < 4; j++) acc = acc * 256 + (i + j < chunk.length ? chunk[i + j]! : 0);
    const digits: string[] = [];
    for (let k = 0; k < 5; k++) {
      digits.unshift(alphabet[acc % 85]!);
      acc = Math.floor(acc / 85);
    }
    out += digits.join("");
  }
  return out;
}
