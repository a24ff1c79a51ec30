import { structuredPatch } from "diff";
import { applyEdits } from "../model/edit.js";
import { encodeBinaryLiteral, gitBlobId, isBinary } from "./git-binary-patch.js";
import type { MigrationPlan, PlanOperation } from "../model/plan.js";

const nullId = "0".repeat(40);

/** A file's side in a patch: its bytes and git mode, or null when absent. */
interface Side {
  path: string;
  bytes: Buffer;
  mode: string;
}

/** Renders a plan as a git-style unified diff (renames, binary patches, symlinks) that `git apply` accepts on the untouched tree. */
export function renderPatch(plan: MigrationPlan, readFile: (rootRelative: string) => Buffer): Buffer {
  const out: string[] = [header(plan)];
  for (const op of plan.operations) out.push(renderOperation(op, readFile));
  return Buffer.from(out.join(""), "latin1");
}

function header(plan: MigrationPlan): string {
  const s = plan.summary;
  const folders = plan.operations
    .filter((op) => op.op === "mkdir" || op.op === "rmdir")
    .map((op) => `#   ${op.op} ${op.path}`);
  return (
    [
      `# graft plan for ${plan.manifest.name}: ${s.moved} moved, ${s.edited} edited, ${s.written} written, ${s.deleted} deleted`,
      ...(folders.length ? ["# folder operations (not expressible in a patch):", ...folders] : []),
      "",
    ].join("\n") + "\n"
  );
}

function renderOperation(op: PlanOperation, readFile: (p: string) => Buffer): string {
  switch (op.op) {
    case "mkdir":
    case "rmdir":
      return "";
    case "move": {
      const old = sideOf(op.from, op.kind, op.mode, op.linkTarget, readFile);
      const bytes = op.edits?.length && op.kind === "file" ? applyEdits(old.bytes, op.edits) : old.bytes;
      if (op.replaces) {
        const target = sideOf(op.to, "file", op.mode, undefined, readFile);
        return modification(target, { ...target, bytes, mode: old.mode }) + deletion(old);
      }
      return rename(old, { path: op.to, bytes, mode: old.mode });
    }
    case "edit": {
      // Edit operations do not record a mode; leaving it out of the index line keeps git from checking it.
      const old: Side = { path: op.path, bytes: readFile(op.path), mode: "" };
      return modification(old, { ...old, bytes: applyEdits(old.bytes, op.edits) });
    }
    case "write": {
      const bytes = Buffer.from(op.content, op.encoding);
      const mode = gitMode("file", op.mode);
      if (op.before === null) return creation({ path: op.path, bytes, mode });
      const old = { path: op.path, bytes: readFile(op.path), mode };
      return modification(old, { ...old, bytes });
    }
    case "delete":
      return deletion(
        sideOf(op.path, op.kind, 0o644, op.kind === "symlink" ? op.sha256.replace(/^link:/, "") : undefined, readFile),
      );
  }
}

function sideOf(
  path: string,
  kind: "file" | "symlink",
  mode: number,
  linkTarget: string | undefined,
  readFile: (p: string) => Buffer,
): Side {
  if (kind === "symlink") return { path, bytes: Buffer.from(linkTarget ?? "", "utf8"), mode: "120000" };
  return { path, bytes: readFile(path), mode: gitMode("file", mode) };
}

function gitMode(kind: "file" | "symlink", mode: number): string {
  if (kind === "symlink") return "120000";
  return mode & 0o111 ? "100755" : "100644";
}

function rename(old: Side, next: Side): string {
  const head = `diff --git ${quote("a/" + old.path)} ${quote("b/" + next.path)}\n`;
  const similarity = old.bytes.equals(next.bytes)
    ? 100
    : Math.max(
        50,
        Math.round(100 * (1 - Math.abs(old.bytes.length - next.bytes.length) / Math.max(1, old.bytes.length))),
      );
  const names = `similarity index ${similarity}%\nrename from ${quote(old.path)}\nrename to ${quote(next.path)}\n`;
  if (old.bytes.equals(next.bytes)) return head + names;
  return head + names + body(old, next);
}

function modification(old: Side, next: Side): string {
  if (old.bytes.equals(next.bytes) && old.mode === next.mode) return "";
  const modeLines = old.mode !== next.mode ? `old mode ${old.mode}\nnew mode ${next.mode}\n` : "";
  return `diff --git ${quote("a/" + old.path)} ${quote("b/" + next.path)}\n${modeLines}` + body(old, next);
}

function creation(next: Side): string {
  const head = `diff --git ${quote("a/" + next.path)} ${quote("b/" + next.path)}\nnew file mode ${next.mode}\n`;
  return head + body(null, next);
}

function deletion(old: Side): string {
  const head = `diff --git ${quote("a/" + old.path)} ${quote("b/" + old.path)}\ndeleted file mode ${old.mode}\n`;
  return head + body(old, null);
}

/** The index line and content part of a file diff; binary content gets a GIT binary patch. */
function body(old: Side | null, next: Side | null): string {
  const oldBytes = old?.bytes ?? Buffer.alloc(0);
  const newBytes = next?.bytes ?? Buffer.alloc(0);
  const oldId = old ? gitBlobId(oldBytes) : nullId;
  const newId = next ? gitBlobId(newBytes) : nullId;
  const sameMode = old && next && old.mode === next.mode && old.mode !== "" ? ` ${old.mode}` : "";
  if (isBinary(oldBytes) || isBinary(newBytes)) {
    return `index ${oldId}..${newId}${sameMode}\nGIT binary patch\n${encodeBinaryLiteral(newBytes)}\n${encodeBinaryLiteral(oldBytes)}\n`;
  }
  const oldName = old ? quote("a/" + old.path) : "/dev/null";
  const newName = next ? quote("b/" + next.path) : "/dev/null";
  const patch = structuredPatch(
    oldName,
    newName,
    oldBytes.toString("latin1"),
    newBytes.toString("latin1"),
    undefined,
    undefined,
    { context: 3 },
  );
  if (patch.hunks.length === 0) return "";
  let text = `index ${oldId.slice(0, 12)}..${newId.slice(0, 12)}${sameMode}\n--- ${oldName}\n+++ ${newName}\n`;
  for (const hunk of patch.hunks) {
    const oldStart = hunk.oldLines === 0 ? hunk.oldStart - 1 : hunk.oldStart;
    const newStart = hunk.newLines === 0 ? hunk.newStart - 1 : hunk.newStart;
    text += `@@ -${range(oldStart, hunk.oldLines)} +${range(newStart, hunk.newLines)} @@\n`;
    text += hunk.lines.join("\n") + "\n";
  }
  return text;
}

function range(start: number, count: number): string {
  return count === 1 ? `${start}` : `${start},${count}`;
}

/** Quotes a path the way git does when it holds control, quote, backslash or non-ASCII bytes. */
export function quote(p: string): string {
  const bytes = Buffer.from(p, "utf8");
  if (!bytes.some((b) => b < 0x20 || b >= 0x7f || b === 0x22 || b === 0x5c)) return p;
  let out = '"';
  for (const b of bytes) {
    if (b === 0x22) out += '\\"';
    else if (b === 0x5c) out += "\\\\";
    else if (b === 0x09) out += "\\t";
    else if (b === 0x0a) out += "\\n";
    else if (b < 0x20 || b >= 0x7f) out += "\\" + b.toString(8).padStart(3, "0");
    else out += String.fromCharCode(b);
  }
  return out + '"';
}
