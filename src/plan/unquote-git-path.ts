/**
 * Reads a path as git writes it in a patch header: plain, or in double quotes with C escapes and octal bytes
 * (`"r\303\251gime.py"`), the inverse of render-patch's `quote`. Returns the path's bytes decoded as UTF-8.
 */
export function unquoteGitPath(text: string): string {
  if (!(text.length >= 2 && text.startsWith('"') && text.endsWith('"'))) return text;
  const bytes: number[] = [];
  const escapes: Record<string, number> = { n: 0x0a, t: 0x09, r: 0x0d, a: 0x07, b: 0x08, f: 0x0c, v: 0x0b };
  for (let i = 1; i < text.length - 1; i++) {
    const c = text[i]!;
    if (c !== "\\") {
      bytes.push(...Buffer.from(c, "utf8"));
      continue;
    }
    const next = text[i + 1] ?? "";
    if (/[0-7]/.test(next)) {
      const digits = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4))![0];
      bytes.push(Number.parseInt(digits, 8) & 0xff);
      i += digits.length;
    } else {
      bytes.push(escapes[next] ?? next.charCodeAt(0));
      i++;
    }
  }
  return Buffer.from(bytes).toString("utf8");
}
