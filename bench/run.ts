/**
 * Runs every benchmark (bench/<area>.ts) in sequence, each in its own process so one area's memory
 * does not colour another's, and passes flags through (e.g. `npm run bench -- --quick`).
 * Usage: npm run bench [-- --only typescript,python] [-- --quick]
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const onlyIndex = args.indexOf("--only");
const only = onlyIndex >= 0 ? new Set(args[onlyIndex + 1]!.split(",")) : null;
const passThrough = onlyIndex >= 0 ? args.filter((_, i) => i !== onlyIndex && i !== onlyIndex + 1) : args;
const areas = readdirSync(here)
  .filter((f) => f.endsWith(".ts") && f !== "run.ts" && !f.startsWith("_"))
  .map((f) => f.replace(/\.ts$/, ""))
  .filter((area) => !only || only.has(area))
  .sort();

let failed = 0;
for (const area of areas) {
  process.stdout.write(`\n=== bench: ${area} ===\n`);
  const result = spawnSync(process.execPath, ["--import", "tsx", path.join(here, `${area}.ts`), ...passThrough], { stdio: "inherit" });
  if (result.status !== 0) {
    failed++;
    process.stdout.write(`bench ${area} exited with ${result.status}\n`);
  }
}
process.exitCode = failed ? 1 : 0;
