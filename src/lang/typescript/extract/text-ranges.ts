import type ts from "typescript";
import { type ByteEdit, type Edit, normalizeEdits } from "../../../model/edit.js";
import { loadTypeScript } from "../../../shared/typescript.js";
import type { SourceText } from "./source-text.js";

import { isBlank, lineStartOf, nextLineStartOf } from "../../../shared/text-lines.js";

/**
 * Where a top-level statement's own text starts: the first comment of the comment block directly above
 * it (no blank line in between), so JSDoc moves with its declaration while section headers stay.
 */
export function attachedStartOf(text: string, statement: ts.Node): number {
  const ts = loadTypeScript();
  const start = statement.getStart();
  const comments = ts.getLeadingCommentRanges(text, statement.pos) ?? [];
  let attached = start;
  for (let i = comments.length - 1; i >= 0; i--) {
    const comment = comments[i]!;
    const gap = text.slice(comment.end, attached);
    if ((gap.match(/\n/g) ?? []).length > 1) break;
    if (comment.pos === 0 && text.startsWith("#!")) break;
    attached = comment.pos;
  }
  return attached;
}

/** End of a statement including a comment on the same line after it, before the line terminator. */
export function statementEndOf(text: string, statement: ts.Node): number {
  const ts = loadTypeScript();
  const end = statement.getEnd();
  const trailing = ts.getTrailingCommentRanges(text, end) ?? [];
  const sameLine = trailing.filter((c) => !text.slice(end, c.pos).includes("\n"));
  return sameLine.length > 0 ? sameLine[sameLine.length - 1]!.end : end;
}

/**
 * The range that deletes a top-level statement: whole lines from its attached comments to its line end,
 * plus the blank lines after it when a blank line (or the file start) already precedes it, so no double
 * blank lines are left behind.
 */
export function removalRangeOf(source: SourceText, statement: ts.Node): ByteEdit {
  const text = source.text;
  let start = lineStartOf(text, attachedStartOf(text, statement));
  let end = nextLineStartOf(text, statementEndOf(text, statement));
  const fileStart = text.startsWith("\uFEFF") ? 1 : 0;
  const before = start === fileStart ? "" : text.slice(lineStartOf(text, start - 1), start);
  if (start === fileStart || isBlank(before, 0, before.length)) {
    while (end < text.length) {
      const next = nextLineStartOf(text, end);
      if (!isBlank(text, end, next) || next === end) break;
      end = next;
    }
  }
  if (end === text.length) {
    // Removing the file's tail: take the blank lines above too, so the file ends as it did.
    while (start > fileStart) {
      const previous = lineStartOf(text, start - 1);
      if (!isBlank(text, previous, start)) break;
      start = previous;
    }
  }
  return source.edit(start, end);
}

/**
 * Ranges that remove the elements at `removed` (indices) from a comma-separated list, keeping every
 * other byte; returns "all" when every element goes.
 */
export function removeListElements(
  source: SourceText,
  elements: readonly ts.Node[],
  removed: ReadonlySet<number>,
): ByteEdit[] | "all" {
  if (elements.every((_, i) => removed.has(i))) return "all";
  const edits: ByteEdit[] = [];
  let i = 0;
  while (i < elements.length) {
    if (!removed.has(i)) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < elements.length && removed.has(j + 1)) j++;
    if (j + 1 < elements.length) {
      edits.push(source.edit(elements[i]!.getStart(), elements[j + 1]!.getStart()));
    } else {
      edits.push(source.edit(elements[i - 1]!.getEnd(), elements[j]!.getEnd()));
    }
    i = j + 1;
  }
  return edits;
}

/** The edits of one file as the plan takes them: normalized, each with the bytes it replaces. */
export function toFileEdits(file: string, source: SourceText, edits: readonly ByteEdit[], kind: string): Edit[] {
  return normalizeEdits(edits).map((e) => ({
    file,
    start: e.start,
    end: e.end,
    text: e.text,
    kind,
    before: source.bytes.toString("utf8", e.start, e.end),
  }));
}
