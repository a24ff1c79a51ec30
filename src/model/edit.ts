/** A replacement of bytes [start, end) of a file's UTF-8 content by `text`; plan operations carry these for their file. */
export interface ByteEdit {
  /** Byte offset where the replaced range starts (UTF-8). */
  start: number;
  /** Byte offset just past the replaced range. */
  end: number;
  /** Replacement text (UTF-8). */
  text: string;
  /** What produced the edit, e.g. "ts-import", "py-import", "text-reference", "codemod:<name>". */
  kind?: string;
  /** Bytes being replaced, kept so a reader of the plan sees before → after. */
  before?: string;
}

/** A byte edit of one file of the tree. Codemods and rewriters produce these, never files. */
export interface Edit extends ByteEdit {
  /** Root-relative POSIX path of the file as it is before the migration. */
  file: string;
}

/** Groups edits by file for plan operations, each file's edits in byte order, `kind` defaulting to `defaultKind`. */
export function groupEditsByFile(edits: readonly Edit[], defaultKind: string): Map<string, ByteEdit[]> {
  const byFile = new Map<string, ByteEdit[]>();
  for (const { file, kind, ...edit } of edits) {
    const list = byFile.get(file) ?? byFile.set(file, []).get(file)!;
    list.push({ ...edit, kind: kind ?? defaultKind });
  }
  for (const list of byFile.values()) list.sort((a, b) => a.start - b.start);
  return byFile;
}

/** Applies non-overlapping byte-range edits to `content`; throws on overlap or out-of-range edits. */
export function applyEdits(content: Buffer, edits: readonly Pick<Edit, "start" | "end" | "text">[]): Buffer {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const parts: Buffer[] = [];
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.start < cursor || edit.end < edit.start || edit.end > content.length) {
      throw new RangeError(
        `edit [${edit.start}, ${edit.end}) overlaps another or lies outside the file (${content.length} bytes)`,
      );
    }
    parts.push(content.subarray(cursor, edit.start), Buffer.from(edit.text, "utf8"));
    cursor = edit.end;
  }
  parts.push(content.subarray(cursor));
  return Buffer.concat(parts);
}

/** Converts a UTF-16 string index of `text` into the UTF-8 byte offset of the same position. */
export function byteOffsetOf(text: string, charIndex: number): number {
  return Buffer.byteLength(text.slice(0, charIndex), "utf8");
}

/**
 * Maps UTF-16 indices of `text` (what parsers report) to UTF-8 byte offsets (what `Edit` uses), in any order: the
 * identity for ASCII text, a table otherwise.
 */
export function createByteOffsetMap(text: string): (index: number) => number {
  if (Buffer.byteLength(text, "utf8") === text.length) return (index) => index;
  const offsets = new Uint32Array(text.length + 1);
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    offsets[i] = bytes;
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      // A surrogate pair is 4 bytes; an index between its halves maps to the pair's start.
      bytes += 4;
      offsets[++i] = offsets[i - 1]!;
    } else bytes += 3; // lone surrogates are written as U+FFFD, 3 bytes
  }
  offsets[text.length] = bytes;
  return (index) => offsets[index]!;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * Merges overlapping removals and moves insertions that fall strictly inside a removal to its start, so the
 * edits can be applied in one pass (offsets in whatever unit the edits use: bytes, or UTF-16 indices).
 */
export function normalizeEdits<E extends Pick<ByteEdit, "start" | "end" | "text">>(edits: readonly E[]): E[] {
  const removals = edits.filter((e) => e.end > e.start).sort((a, b) => a.start - b.start);
  const merged: E[] = [];
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
      return host ? { ...e, start: host.start, end: host.start } : e;
    });
  return [...insertions, ...merged].sort((a, b) => a.start - b.start || a.end - b.end);
}
