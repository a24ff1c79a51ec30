import path from "node:path";
import { InvalidInputError, RefusedError } from "../shared/errors.js";
import { isErrorCode, nodeFsPort, type FsPort } from "../shared/fs-port.js";
import { getLayout, getObjectPath, getRunDir, type GraftLayout } from "./layout.js";
import { acquireLock, isOwnerAlive } from "./lock.js";
import {
  checkObject,
  flushObjects,
  getPackPath,
  isSharedObject,
  loadObjectIndex,
  packFileName,
  readObject,
  readObjectSizes,
  type ObjectIndex,
} from "./object-store.js";
import { createPackWriter } from "./pack-writer.js";
import { getDisplayStatus, listRunIds, readRunRecordOrThrow, readRuns, recordProblemError } from "./run-record.js";
import { checkGraftFolder } from "./check-graft-folder.js";
import { collectTargets } from "./restore-targets.js";
import { runPool } from "./run-pool.js";
import type { RecordProblem, RunRecord } from "./types.js";

/** An object a run needs, and for which path. */
export interface ObjectUse {
  sha256: string;
  runId: string;
  path: string;
}

/** Every object a run needs to roll back (originals) or to keep forced backups. */
export function listRunObjects(record: RunRecord): ObjectUse[] {
  const uses: ObjectUse[] = [];
  // An original someone changed in place before the run replaced it was never backed up as it was: its bytes
  // went on in the file (see RollbackEntry.notWritten), so no object is owed for it.
  const notWritten = new Set(record.rollbacks.flatMap((r) => r.notWritten ?? []));
  for (const target of collectTargets(record.actions).values()) {
    if (target.original.kind === "file" && !notWritten.has(target.path))
      uses.push({ sha256: target.original.sha256, runId: record.id, path: target.path });
  }
  for (const rollback of record.rollbacks) {
    for (const backup of rollback.forcedBackups)
      if (backup.state.kind === "file") uses.push({ sha256: backup.state.sha256, runId: record.id, path: backup.path });
  }
  return uses;
}

/** One problem `verifyBackups` found. */
export interface BackupProblem extends ObjectUse {
  problem: "missing" | "corrupt";
  actual?: string;
}

/** Result of `verifyBackups`. */
export interface BackupVerifyReport {
  runs: string[];
  objectsChecked: number;
  problems: BackupProblem[];
  /** Records that cannot be used, or (unless trusted) are not signed by this user: rollback refuses them. */
  records: RecordProblem[];
}

/** Why an unsigned record is reported. */
export const untrustedRecordProblem =
  "not signed by this user's key (written by another user, on another machine, or edited since): rollback refuses it without --trust-records";

/**
 * Re-hashes the objects one run (or every run) needs; reports missing and corrupt ones by path and run, and
 * records that cannot be used or (unless `trustRecords`) that this user's key did not sign.
 */
export async function verifyBackups(
  root: string,
  runId?: string,
  fs: FsPort = nodeFsPort,
  options: { trustRecords?: boolean } = {},
): Promise<BackupVerifyReport> {
  const layout = getLayout(root);
  await checkGraftFolder(fs, layout);
  const { runs, problems: recordProblems } = runId
    ? { runs: [await readRunRecordOrThrow(fs, layout, runId)], problems: [] }
    : await readRuns(fs, layout, isOwnerAlive);
  const records = runs.map((s) => s.record);
  const untrusted = options.trustRecords ? [] : runs.filter((s) => !s.trusted);
  const recordsReport = [
    ...recordProblems,
    ...untrusted.map((s) => ({ runId: s.record.id, problem: untrustedRecordProblem })),
  ];
  const uses = records.flatMap(listRunObjects);
  const bySha = new Map<string, ObjectUse[]>();
  for (const use of uses) bySha.set(use.sha256, [...(bySha.get(use.sha256) ?? []), use]);
  const problems: BackupProblem[] = [];
  const index = await loadObjectIndex(fs, layout);
  await runPool([...bySha.keys()], 8, async (sha256) => {
    const problem = await checkObject(fs, layout, sha256, index);
    if (!problem) return;
    for (const use of bySha.get(sha256) ?? [])
      problems.push({ ...use, problem: problem.kind, actual: problem.kind === "corrupt" ? problem.actual : undefined });
  });
  problems.sort((a, b) => (a.runId + a.path < b.runId + b.path ? -1 : 1));
  return { runs: records.map((r) => r.id), objectsChecked: bySha.size, problems, records: recordsReport };
}

/** One run as `graft backup list` shows it. */
export interface BackupListEntry {
  runId: string;
  status: string;
  objects: number;
  bytes: number;
}

/** Runs with the number and size of the objects each needs, plus store totals. */
export async function listBackups(
  root: string,
  fs: FsPort = nodeFsPort,
): Promise<{ runs: BackupListEntry[]; objects: number; bytes: number; problems: RecordProblem[] }> {
  const layout = getLayout(root);
  await checkGraftFolder(fs, layout);
  const sizes = await readObjectSizes(fs, layout, await loadObjectIndex(fs, layout));
  const found = await readRuns(fs, layout, isOwnerAlive);
  const runs = found.runs.map((summary) => {
    const shas = new Set(listRunObjects(summary.record).map((u) => u.sha256));
    let bytes = 0;
    for (const sha of shas) bytes += sizes.get(sha) ?? 0;
    return { runId: summary.record.id, status: getDisplayStatus(summary), objects: shas.size, bytes };
  });
  let bytes = 0;
  for (const size of sizes.values()) bytes += size;
  return { runs, objects: sizes.size, bytes, problems: found.problems };
}

/** What `pruneBackups` removed (or would remove in a dry run). */
export interface PruneReport {
  keptRuns: string[];
  removedRuns: string[];
  removedObjects: number;
  freedBytes: number;
}

/**
 * Keeps the `keep` newest runs (and any run still rollbackable because it was interrupted), removes the other
 * runs' records and every object no kept run needs.
 */
export async function pruneBackups(
  root: string,
  keep: number,
  options: { fs?: FsPort; dryRun?: boolean } = {},
): Promise<PruneReport> {
  if (!Number.isInteger(keep) || keep < 0)
    throw new InvalidInputError(`--keep must be a whole number ≥ 0, got ${keep}`);
  const fs = options.fs ?? nodeFsPort;
  const layout = getLayout(root);
  await checkGraftFolder(fs, layout);
  const lock = options.dryRun ? undefined : await acquireLock(fs, layout, `graft backup prune --keep ${keep}`);
  try {
    const { runs: summaries, problems } = await readRuns(fs, layout, isOwnerAlive);
    // Which objects an unreadable record needs is unknown: removing any could lose its backups.
    if (problems[0])
      throw new RefusedError(
        `refusing to prune: ${recordProblemError(problems[0], layout).message}; fix or remove that run folder first`,
      );
    const kept = summaries.filter(
      (s, i) =>
        i < keep ||
        s.interrupted ||
        s.record.rollbackPending ||
        s.record.status === "running" ||
        s.record.status === "needs-review",
    );
    const keptIds = new Set(kept.map((s) => s.record.id));
    const removedRuns = (await listRunIds(fs, layout)).filter((id) => !keptIds.has(id));
    const needed = new Set(kept.flatMap((s) => listRunObjects(s.record).map((u) => u.sha256)));
    const index = await loadObjectIndex(fs, layout);
    const sizes = await readObjectSizes(fs, layout, index);
    const unneeded = [...sizes.keys()].filter((sha) => !needed.has(sha));
    let freedBytes = 0;
    for (const sha of unneeded) freedBytes += sizes.get(sha) ?? 0;
    if (!options.dryRun) {
      // Records first: a crash midway leaves objects nobody needs, never a record without its objects.
      for (const id of removedRuns) await removeTree(fs, getRunDir(layout, id));
      await removeUnneededObjects(fs, layout, index, needed);
    }
    return { keptRuns: [...keptIds], removedRuns, removedObjects: unneeded.length, freedBytes };
  } finally {
    await lock?.release();
  }
}

/**
 * Removes loose objects and packs no kept run needs. A pack holding both kinds is rewritten with only the
 * needed objects, made durable, and only then is the old pack removed.
 */
async function removeUnneededObjects(
  fs: FsPort,
  layout: GraftLayout,
  index: ObjectIndex,
  needed: ReadonlySet<string>,
): Promise<void> {
  const objectsOf = new Map<string, string[]>(index.packs.map((pack) => [pack, []]));
  for (const [sha256, copies] of index.packed) for (const copy of copies) objectsOf.get(copy.pack)?.push(sha256);
  const repack = createPackWriter(fs, layout, index);
  const rewritten = new Set<string>();
  const obsolete: string[] = [];
  for (const [pack, shas] of objectsOf) {
    const kept = shas.filter((sha) => needed.has(sha));
    if (kept.length === shas.length) continue;
    obsolete.push(pack);
    for (const sha256 of kept) {
      // A needed object with a loose copy of its own, or already rewritten, needs no new one.
      if (rewritten.has(sha256) || (index.loose.has(sha256) && !(await isSharedObject(fs, layout, sha256)))) continue;
      const found = await readObject(fs, layout, index, sha256);
      if (!("bytes" in found)) continue; // reported by backup verify; nothing intact to carry over
      rewritten.add(sha256);
      await repack.add(sha256, found.bytes);
    }
  }
  await flushObjects(fs, layout, await repack.finish());
  for (const pack of obsolete) {
    // Index first: a pack without an index is ignored, an index without its pack would read as missing objects.
    await fs.unlink(getPackPath(layout, pack, ".idx"));
    await fs.unlink(getPackPath(layout, pack, ".pack"));
  }
  await runPool(
    [...index.loose].filter((sha) => !needed.has(sha)),
    16,
    (sha) => fs.unlink(getObjectPath(layout, sha)),
  );
  // Leftovers of a run killed while backing up: a pack without a readable index is named by no record.
  const readable = new Set(index.packs);
  for (const name of await fs.readdir(layout.objects).catch(() => [] as string[])) {
    const pack = packFileName.exec(name)?.[1];
    if (pack && !readable.has(pack)) await fs.unlink(path.join(layout.objects, name));
  }
}

async function removeTree(fs: FsPort, dir: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    if (isErrorCode(error, "ENOENT")) return;
    throw error;
  }
  for (const name of names) {
    const abs = path.join(dir, name);
    if ((await fs.lstat(abs)).isDirectory()) await removeTree(fs, abs);
    else await fs.unlink(abs);
  }
  await fs.rmdir(dir);
}
