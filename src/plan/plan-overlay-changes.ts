import type { Manifest } from "../model/manifest.js";
import type { MigrationPlan, PlanOperation } from "../model/plan.js";
import type { OverlayEntry, TreeOverlay } from "../scan/tree-overlay.js";
import { sha256Hex } from "../shared/hash.js";
import { compareStrings } from "../shared/paths.js";
import { graftVersion } from "../shared/version.js";
import { summarizePlan } from "./summarize-plan.js";

type Present = Exclude<OverlayEntry, { kind: "absent" | "dir" }>;

/**
 * The net effect of every change an overlay holds on the tree on disk, as a plan to render as one patch: a file
 * that ends up elsewhere (moved, perhaps edited on the way) is a rename, then edits in place, new files and
 * removals. What several steps did to one path collapses into what it is at the end.
 */
export function planOverlayChanges(overlay: TreeOverlay, manifest: Manifest): MigrationPlan {
  const before = new Map<string, OverlayEntry>();
  const after = new Map<string, OverlayEntry>();
  for (const [p, entry] of overlay.changes) {
    const disk = overlay.diskEntryOf(p);
    if (!isSameEntry(overlay, p, disk, entry)) {
      before.set(p, disk);
      after.set(p, entry);
    }
  }
  const reads = new Map<string, string>();
  const readBefore = (p: string): Buffer => {
    const bytes = overlay.readDiskFile(p);
    reads.set(p, sha256Hex(bytes));
    return bytes;
  };
  const operations: PlanOperation[] = [];
  const renamed = new Set<string>();
  const paths = [...after.keys()].sort(compareStrings);
  for (const p of paths) {
    const was = before.get(p)!;
    const now = after.get(p)!;
    if (now.kind === "dir" && was.kind === "absent") operations.push({ op: "mkdir", path: p });
    if (now.kind === "absent" || now.kind === "dir" || was.kind !== "absent") continue;
    const rename = now.origin === undefined ? undefined : renameOf(now.origin, p, now);
    if (rename) {
      renamed.add(now.origin!);
      operations.push(rename);
    } else operations.push(creation(p, now));
  }
  for (const p of paths) {
    const was = before.get(p)!;
    const now = after.get(p)!;
    if (was.kind === "file" && now.kind === "file") {
      const old = readBefore(p);
      const sha256 = sha256Hex(old);
      const bytes = overlay.readFile(p);
      const text = bytes.toString("utf8");
      // Text becomes an edit (one span: the renderer diffs by lines); binary content is written whole.
      if (Buffer.from(text, "utf8").equals(bytes))
        operations.push({
          op: "edit",
          path: p,
          sha256,
          edits: [{ start: 0, end: old.length, text, kind: "migration" }],
        });
      else operations.push(writeOperation(p, bytes, now.mode, sha256, "changed by the migration"));
    } else if ((was.kind === "file" || was.kind === "symlink") && now.kind !== was.kind && !renamed.has(p)) {
      const sha256 = was.kind === "file" ? sha256Hex(readBefore(p)) : `link:${was.target}`;
      reads.set(p, sha256);
      operations.push({ op: "delete", path: p, kind: was.kind, sha256, reason: "removed by the migration" });
      if (now.kind === "file") operations.push(creation(p, now));
    } else if (was.kind === "dir" && now.kind === "absent") operations.push({ op: "rmdir", path: p });
  }
  return {
    format: "graft-plan",
    version: 1,
    graftVersion,
    manifest: { path: manifest.path, sha256: manifest.sha256, name: manifest.data.name },
    root: manifest.root,
    moves: [],
    operations,
    reads: Object.fromEntries([...reads].sort(([a], [b]) => compareStrings(a, b))),
    blockers: [],
    reported: [],
    warnings: [],
    summary: summarizePlan(operations, []),
  };

  /** A rename when `origin` held this content on disk, holds none of its kind now, and no other path took it. */
  function renameOf(origin: string, to: string, now: Present): PlanOperation | undefined {
    const source = before.get(origin);
    if (source?.kind !== now.kind || after.get(origin)?.kind === now.kind || renamed.has(origin)) return undefined;
    if (now.kind === "symlink") {
      const sha256 = `link:${now.target}`;
      if (source.kind !== "symlink" || source.target !== now.target) return undefined;
      reads.set(origin, sha256);
      return { op: "move", from: origin, to, kind: "symlink", mode: 0o777, sha256, linkTarget: now.target };
    }
    const old = readBefore(origin);
    const bytes = overlay.readFile(to);
    const text = bytes.toString("utf8");
    // Binary content changed on the way cannot be one text edit: a removal and a creation say it exactly.
    if (!old.equals(bytes) && !Buffer.from(text, "utf8").equals(bytes)) return undefined;
    // The whole new content as one edit is enough: the renderer diffs old and new bytes by lines.
    const edits = old.equals(bytes) ? [] : [{ start: 0, end: old.length, text, kind: "migration" }];
    const mode = source.kind === "file" ? source.mode : now.mode;
    return {
      op: "move",
      from: origin,
      to,
      kind: "file",
      mode,
      sha256: sha256Hex(old),
      ...(edits.length ? { edits } : {}),
    };
  }

  function creation(p: string, now: Present): PlanOperation {
    if (now.kind === "symlink")
      throw new Error(`internal: ${p} is a symlink the migration creates without moving it from anywhere`);
    return writeOperation(p, overlay.readFile(p), now.mode, null, "created by the migration");
  }
}

function isSameEntry(overlay: TreeOverlay, p: string, disk: OverlayEntry, now: OverlayEntry): boolean {
  if (disk.kind !== now.kind) return false;
  if (disk.kind === "symlink") return now.kind === "symlink" && disk.target === now.target;
  if (disk.kind !== "file" || now.kind !== "file") return true;
  if (disk.mode !== now.mode) return false;
  if (now.bytes === undefined && now.origin === p) return true;
  return overlay.readFile(p).equals(overlay.readDiskFile(p));
}

function writeOperation(p: string, bytes: Buffer, mode: number, before: string | null, reason: string): PlanOperation {
  return {
    op: "write",
    path: p,
    content: bytes.toString("base64"),
    encoding: "base64",
    mode,
    before,
    sha256: sha256Hex(bytes),
    reason,
  };
}
