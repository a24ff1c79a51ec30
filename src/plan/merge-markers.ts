import { diffLines } from "diff";
import type { MergeResult } from "../model/conflict-merger.js";
import { decodeMergeText } from "../shared/merge-text.js";

/** The three marker lines of a conflict hunk (diff3 style, as git writes them). */
export const conflictMarkers = { target: "<<<<<<< target", separator: "=======", source: ">>>>>>> source" } as const;

function withNewline(text: string): string {
  return text.length === 0 || text.endsWith("\n") ? text : `${text}\n`;
}

/** `markers` strategy: lines both versions share stay; each differing run becomes a `<<<<<<< target` / `=======` / `>>>>>>> source` hunk. */
export function mergeWithMarkers(targetBytes: Buffer, sourceBytes: Buffer, path: string): MergeResult {
  const target = decodeMergeText(targetBytes);
  const source = decodeMergeText(sourceBytes);
  if (target === undefined || source === undefined)
    return { unresolved: `${path.split("/").pop()} is binary; markers need text` };
  if (target === source) return { content: targetBytes };
  let out = "";
  let ours = "";
  let theirs = "";
  const flush = () => {
    if (ours === "" && theirs === "") return;
    out += `${conflictMarkers.target}\n${withNewline(ours)}${conflictMarkers.separator}\n${withNewline(theirs)}${conflictMarkers.source}\n`;
    ours = "";
    theirs = "";
  };
  for (const change of diffLines(target, source)) {
    if (change.removed) ours += change.value;
    else if (change.added) theirs += change.value;
    else {
      flush();
      out += change.value;
    }
  }
  flush();
  return { content: Buffer.from(out, "utf8") };
}

/** Lines (1-based) of complete conflict hunks (`<<<<<<< ` … `=======` … `>>>>>>> `); `graft verify` fails while any remain. */
export function findConflictMarkers(text: string): { line: number; marker: string }[] {
  const found: { line: number; marker: string }[] = [];
  let open: { line: number; marker: string }[] = [];
  text.split("\n").forEach((raw, index) => {
    const line = raw.replace(/\r$/, "");
    const entry = { line: index + 1, marker: line };
    // A lone "=======" is also an rST underline; only a full start/separator/end sequence counts.
    if (line.startsWith("<<<<<<< ")) open = [entry];
    else if (line === "=======" && open.length === 1) open.push(entry);
    else if (line.startsWith(">>>>>>> ") && open.length === 2) {
      found.push(...open, entry);
      open = [];
    }
  });
  return found;
}
