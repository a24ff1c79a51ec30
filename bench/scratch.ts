import { appendFileSync, rmSync } from "node:fs";

/** Set by bench/run.ts: the file listing scratch folders to remove once every area has run. */
export const scratchListVariable = "GRAFT_BENCH_SCRATCH_LIST";

/**
 * Removes a benchmark's scratch folder, or, under bench/run.ts, lists it for removal after the last area. On an
 * ext4 without a journal, creating a file skips every inode freed in its block group in the last minutes, one by
 * one: deleting one area's thousands of files right before the next area would slow every file that area creates.
 */
export function discardScratch(dir: string): void {
  const list = process.env[scratchListVariable];
  if (list) appendFileSync(list, dir + "\n");
  else rmSync(dir, { recursive: true, force: true });
}
