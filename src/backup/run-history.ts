import { existsSync } from "node:fs";
import path from "node:path";
import { nodeFsPort, type FsPort } from "../shared/fs-port.js";
import { getLayout, graftDirName } from "./layout.js";
import { isOwnerAlive } from "./lock.js";
import { listRuns, readRunRecordOrThrow, summarizeRun } from "./run-record.js";
import type { RunSummary } from "./types.js";

/** Every run recorded under `root`, newest first. */
export async function listRunHistory(root: string, fs: FsPort = nodeFsPort): Promise<RunSummary[]> {
  return listRuns(fs, getLayout(root), isOwnerAlive);
}

/** One run by id; throws "unknown run id" (exit 2) when there is none. */
export async function getRunOrThrow(root: string, runId: string, fs: FsPort = nodeFsPort): Promise<RunSummary> {
  const layout = getLayout(root);
  return summarizeRun(fs, layout, await readRunRecordOrThrow(fs, layout, runId), isOwnerAlive);
}

/** The nearest folder at or above `start` holding a `.graft` folder, else `start` itself. */
export function findGraftRoot(start: string): string {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, graftDirName, "runs"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start);
    dir = parent;
  }
}
