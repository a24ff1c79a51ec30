/** Decodes strict UTF-8 without NUL bytes; undefined for binary content. */
export function decodeMergeText(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Appends a marked block of lines to `text` (which keeps every byte it had). */
export function appendMarkedBlock(text: string, lines: readonly string[], comment: string): string {
  const separator = text.length === 0 || text.endsWith("\n") ? "" : "\n";
  const gap = text.trim().length === 0 ? "" : "\n";
  return `${text}${separator}${gap}${comment} >>> graft merge-exports: imports only the source version had\n${lines.join("\n")}\n${comment} <<< graft merge-exports\n`;
}
