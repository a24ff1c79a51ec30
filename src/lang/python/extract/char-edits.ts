import { createByteOffsetMap, type Edit, normalizeEdits } from "../../../model/edit.js";

/** A replacement of UTF-16 range [start, end) of one file's text (what tree-sitter reports); converted to bytes at the end. */
export interface CharEdit {
  start: number;
  end: number;
  text: string;
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

/** Converts character edits of `text` (the file's content) into byte-range edits of `file`. */
export function toByteEdits(file: string, text: string, edits: readonly CharEdit[], kind: string): Edit[] {
  const toByte = createByteOffsetMap(text);
  return normalizeEdits(edits).map((e) => ({
    file,
    start: toByte(e.start),
    end: toByte(e.end),
    text: e.text,
    kind,
    before: text.slice(e.start, e.end),
  }));
}
