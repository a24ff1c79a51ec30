import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import path from "node:path";

/** One entry of a tree snapshot. */
export type SnapshotEntry =
  | { kind: "file"; mode: number; sha256: string; size: number }
  | { kind: "symlink"; target: string }
  | { kind: "dir"; mode: number; empty: boolean };

/** Every path under a folder (POSIX, sorted) → kind, mode, content sha256 or link target, empty-folder flag. */
export type TreeSnapshot = Record<string, SnapshotEntry>;

/** Snapshots `dir` for byte-identity assertions; skips `.graft` (and any other top-level names in `skip`). */
export function snapshotTree(dir: string, skip: readonly string[] = [".graft"]): TreeSnapshot {
  const out: TreeSnapshot = {};
  const walk = (rel: string) => {
    const names = readdirSync(path.join(dir, rel)).sort();
    for (const name of names) {
      const childRel = rel ? `${rel}/${name}` : name;
      if (!rel && skip.includes(name)) continue;
      const abs = path.join(dir, childRel);
      const st = lstatSync(abs);
      if (st.isSymbolicLink()) out[childRel] = { kind: "symlink", target: readlinkSync(abs) };
      else if (st.isDirectory()) {
        out[childRel] = { kind: "dir", mode: st.mode & 0o7777, empty: readdirSync(abs).length === 0 };
        walk(childRel);
      } else {
        const data = readFileSync(abs);
        out[childRel] = {
          kind: "file",
          mode: st.mode & 0o7777,
          sha256: createHash("sha256").update(data).digest("hex"),
          size: data.length,
        };
      }
    }
  };
  walk("");
  return out;
}

/** Lines describing how two snapshots differ (empty when identical), for readable assertion failures. */
export function diffSnapshots(before: TreeSnapshot, after: TreeSnapshot): string[] {
  const lines: string[] = [];
  for (const p of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[p];
    const b = after[p];
    if (!a) lines.push(`+ ${p} ${JSON.stringify(b)}`);
    else if (!b) lines.push(`- ${p} ${JSON.stringify(a)}`);
    else if (JSON.stringify(a) !== JSON.stringify(b)) lines.push(`~ ${p} ${JSON.stringify(a)} → ${JSON.stringify(b)}`);
  }
  return lines.sort();
}
