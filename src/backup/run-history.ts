import { existsSync } from "node:fs";
import path from "node:path";
import { nodeFsPort, type FsPort } from "../shared/fs-port.js";
import { getLayout, graftDirName } from "./layout.js";
import { isOwnerAlive } from "./lock.js";
import { checkGraftFolder } from "./check-graft-folder.js";
import { readRunRecordOrThrow, readRuns, summarizeRun } from "./run-record.js";
import type { RecordProblem, RunSummary } from "./types.js";

/** Every run recorded under `root`, newest first (runs whose record cannot be used: see readRunHistory). */
export async function listRunHistory(root: string, fs: FsPort = nodeFsPort): Promise<RunSummary[]> {
  return (await readRunHistory(root, fs)).runs;
}

/** Every run recorded under `root`, newest first, and the run folders whose record cannot be used. */
export async function readRunHistory(
  root: string,
  fs: FsPort = nodeFsPort,
): Promise<{ runs: RunSummary[]; problems: RecordProblem[] }> {
  const layout = getLayout(root);
  await checkGraftFolder(fs, layout);
  return readRuns(fs, layout, isOwnerAlive);
}

/** One run by id; throws "unknown run id" (exit 2) when there is none, exit 1 when its record cannot be used. */
export async function getRunOrThrow(root: string, runId: string, fs: FsPort = nodeFsPort): Promise<RunSummary> {
  const layout = getLayout(root);
  await checkGraftFolder(fs, layout);
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
