import { createByteOffsetMap, type ByteEdit } from "../../../model/edit.js";

/** A module's text as the compiler reads it (UTF-16 positions) and as edits address it (UTF-8 bytes). */
export interface SourceText {
  text: string;
  bytes: Buffer;
  /** The byte edit replacing text[start, end) (UTF-16 positions, as the compiler reports them) with `replacement`. */
  edit(start: number, end: number, replacement?: string): ByteEdit;
  /** True when bytes [start, end) hold only spaces, tabs and line breaks. */
  isBlankBetween(start: number, end: number): boolean;
}

/** Wraps a module's text; its positions become byte offsets here and nowhere else. */
export function sourceTextOf(text: string): SourceText {
  const bytes = Buffer.from(text, "utf8");
  const byteAt = createByteOffsetMap(text);
  return {
    text,
    bytes,
    edit: (start, end, replacement = "") => ({ start: byteAt(start), end: byteAt(end), text: replacement }),
    isBlankBetween: (start, end) => /^[ \t\r\n]*$/.test(bytes.toString("latin1", start, end)),
  };
}
