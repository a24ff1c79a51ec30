/**
 * Coverage of src/ by the test suite (V8's own counters through @vitest/coverage-v8), per folder. No floor: the
 * figure is for reading, not for failing. Code that tests run in child processes (the CLI's end-to-end tests
 * spawn bin/graft.js) is not counted, so the CLI and some apply paths read lower than they are exercised.
 * Usage: npm run bench -- --only coverage
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { discardScratch } from "./scratch.js";

interface Totals {
  total: number;
  covered: number;
}
type Summary = Record<string, { lines: Totals; branches: Totals; functions: Totals }>;

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const out = mkdtempSync(path.join(os.tmpdir(), "graft-bench-coverage-"));
const started = performance.now();
const run = spawnSync(
  process.execPath,
  [
    path.join(root, "node_modules/vitest/vitest.mjs"),
    "run",
    "--coverage.enabled",
    "--coverage.provider=v8",
    "--coverage.include=src/**",
    "--coverage.reporter=json-summary",
    `--coverage.reportsDirectory=${out}`,
  ],
  { cwd: root, stdio: ["ignore", "ignore", "inherit"] },
);
const seconds = (performance.now() - started) / 1000;
if (run.status !== 0) console.log(`the test suite exited with ${run.status}; coverage below covers the tests that ran`);

const summary = JSON.parse(readFileSync(path.join(out, "coverage-summary.json"), "utf8")) as Summary;
const byFolder = new Map<string, { lines: Totals; branches: Totals; functions: Totals }>();
for (const [file, counts] of Object.entries(summary)) {
  if (file === "total") continue;
  const folder = path.relative(root, path.dirname(file)).split(path.sep).slice(0, 2).join("/");
  const sum = byFolder.get(folder) ?? { lines: zero(), branches: zero(), functions: zero() };
  for (const kind of ["lines", "branches", "functions"] as const) {
    sum[kind].total += counts[kind].total;
    sum[kind].covered += counts[kind].covered;
  }
  byFolder.set(folder, sum);
}
const percent = (t: Totals) => (t.total === 0 ? "—" : `${((100 * t.covered) / t.total).toFixed(1)}%`);
console.log(`coverage of src/ by npm test (${seconds.toFixed(0)} s with instrumentation)`);
console.log(`${"folder".padEnd(28)}${"lines".padStart(9)}${"branches".padStart(10)}${"functions".padStart(11)}`);
for (const [folder, sum] of [...byFolder].sort(([a], [b]) => (a < b ? -1 : 1))) {
  console.log(
    `${folder.padEnd(28)}${percent(sum.lines).padStart(9)}${percent(sum.branches).padStart(10)}${percent(sum.functions).padStart(11)}`,
  );
}
const total = summary.total!;
console.log(
  `${"all of src/".padEnd(28)}${percent(total.lines).padStart(9)}${percent(total.branches).padStart(10)}${percent(total.functions).padStart(11)}`,
);

discardScratch(out);

function zero(): Totals {
  return { total: 0, covered: 0 };
}
