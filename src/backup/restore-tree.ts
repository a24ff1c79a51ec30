import path from "node:path";
import { flushFileSystem, isErrorCode, type FsPort } from "../shared/fs-port.js";
import { isGraftTempName, removeQuietly, tempPathFor, writeSymlinkAtomic } from "../shared/atomic-write.js";
import { removeGeneratedArtefacts } from "../shared/generated-artefacts.js";
import { RefusedError } from "../shared/errors.js";
import { checkObject, restoreObject, type ObjectIndex } from "./object-store.js";
import type { GraftLayout } from "./layout.js";
import { runPool } from "./run-pool.js";
import type { AssessedTarget } from "./restore-targets.js";

/** How each target gets back to its original state. */
export interface RestoreSchedule {
  /** Folders to create (shallowest first) or re-mode. */
  dirs: AssessedTarget[];
  /** Files put back by renaming a file the run created with the same bytes (a move's destination). */
  renames: { target: AssessedTarget; source: AssessedTarget }[];
  /** Files and symlinks put back from backup objects (or chmod only). */
  copies: AssessedTarget[];
  /** Files and symlinks the run created, to remove. */
  removals: AssessedTarget[];
  /** Folders the run created, to remove (deepest first). */
  rmdirs: AssessedTarget[];
}

const depth = (p: string) => p.split("/").length;

/** Decides how to restore `targets` (all of which differ from their original state). */
export function scheduleRestore(targets: readonly AssessedTarget[]): RestoreSchedule {
  const schedule: RestoreSchedule = { dirs: [], renames: [], copies: [], removals: [], rmdirs: [] };
  // Files the run created whose only fate is removal can instead be renamed back to where they came from.
  const spare = new Map<string, AssessedTarget[]>();
  for (const t of targets) {
    if (t.original.kind === "absent" && t.current.kind === "file") {
      const list = spare.get(t.current.sha256) ?? [];
      list.push(t);
      spare.set(t.current.sha256, list);
    }
  }
  const renamed = new Set<string>();
  for (const t of targets) {
    const { original, current } = t;
    if (original.kind === "dir") {
      if (current.kind === "absent" || current.kind === "dir") schedule.dirs.push(t);
      else schedule.copies.push(t);
    } else if (original.kind === "file") {
      const sameBytes = current.kind === "file" && current.sha256 === original.sha256;
      const source = !sameBytes && current.kind !== "dir" ? spare.get(original.sha256)?.pop() : undefined;
      if (source) {
        schedule.renames.push({ target: t, source });
        renamed.add(source.path);
      } else schedule.copies.push(t);
    } else if (original.kind === "symlink") {
      schedule.copies.push(t);
    }
  }
  for (const t of targets) {
    if (t.original.kind !== "absent" || renamed.has(t.path)) continue;
    if (t.current.kind === "dir") schedule.rmdirs.push(t);
    else if (t.current.kind !== "absent") schedule.removals.push(t);
  }
  schedule.dirs.sort((a, b) => depth(a.path) - depth(b.path));
  schedule.rmdirs.sort((a, b) => depth(b.path) - depth(a.path));
  return schedule;
}

/** Re-hashes every object a schedule copies from; refuses (nothing restored) on a missing or corrupt one. */
export async function verifyScheduleObjects(
  fs: FsPort,
  layout: GraftLayout,
  index: ObjectIndex,
  runId: string,
  schedule: RestoreSchedule,
): Promise<void> {
  const needed = new Map<string, string>();
  for (const t of schedule.copies) {
    if (t.original.kind === "file" && !(t.current.kind === "file" && t.current.sha256 === t.original.sha256))
      needed.set(t.original.sha256, t.path);
  }
  const problems: string[] = [];
  await runPool([...needed], 16, async ([sha256, forPath]) => {
    const problem = await checkObject(fs, layout, sha256, index);
    if (problem?.kind === "missing") problems.push(`backup object ${sha256} for ${forPath} (run ${runId}) is missing`);
    if (problem?.kind === "corrupt")
      problems.push(
        `backup object ${sha256} for ${forPath} (run ${runId}) is corrupt (its bytes hash to ${problem.actual})`,
      );
  });
  if (problems.length) {
    problems.sort();
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
    throw new RefusedError(
      `refusing to roll back: ${problems[0]}${more}; nothing was restored (see graft backup verify)`,
    );
  }
}

/** Removes graft's temporary files (left by a killed run) from the folders holding `paths`. */
export async function sweepTempFiles(fs: FsPort, root: string, paths: Iterable<string>): Promise<string[]> {
  const dirs = new Set<string>();
  for (const p of paths) dirs.add(path.posix.dirname(p));
  const removed: string[] = [];
  for (const dir of dirs) {
    const abs = dir === "." ? root : path.join(root, dir);
    let names: string[];
    try {
      names = await fs.readdir(abs);
    } catch (error) {
      if (isErrorCode(error, "ENOENT") || isErrorCode(error, "ENOTDIR")) continue;
      throw error;
    }
    for (const name of names.filter(isGraftTempName)) {
      await fs.unlink(path.join(abs, name));
      removed.push(dir === "." ? name : `${dir}/${name}`);
    }
  }
  return removed;
}

/**
 * Carries out a schedule: removals of files the run created first (they free the space the copies need, so a
 * nearly full disk does not stop a rollback halfway), then folders, renames back, copies from objects, and the
 * folders the run created. Files that were hard links of one another before the run are linked again.
 */
export async function executeRestore(
  fs: FsPort,
  layout: GraftLayout,
  index: ObjectIndex,
  root: string,
  schedule: RestoreSchedule,
  durable: boolean,
  warn: (message: string) => void,
): Promise<void> {
  const abs = (p: string) => path.join(root, p);
  await runPool(schedule.removals, 8, async (t) => {
    try {
      await fs.unlink(abs(t.path));
    } catch (error) {
      if (!isErrorCode(error, "ENOENT")) throw error;
    }
  });
  for (const t of schedule.dirs) {
    if (t.original.kind !== "dir") continue;
    if (t.current.kind === "absent") await fs.mkdir(abs(t.path));
    await fs.chmod(abs(t.path), t.original.mode);
  }
  for (const { target, source } of schedule.renames) {
    await fs.rename(abs(source.path), abs(target.path));
    if (
      target.original.kind === "file" &&
      source.current.kind === "file" &&
      source.current.mode !== target.original.mode
    ) {
      await fs.chmod(abs(target.path), target.original.mode);
    }
  }
  const { copies, links } = groupHardLinks(schedule.copies);
  await runPool(copies, 8, async (t) => {
    const { original, current } = t;
    if (original.kind === "file") {
      if (current.kind === "dir") await fs.rmdir(abs(t.path));
      if (current.kind === "file" && current.sha256 === original.sha256) await fs.chmod(abs(t.path), original.mode);
      else await restoreObject(fs, layout, index, original.sha256, abs(t.path), original.mode, false);
    } else if (original.kind === "symlink") {
      if (current.kind === "dir") await fs.rmdir(abs(t.path));
      await writeSymlinkAtomic(fs, abs(t.path), original.target);
    } else if (original.kind === "dir") {
      // A file or symlink now sits where a folder was.
      await fs.unlink(abs(t.path));
      await fs.mkdir(abs(t.path));
      await fs.chmod(abs(t.path), original.mode);
    }
  });
  for (const { first, others, links: count } of links) {
    for (const t of others) {
      if (t.current.kind === "dir") await fs.rmdir(abs(t.path));
      await linkAtomic(fs, abs(first.path), abs(t.path));
    }
    const restored = others.length + 1;
    if (restored < count)
      warn(
        `${[first, ...others].map((t) => t.path).join(", ")}: restored as a separate file; before the run it was one of ${count} hard links to the same file, and ${count - restored} of them the run did not change`,
      );
  }
  for (const t of schedule.rmdirs) {
    try {
      await fs.rmdir(abs(t.path));
    } catch (error) {
      if (isErrorCode(error, "ENOENT")) continue;
      // Assessment let through only created folders whose other entries are generated artefacts (bytecode, caches).
      if (!isErrorCode(error, "ENOTEMPTY") || t.original.kind !== "absent") throw error;
      await removeGeneratedArtefacts(fs, abs(t.path));
      await fs.rmdir(abs(t.path));
    }
  }
  // One flush for every restored file instead of an fsync each.
  if (durable) await flushFileSystem(fs, root, warn);
}

/** Copies with the files that shared one inode before the run grouped: one is copied, the others linked to it. */
function groupHardLinks(copies: readonly AssessedTarget[]): {
  copies: AssessedTarget[];
  links: { first: AssessedTarget; others: AssessedTarget[]; links: number }[];
} {
  const groups = new Map<number, { first: AssessedTarget; others: AssessedTarget[]; links: number }>();
  const single: AssessedTarget[] = [];
  for (const t of copies) {
    const original = t.original;
    if (original.kind !== "file" || original.ino === undefined || (original.links ?? 1) < 2) {
      single.push(t);
      continue;
    }
    const group = groups.get(original.ino);
    if (group) group.others.push(t);
    else groups.set(original.ino, { first: t, others: [], links: original.links ?? 1 });
  }
  return { copies: [...single, ...[...groups.values()].map((g) => g.first)], links: [...groups.values()] };
}

/** Replaces `target` with a hard link to `source` atomically (a temp link, renamed over). */
async function linkAtomic(fs: FsPort, source: string, target: string): Promise<void> {
  const temp = tempPathFor(target);
  try {
    await fs.link(source, temp);
    await fs.rename(temp, target);
  } catch (error) {
    await removeQuietly(fs, temp);
    throw error;
  }
}
