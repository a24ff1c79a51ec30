/**
 * Runs every benchmark (bench/<area>.ts) in sequence, each in its own process so one area's memory
 * does not colour another's, and passes flags through (e.g. `npm run bench -- --quick`).
 * Usage: npm run bench [-- --only typescript,python] [-- --quick]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { scratchListVariable } from "./scratch.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const onlyIndex = args.indexOf("--only");
const only = onlyIndex >= 0 ? new Set(args[onlyIndex + 1]!.split(",")) : null;
const passThrough = onlyIndex >= 0 ? args.filter((_, i) => i !== onlyIndex && i !== onlyIndex + 1) : args;
// backup's apply and rollback free some 100,000 files, which slows every file creation near them for minutes
// on an ext4 without a journal (see bench/scratch.ts): it runs after the areas that time file creation.
const runsLast = new Set(["backup"]);
const areas = readdirSync(here)
  .filter((f) => f.endsWith(".ts") && f !== "run.ts" && f !== "scratch.ts" && !f.startsWith("_"))
  .map((f) => f.replace(/\.ts$/, ""))
  .filter((area) => !only || only.has(area))
  .sort((a, b) => Number(runsLast.has(a)) - Number(runsLast.has(b)) || (a < b ? -1 : a > b ? 1 : 0));

// Scratch folders are removed after the last area, not by each area (see bench/scratch.ts).
const scratch = mkdtempSync(path.join(os.tmpdir(), "graft-bench-scratch-"));
const scratchList = path.join(scratch, "folders.txt");
let failed = 0;
try {
  for (const area of areas) {
    process.stdout.write(`\n=== bench: ${area} ===\n`);
    // Run records are signed with a per-user key: the benchmarks keep theirs in the scratch folder, not the home folder.
    const env = {
      ...process.env,
      [scratchListVariable]: scratchList,
      GRAFT_STATE_DIR: process.env.GRAFT_STATE_DIR ?? path.join(scratch, "state"),
    };
    const result = spawnSync(process.execPath, ["--import", "tsx", path.join(here, `${area}.ts`), ...passThrough], {
      stdio: "inherit",
      env,
    });
    if (result.status !== 0) {
      failed++;
      process.stdout.write(`bench ${area} exited with ${result.status}\n`);
    }
  }
} finally {
  const folders = readFileSync(scratchList, { encoding: "utf8", flag: "a+" }).split("\n").filter(Boolean);
  for (const folder of [...folders, scratch]) rmSync(folder, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
