import path from "node:path";

/** Name of the folder graft keeps its backups, runs and lock in, under the root. */
export const graftDirName = ".graft";

/** Absolute paths of graft's state under `root`. */
export interface GraftLayout {
  root: string;
  dir: string;
  objects: string;
  runs: string;
  lock: string;
}

/** Where graft keeps its state for `root`. */
export function getLayout(root: string): GraftLayout {
  const dir = path.join(root, graftDirName);
  return { root, dir, objects: path.join(dir, "objects"), runs: path.join(dir, "runs"), lock: path.join(dir, "lock") };
}

/** Path of the object holding bytes with `sha256`. */
export function getObjectPath(layout: GraftLayout, sha256: string): string {
  return path.join(layout.objects, sha256);
}

/** Folder of one run. */
export function getRunDir(layout: GraftLayout, runId: string): string {
  return path.join(layout.runs, runId);
}

/** Folder holding links to the originals a run replaced whose bytes the store already had (kept until prune). */
export function getHeldDir(layout: GraftLayout, runId: string): string {
  return path.join(getRunDir(layout, runId), "held");
}

/** Path of a run's record. */
export function getRecordPath(layout: GraftLayout, runId: string): string {
  return path.join(layout.runs, runId, "run.json");
}

/** Path of a run's journal. */
export function getJournalPath(layout: GraftLayout, runId: string): string {
  return path.join(layout.runs, runId, "journal.jsonl");
}

/** True for a root-relative POSIX path inside graft's own folder (never migrated, never judged dirty). */
export function isGraftPath(relative: string): boolean {
  return relative === graftDirName || relative.startsWith(graftDirName + "/");
}
