import path from "node:path";
import type { Stats } from "node:fs";
import { applyEdits } from "../model/edit.js";
import type { FsPort } from "../shared/fs-port.js";
import { removeQuietly, writeFileAtomic, writeTempFile } from "../shared/atomic-write.js";
import { hashBytes } from "../backup/object-store.js";
import { ChangedDuringRunError } from "./changed-during-run-error.js";
import type { TreeWrite } from "./expand-actions.js";

/** A put action's new content, already in a temp file beside its target (see stageWrite). */
export interface StagedPut {
  temp: string;
  /** The edited source as it was when read: the rename is refused if it changed since. */
  source?: SourceStamp;
}

/** What changes when a file is written in place or replaced. */
interface SourceStamp {
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

/** Performs one action's write on the tree; every write is atomic (temp in the same folder + rename). A staged put only renames. */
export async function performWrite(
  fs: FsPort,
  root: string,
  action: TreeWrite,
  durable: boolean,
  staged?: StagedPut,
): Promise<void> {
  const abs = (p: string) => path.join(root, p);
  switch (action.type) {
    case "mkdir":
      await fs.mkdir(abs(action.path));
      return;
    case "rename":
      await fs.rename(abs(action.from), abs(action.to));
      return;
    case "put-edited":
      if (staged) return commitStaged(fs, staged, abs(action.to), { path: abs(action.from), name: action.from });
      await writeFileAtomic(fs, abs(action.to), await readEdited(fs, abs(action.from), action), action.mode, durable);
      return;
    case "put-bytes":
      if (staged) return commitStaged(fs, staged, abs(action.path));
      await writeFileAtomic(fs, abs(action.path), action.data, action.mode, durable);
      return;
    case "remove":
      await fs.unlink(abs(action.path));
      return;
    case "rmdir":
      await fs.rmdir(abs(action.path));
      return;
  }
}

/**
 * The first half of a put action: its new content in a temp file beside the target, not yet renamed over it.
 * A batch stages every put, flushes the file system once, then renames: replacing a file whose new bytes
 * are still unwritten makes ext4 write them out there and then, one file at a time (auto_da_alloc).
 */
export async function stageWrite(fs: FsPort, root: string, action: TreeWrite): Promise<StagedPut | undefined> {
  if (action.type === "put-bytes")
    return { temp: await writeTempFile(fs, path.join(root, action.path), action.data, action.mode) };
  if (action.type !== "put-edited") return undefined;
  const from = path.join(root, action.from);
  // Stamped before reading: any write after it changes the stamp, so the rename can tell.
  const source = stampOf(await fs.lstat(from));
  const data = await readEdited(fs, from, action);
  return { temp: await writeTempFile(fs, path.join(root, action.to), data, action.mode), source };
}

/** Removes the temp files of staged puts that will not be renamed. */
export async function discardStaged(fs: FsPort, staged: Iterable<StagedPut>): Promise<void> {
  for (const { temp } of staged) await removeQuietly(fs, temp);
}

async function readEdited(
  fs: FsPort,
  from: string,
  action: Extract<TreeWrite, { type: "put-edited" }>,
): Promise<Buffer> {
  const data = applyEdits(await fs.readFile(from), action.edits);
  // The source was hashed before the run started; refuse to write if it changed underneath us.
  if (hashBytes(data) !== action.sha256) throw new ChangedDuringRunError([action.from], "applying edits to");
  return data;
}

async function commitStaged(
  fs: FsPort,
  staged: StagedPut,
  target: string,
  source?: { path: string; name: string },
): Promise<void> {
  try {
    if (staged.source && source && !isSameStamp(staged.source, stampOf(await fs.lstat(source.path)))) {
      throw new ChangedDuringRunError([source.name], "applying edits to");
    }
    await fs.rename(staged.temp, target);
  } catch (error) {
    await removeQuietly(fs, staged.temp);
    throw error;
  }
}

function stampOf(stat: Stats): SourceStamp {
  return { ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs };
}

function isSameStamp(a: SourceStamp, b: SourceStamp): boolean {
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}

/** One-line description of an action for messages ("move a → b", "write c"). */
export function describeAction(action: TreeWrite): string {
  switch (action.type) {
    case "mkdir":
      return `create folder ${action.path}`;
    case "rename":
      return `move ${action.from} → ${action.to}`;
    case "put-edited":
      return action.from === action.to ? `edit ${action.to}` : `move ${action.from} → ${action.to} with edits`;
    case "put-bytes":
      return `write ${action.path}`;
    case "remove":
      return `remove ${action.path}`;
    case "rmdir":
      return `remove folder ${action.path}`;
  }
}
