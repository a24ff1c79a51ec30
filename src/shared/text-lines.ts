/** The line terminator a text mostly uses ("\r\n" or "\n"), so inserted lines match the file's own. */
export function detectEol(text: string): string {
  const crlf = text.split("\r\n").length - 1;
  const lf = text.split("\n").length - 1 - crlf;
  return crlf > lf ? "\r\n" : "\n";
}

/** Index of the first character of the line holding `index` (after a byte order mark on the first line). */
export function lineStartOf(text: string, index: number): number {
  const start = text.lastIndexOf("\n", index - 1) + 1;
  return start === 0 && text.startsWith("\uFEFF") && index > 0 ? 1 : start;
}

/** Index just past the line terminator of the line holding `index` (or the text's length). */
export function nextLineStartOf(text: string, index: number): number {
  const newline = text.indexOf("\n", index);
  return newline === -1 ? text.length : newline + 1;
}

/** True when text[from, to) holds only whitespace (spaces, tabs, line terminators, form feeds). */
export function isBlank(text: string, from: number, to: number): boolean {
  return /^[ \t\r\n\f]*$/.test(text.slice(from, to));
}
