import type { PythonNode } from "../parse-python.js";
import type { CharEdit } from "./char-edits.js";
import { isBlank, lineStartOf, nextLineStartOf } from "../../../shared/text-lines.js";

/** True for a comment alone on its line (not trailing code). */
function isOwnLineComment(comment: PythonNode, text: string): boolean {
  return isBlank(text, lineStartOf(text, comment.startIndex), comment.startIndex);
}

/** Shebang and encoding lines belong to the file, not to the statement below them. */
function isFileHeader(comment: PythonNode): boolean {
  return (
    (comment.startIndex === 0 && comment.text.startsWith("#!")) ||
    (comment.startPosition.row <= 1 && /coding[:=]/.test(comment.text))
  );
}

/**
 * Where a top-level statement's own text starts: the first comment of the comment block directly above it
 * (no blank line in between), so comments describing a definition move with it while section headers stay.
 */
export function attachedStartOf(statement: PythonNode, text: string): number {
  let start = statement.startIndex;
  let row = statement.startPosition.row;
  for (let sibling = statement.previousSibling; sibling?.type === "comment"; sibling = sibling.previousSibling) {
    if (sibling.endPosition.row !== row - 1 || !isOwnLineComment(sibling, text) || isFileHeader(sibling)) break;
    start = sibling.startIndex;
    row = sibling.startPosition.row;
  }
  return start;
}

/** End of a statement including a comment on the same line after it. */
export function statementEndOf(statement: PythonNode): number {
  const next = statement.nextSibling;
  if (next?.type === "comment" && next.startPosition.row === statement.endPosition.row) return next.endIndex;
  return statement.endIndex;
}

/** Blank lines directly above the statement's attached text (0 when it follows code or starts the file). */
export function blankLinesAbove(statement: PythonNode, text: string): number {
  let count = 0;
  let at = lineStartOf(text, attachedStartOf(statement, text));
  while (at > 0) {
    const previous = lineStartOf(text, at - 1);
    if (!isBlank(text, previous, at)) break;
    count++;
    at = previous;
  }
  return count;
}

/** Whole lines from a statement's attached comments to the end of its last line (its trailing comment included). */
function statementLines(statement: PythonNode, text: string): CharEdit {
  return {
    start: lineStartOf(text, attachedStartOf(statement, text)),
    end: nextLineStartOf(text, statementEndOf(statement)),
    text: "",
  };
}

/** Blank lines from `index` (a line start) downwards, and the index past them. */
function blankLinesFrom(text: string, index: number): { count: number; end: number } {
  let count = 0;
  let end = index;
  while (end < text.length) {
    const next = nextLineStartOf(text, end);
    if (!isBlank(text, end, next) || next === end) break;
    count++;
    end = next;
  }
  return { count, end };
}

/** Blank lines above `index` (a line start), and the index where they start. */
function blankLinesBefore(text: string, index: number): { count: number; start: number } {
  let count = 0;
  let start = index;
  while (start > 0) {
    const previous = lineStartOf(text, start - 1);
    if (!isBlank(text, previous, start)) break;
    count++;
    start = previous;
  }
  return { count, start };
}

/**
 * Widens a removal of whole lines so the code around it keeps one gap, the wider of the two it had: the
 * blank lines on one side go with the removed lines. At the file's start the blank lines after go; at
 * its end the blank lines above go, so the file ends as it did.
 */
function widenRemoval(range: CharEdit, text: string): CharEdit {
  const above = blankLinesBefore(text, range.start);
  const below = blankLinesFrom(text, range.end);
  if (below.end === text.length) return { start: above.start, end: text.length, text: "" };
  if (above.start === 0) return { start: 0, end: below.end, text: "" };
  if (above.count === 0 || below.count === 0) return { ...range, text: "" };
  return above.count >= below.count
    ? { start: range.start, end: below.end, text: "" }
    : { start: above.start, end: range.end, text: "" };
}

/** Ranges deleting several top-level statements: neighbours separated only by blank lines go as one range. */
export function removalRanges(statements: readonly PythonNode[], text: string): CharEdit[] {
  const sorted = statements.map((s) => statementLines(s, text)).sort((a, b) => a.start - b.start);
  const joined: CharEdit[] = [];
  for (const range of sorted) {
    const last = joined[joined.length - 1];
    if (last && isBlank(text, last.end, range.start)) last.end = Math.max(last.end, range.end);
    else joined.push({ ...range });
  }
  return joined.map((range) => widenRemoval(range, text));
}

/**
 * Ranges removing the elements at `removed` (indices) from a comma-separated list, keeping every other
 * byte; "all" when every element goes. An element on its own line goes with its whole line (its comma and
 * comment included); elements sharing a line go with the comma between them.
 */
export function removeListElements(
  elements: readonly PythonNode[],
  removed: ReadonlySet<number>,
  text: string,
): CharEdit[] | "all" {
  if (elements.every((_, i) => removed.has(i))) return "all";
  const ownLine = (node: PythonNode): boolean => isBlank(text, lineStartOf(text, node.startIndex), node.startIndex);
  const edits: CharEdit[] = [];
  let i = 0;
  while (i < elements.length) {
    if (!removed.has(i)) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < elements.length && removed.has(j + 1)) j++;
    const next = elements[j + 1];
    const lastLineEnd = nextLineStartOf(text, elements[j]!.endIndex);
    if (ownLine(elements[i]!) && (!next || next.startIndex >= lastLineEnd))
      edits.push({ start: lineStartOf(text, elements[i]!.startIndex), end: lastLineEnd, text: "" });
    else if (next) edits.push({ start: elements[i]!.startIndex, end: next.startIndex, text: "" });
    else edits.push({ start: elements[i - 1]!.endIndex, end: elements[j]!.endIndex, text: "" });
    i = j + 1;
  }
  return edits;
}
