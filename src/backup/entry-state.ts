import { lstatOrUndefined, type FsPort } from "../shared/fs-port.js";
import { hashBytes } from "./object-store.js";
import type { EntryState } from "./types.js";

/** Reads what `absolute` is now: absent, a file (hashed), a symlink (its target) or a folder. */
export async function readEntryState(fs: FsPort, absolute: string): Promise<EntryState> {
  const stat = await lstatOrUndefined(fs, absolute);
  if (!stat) return { kind: "absent" };
  if (stat.isSymbolicLink()) return { kind: "symlink", target: await fs.readlink(absolute) };
  if (stat.isDirectory()) return { kind: "dir", mode: stat.mode & 0o7777 };
  if (!stat.isFile()) throw new Error(`${absolute} is neither a file, a symlink nor a folder`);
  const data = await fs.readFile(absolute);
  return { kind: "file", sha256: hashBytes(data), mode: stat.mode & 0o7777, size: data.length };
}

/** True when two states are the same content; folder modes compare only when `strictDirMode`. */
export function isSameState(a: EntryState, b: EntryState, strictDirMode = false): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "absent":
      return true;
    case "file":
      return b.kind === "file" && a.sha256 === b.sha256 && a.mode === b.mode;
    case "symlink":
      return b.kind === "symlink" && a.target === b.target;
    case "dir":
      return b.kind === "dir" && (!strictDirMode || a.mode === b.mode);
  }
}

/** The `reads` signature of a state: sha256 for files, "link:" + target for symlinks. */
export function getReadSignature(state: EntryState): string | undefined {
  if (state.kind === "file") return state.sha256;
  if (state.kind === "symlink") return `link:${state.target}`;
  return undefined;
}

/** Short human description of a state ("file 1a2b3c4d", "symlink → x", "folder", "absent"). */
export function describeState(state: EntryState): string {
  switch (state.kind) {
    case "absent":
      return "absent";
    case "file":
      return `file ${state.sha256.slice(0, 12)} mode ${state.mode.toString(8)}`;
    case "symlink":
      return `symlink → ${state.target}`;
    case "dir":
      return "folder";
  }
}
