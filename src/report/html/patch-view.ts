import { decodeCellText } from "../../equivalence/diff/cell-text.js";
import { unquoteGitPath } from "../../plan/unquote-git-path.js";

/** One file of a patch, with its paths decoded and its hunks' lines numbered. */
export interface PatchFileView {
  /** The path before and after (equal unless renamed; null when created or deleted). */
  oldPath: string | null;
  newPath: string | null;
  change: "modified" | "added" | "deleted" | "renamed" | "binary" | "mode";
  /** Header lines other than paths (modes, similarity). */
  notes: string[];
  hunks: { header: string; lines: PatchLine[] }[];
  added: number;
  removed: number;
}

/** One line of a hunk with its line numbers on each side. */
export interface PatchLine {
  kind: "add" | "del" | "context" | "note";
  oldNumber: number | null;
  newNumber: number | null;
  text: string;
}

/** Splits a git-style unified diff into files; quoted paths are decoded (`"r\303\251gime"` → régime), bytes that are not UTF-8 shown as `\xNN`. */
export function parsePatch(bytes: Uint8Array): { preamble: string[]; files: PatchFileView[] } {
  const lines = decodeCellText(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const preamble: string[] = [];
  const files: PatchFileView[] = [];
  let file: PatchFileView | null = null;
  let hunk: PatchFileView["hunks"][number] | null = null;
  let oldLine = 0;
  let newLine = 0;
  let inBinary = false;
  for (const line of lines) {
    if (line.startsWith("diff --git ")) {
      file = { oldPath: null, newPath: null, change: "modified", notes: [], hunks: [], added: 0, removed: 0 };
      const [a, b] = splitGitHeader(line.slice("diff --git ".length));
      file.oldPath = a;
      file.newPath = b;
      files.push(file);
      hunk = null;
      inBinary = false;
      continue;
    }
    if (file === null) {
      preamble.push(line);
      continue;
    }
    const hunkHead = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (hunkHead) {
      hunk = { header: line, lines: [] };
      file.hunks.push(hunk);
      oldLine = Number(hunkHead[1]);
      newLine = Number(hunkHead[2]);
      continue;
    }
    if (hunk !== null) {
      if (line.startsWith("+")) {
        hunk.lines.push({ kind: "add", oldNumber: null, newNumber: newLine++, text: line.slice(1) });
        file.added++;
      } else if (line.startsWith("-")) {
        hunk.lines.push({ kind: "del", oldNumber: oldLine++, newNumber: null, text: line.slice(1) });
        file.removed++;
      } else if (line.startsWith("\\")) hunk.lines.push({ kind: "note", oldNumber: null, newNumber: null, text: line });
      else hunk.lines.push({ kind: "context", oldNumber: oldLine++, newNumber: newLine++, text: line.slice(1) });
      continue;
    }
    if (inBinary) continue;
    if (line.startsWith("--- ")) file.oldPath = sidePath(line.slice(4));
    else if (line.startsWith("+++ ")) file.newPath = sidePath(line.slice(4));
    else if (line.startsWith("rename from ")) file.oldPath = unquoteGitPath(line.slice(12));
    else if (line.startsWith("rename to ")) file.newPath = unquoteGitPath(line.slice(10));
    else if (line.startsWith("GIT binary patch") || line.startsWith("Binary files")) {
      inBinary = true;
      file.notes.push("binary content (not shown)");
    } else if (line.startsWith("index ") || line === "") continue;
    else file.notes.push(line);
  }
  for (const f of files) f.change = changeOf(f);
  return { preamble, files };
}

function changeOf(file: PatchFileView): PatchFileView["change"] {
  if (file.notes.some((n) => n.startsWith("new file"))) return "added";
  if (file.notes.some((n) => n.startsWith("deleted file"))) return "deleted";
  if (file.oldPath !== null && file.newPath !== null && file.oldPath !== file.newPath) return "renamed";
  if (file.notes.some((n) => n.startsWith("binary"))) return "binary";
  if (file.hunks.length === 0 && file.notes.some((n) => n.includes("mode"))) return "mode";
  return "modified";
}

// "a/x b/y" or '"a/x y" "b/x y"': the two paths without their a/ and b/ prefixes.
function splitGitHeader(text: string): [string | null, string | null] {
  const quoted = /^("(?:[^"\\]|\\.)*"|\S+) ("(?:[^"\\]|\\.)*"|\S+)$/.exec(text);
  if (!quoted) return [null, null];
  return [stripSide(unquoteGitPath(quoted[1]!)), stripSide(unquoteGitPath(quoted[2]!))];
}

function sidePath(text: string): string | null {
  const path = unquoteGitPath(text.replace(/\t.*$/, ""));
  return path === "/dev/null" ? null : stripSide(path);
}

function stripSide(path: string): string {
  return path.replace(/^[ab]\//, "");
}
