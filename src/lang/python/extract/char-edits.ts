import { createByteOffsetMap } from "../parse-python.js";
import type { Edit } from "../../../model/edit.js";

/** A replacement of UTF-16 range [start, end) of one file's text (what tree-sitter reports); converted to bytes at the end. */
export interface CharEdit {
  start: number;
  end: number;
  text: string;
}

/** The line terminator a file mostly uses ("\r\n" or "\n"). */
export function detectEol(text: string): string {
  const crlf = text.split("\r\n").length - 1;
  const lf = text.split("\n").length - 1 - crlf;
  return crlf > lf ? "\r\n" : "\n";
}

/** Index of the first character of the line holding `index`. */
export function lineStartOf(text: string, index: number): number {
  return text.lastIndexOf("\n", index - 1) + 1;
}

/** Index just past the line terminator of the line holding `index` (or the text's length). */
export function nextLineStartOf(text: string, index: number): number {
  const newline = text.indexOf("\n", index);
  return newline === -1 ? text.length : newline + 1;
}

/** True when text[from, to) holds only whitespace. */
export function isBlank(text: string, from: number, to: number): boolean {
  return /^[ \t\r\n\f]*$/.test(text.slice(from, to));
}

/** Applies character edits to a piece of text whose first character is at `offset` of the file. */
export function applyCharEdits(text: string, offset: number, edits: readonly CharEdit[]): string {
  let out = "";
  let cursor = 0;
  for (const edit of [...edits].sort((a, b) => a.start - b.start || a.end - b.end)) {
    out += text.slice(cursor, edit.start - offset) + edit.text;
    cursor = edit.end - offset;
  }
  return out + text.slice(cursor);
}

/**
 * Merges overlapping or touching-through-blank removals and moves insertions that fall strictly inside a
 * removal to its start, so the edits can be applied in one pass.
 */
export function normalizeCharEdits(edits: readonly CharEdit[]): CharEdit[] {
  const removals = edits.filter((e) => e.end > e.start).sort((a, b) => a.start - b.start);
  const merged: CharEdit[] = [];
  for (const edit of removals) {
    const last = merged[merged.length - 1];
    if (last && edit.start < last.end) {
      last.end = Math.max(last.end, edit.end);
      last.text += edit.text;
    } else merged.push({ ...edit });
  }
  const insertions = edits
    .filter((e) => e.end === e.start)
    .map((e) => {
      const host = merged.find((r) => r.start < e.start && e.start < r.end);
      return host ? { start: host.start, end: host.start, text: e.text } : e;
    });
  return [...insertions, ...merged].sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Converts character edits of `text` (the file's content) into byte-range edits of `file`. */
export function toByteEdits(file: string, text: string, edits: readonly CharEdit[], kind: string): Edit[] {
  const toByte = createByteOffsetMap(text);
  return normalizeCharEdits(edits).map((e) => ({
    file,
    start: toByte(e.start),
    end: toByte(e.end),
    text: e.text,
    kind,
    before: text.slice(e.start, e.end),
  }));
}
