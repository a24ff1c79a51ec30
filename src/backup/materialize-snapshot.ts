import path from "node:path";
import { InvalidInputError, RefusedError } from "../shared/errors.js";
import { nodeFsPort, type FsPort } from "../shared/fs-port.js";
import { isGraftTempName } from "../shared/atomic-write.js";
import { getLayout, graftDirName, type GraftLayout } from "./layout.js";
import { isOwnerAlive } from "./lock.js";
import { loadObjectIndex, readObject, type ObjectIndex } from "./object-store.js";
import { checkGraftFolder } from "./check-graft-folder.js";
import { listRuns, readRunRecordOrThrow } from "./run-record.js";
import { collectTargets } from "./restore-targets.js";
import { runPool } from "./run-pool.js";
import type { EntryState } from "./types.js";

/** Options of `materializeRunSnapshot`. */
export interface SnapshotOptions {
  fs?: FsPort;
  /** Top-level names not copied from the current tree (default `.graft`, `.git`). */
  skip?: readonly string[];
}

/**
 * Writes the pre-migration tree of a run (default: the newest applied run) into `dest` (created; must be
 * empty or absent): the current tree with every path the run changed put back to its state before the run,
 * from verified backup objects. Returns the run id. The root itself is not changed.
 */
export async function materializeRunSnapshot(
  root: string,
  runId: string | undefined,
  dest: string,
  options: SnapshotOptions = {},
): Promise<string> {
  const fs = options.fs ?? nodeFsPort;
  const layout = getLayout(root);
  await checkGraftFolder(fs, layout);
  const record = runId
    ? (await readRunRecordOrThrow(fs, layout, runId)).record
    : (await listRuns(fs, layout, isOwnerAlive)).find(
        (s) => s.record.status === "applied" || s.record.status === "needs-review",
      )?.record;
  if (!record)
    throw new InvalidInputError(`no applied run in ${root} to take a pre-migration snapshot of (see graft history)`);
  await fs.mkdir(dest, { recursive: true });
  if ((await fs.readdir(dest)).length) throw new InvalidInputError(`snapshot folder ${dest} is not empty`);

  const skip = new Set(options.skip ?? [graftDirName, ".git"]);
  await copyTree(fs, root, dest, "", skip);
  const targets = [...collectTargets(record.actions).values()];
  // Run-created paths go first (deepest first), then the originals come back (shallowest first).
  const depth = (p: string) => p.split("/").length;
  const created = targets.filter((t) => t.original.kind === "absent").sort((a, b) => depth(b.path) - depth(a.path));
  for (const t of created) await removeEntry(fs, path.join(dest, t.path));
  const originals = targets.filter((t) => t.original.kind !== "absent").sort((a, b) => depth(a.path) - depth(b.path));
  const index = await loadObjectIndex(fs, layout);
  for (const t of originals)
    await putOriginal(fs, layout, index, record.id, path.join(dest, t.path), t.path, t.original);
  return record.id;
}

async function copyTree(
  fs: FsPort,
  fromRoot: string,
  toRoot: string,
  rel: string,
  skip: ReadonlySet<string>,
): Promise<void> {
  const names = (await fs.readdir(path.join(fromRoot, rel))).filter(
    (n) => !(rel === "" && skip.has(n)) && !isGraftTempName(n),
  );
  const dirs: string[] = [];
  await runPool(names, 16, async (name) => {
    const childRel = rel ? `${rel}/${name}` : name;
    const from = path.join(fromRoot, childRel);
    const to = path.join(toRoot, childRel);
    const stat = await fs.lstat(from);
    if (stat.isSymbolicLink()) await fs.symlink(await fs.readlink(from), to);
    else if (stat.isDirectory()) {
      await fs.mkdir(to);
      await fs.chmod(to, stat.mode & 0o7777);
      dirs.push(childRel);
    } else if (stat.isFile()) {
      await fs.copyFile(from, to);
      await fs.chmod(to, stat.mode & 0o7777);
    }
  });
  for (const dir of dirs) await copyTree(fs, fromRoot, toRoot, dir, skip);
}

async function removeEntry(fs: FsPort, abs: string): Promise<void> {
  const stat = await fs.lstat(abs).catch(() => undefined);
  if (!stat) return;
  if (stat.isDirectory()) {
    for (const name of await fs.readdir(abs)) await removeEntry(fs, path.join(abs, name));
    await fs.rmdir(abs);
  } else await fs.unlink(abs);
}

async function putOriginal(
  fs: FsPort,
  layout: GraftLayout,
  index: ObjectIndex,
  runId: string,
  abs: string,
  rel: string,
  original: EntryState,
): Promise<void> {
  const stat = await fs.lstat(abs).catch(() => undefined);
  if (original.kind === "dir") {
    if (stat && !stat.isDirectory()) await removeEntry(fs, abs);
    if (!stat?.isDirectory()) await fs.mkdir(abs);
    await fs.chmod(abs, original.mode);
    return;
  }
  if (stat) await removeEntry(fs, abs);
  if (original.kind === "symlink") {
    await fs.symlink(original.target, abs);
  } else if (original.kind === "file") {
    const found = await readObject(fs, layout, index, original.sha256);
    if (!("bytes" in found))
      throw new RefusedError(
        `backup object ${original.sha256} for ${rel} (run ${runId}) is ${found.kind}; cannot materialize the snapshot`,
      );
    await fs.writeFile(abs, found.bytes, { exclusive: true });
    await fs.chmod(abs, original.mode);
  }
}
