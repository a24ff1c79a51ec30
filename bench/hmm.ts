/**
 * Benchmark of the HMM pipeline port (fixtures/hmm-pipeline/main.ts): `npx tsx bench/hmm.ts`.
 *
 * Reports end-to-end wall time (a fresh `tsx main.ts` process, as `npm run hmm` runs it, and the
 * in-process `main()` alone) on the original's BTC.csv and on a generated 100,000-row file, and
 * the GaussianHMM fit time alone. Not a test: numbers depend on the machine and its load.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  dropna,
  featureMatrix,
  fitGaussianHmm,
  fitStandardScaler,
  frameLength,
  main,
  parseArgs,
  streamFeatures,
  transformStandardScaler,
  type RunIo,
} from "../fixtures/hmm-pipeline/main.js";
import { generateSyntheticOhlcv } from "../fixtures/hmm-pipeline/testdata/generate-synthetic.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const quiet: RunIo = { stdout: () => {}, stderr: () => {}, now: () => new Date() };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeIt(runs: number, f: () => void): number {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  return median(t);
}

const dir = mkdtempSync(join(tmpdir(), "hmm-bench-"));
try {
  copyFileSync(join(ROOT, "../shared/hmm-original/BTC.csv"), join(dir, "BTC.csv"));
  writeFileSync(join(dir, "synthetic-100k.csv"), generateSyntheticOhlcv(100_000, 11, "v1"));
  writeFileSync(join(dir, "synthetic-3000.csv"), generateSyntheticOhlcv(3000, 7, "v1"));
  const cases = [
    { name: "BTC.csv (1,005 rows, 3 states)", file: "BTC.csv", flags: ["--backtest", "--prevent-lookahead"], states: 3 },
    { name: "synthetic 3,000 rows, 4 states", file: "synthetic-3000.csv", flags: ["-n", "4", "--backtest"], states: 4 },
    { name: "synthetic 100,000 rows, 3 states", file: "synthetic-100k.csv", flags: ["--backtest"], states: 3 },
  ];
  const rows: string[][] = [["case", "process (tsx) s", "main() s", "features s", "HMM fit s", "EM iters"]];
  for (const c of cases) {
    const csv = join(dir, c.file);
    const runs = c.file.includes("100k") ? 1 : 3;
    const proc = timeIt(runs, () => {
      const r = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "fixtures/hmm-pipeline/main.ts"), csv, ...c.flags], { cwd: ROOT, encoding: "utf8" });
      if (r.status !== 0) throw new Error(`main.ts failed: ${r.stderr}`);
    });
    const inProc = timeIt(runs, () => void main(parseArgs([csv, ...c.flags]), quiet));
    let X = new Float64Array(0);
    let n = 0;
    const feats = timeIt(runs, () => {
      const df = dropna(streamFeatures(csv, 100_000, quiet));
      n = frameLength(df);
      X = featureMatrix(df);
    });
    const scaled = transformStandardScaler(fitStandardScaler(X, n, 11), X, n, 11);
    let iters = 0;
    const fit = timeIt(runs, () => {
      iters = fitGaussianHmm(scaled, n, 11, { nComponents: c.states, nIter: 100, randomState: 42 }).iterations;
    });
    rows.push([c.name, (proc / 1000).toFixed(3), (inProc / 1000).toFixed(3), (feats / 1000).toFixed(3), (fit / 1000).toFixed(3), String(iters)]);
  }
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  for (const r of rows) console.log(r.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join("  "));
  console.log("\nOriginal (README figures): 2.3–4.5 s end to end on BTC.csv; hmmlearn fit ≈0.13 s (BTC, 3 states), ≈0.5 s (3,000 rows, 4 states).");
  console.log("The original cannot be rerun here: hmmlearn is not installable offline on this machine.");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
