/**
 * Benchmark of the HMM pipeline port (fixtures/hmm-pipeline/main.ts): `npx tsx bench/hmm.ts`.
 *
 * Reports end-to-end wall time (a fresh `tsx main.ts` process, as `npm run hmm` runs it, and the
 * in-process `main()` alone) on the original's BTC.csv and on a generated 100,000-row file, and
 * the GaussianHMM fit time alone. Not a test: numbers depend on the machine and its load.
 *
 * The original Python pipeline is timed beside it when it can run: set HMM_ORIGINAL_MAIN to a
 * copy of the original main.py and HMM_ORIGINAL_PYTHONPATH to where pandas, scikit-learn,
 * hmmlearn 0.3.3, ta 0.11.0 and tqdm are importable.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
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
import { discardScratch } from "./scratch.js";

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
  copyFileSync(join(ROOT, "fixtures/hmm-pipeline/original/BTC.csv"), join(dir, "BTC.csv"));
  writeFileSync(join(dir, "synthetic-100k.csv"), generateSyntheticOhlcv(100_000, 11, "v1"));
  writeFileSync(join(dir, "synthetic-3000.csv"), generateSyntheticOhlcv(3000, 7, "v1"));
  const cases = [
    {
      name: "BTC.csv (1,005 rows, 3 states)",
      file: "BTC.csv",
      flags: ["--backtest", "--prevent-lookahead"],
      states: 3,
    },
    { name: "synthetic 3,000 rows, 4 states", file: "synthetic-3000.csv", flags: ["-n", "4", "--backtest"], states: 4 },
    { name: "synthetic 100,000 rows, 3 states", file: "synthetic-100k.csv", flags: ["--backtest"], states: 3 },
  ];
  const originalMain = process.env.HMM_ORIGINAL_MAIN;
  const pyEnv = { ...process.env, PYTHONPATH: process.env.HMM_ORIGINAL_PYTHONPATH ?? "" };
  /** Seconds of the original end to end and of its GaussianHMM fit alone, or null when it cannot run. */
  const timeOriginal = (csv: string, flags: string[], states: number): [number, number] | null => {
    if (!originalMain) return null;
    const t0 = performance.now();
    const run = spawnSync("python3", [originalMain, csv, ...flags], { env: pyEnv, encoding: "utf8" });
    if (run.status !== 0) return null;
    const total = (performance.now() - t0) / 1000;
    const script = [
      "import sys, time, importlib.util, logging",
      "spec = importlib.util.spec_from_file_location('orig', sys.argv[1]); m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)",
      "logging.disable(logging.CRITICAL)",
      "from pathlib import Path",
      "df = m.stream_features(Path(sys.argv[2])).dropna()",
      "cols = ['log_ret','atr','roc','rsi','bb_width','bb_position','adx','stoch','sma_5_ratio','hl_ratio','volume_ratio']",
      "X = m.StandardScaler().fit_transform(df[cols].values)",
      "t = time.perf_counter(); m.GaussianHMM(n_components=int(sys.argv[3]), covariance_type='diag', n_iter=100, random_state=42).fit(X); print(time.perf_counter() - t)",
    ].join("\n");
    const fit = spawnSync("python3", ["-c", script, originalMain, csv, String(states)], {
      env: pyEnv,
      encoding: "utf8",
    });
    return fit.status === 0 ? [total, Number(fit.stdout.trim().split("\n").pop())] : [total, NaN];
  };
  const rows: string[][] = [
    ["case", "process (tsx) s", "main() s", "features s", "HMM fit s", "EM iters", "original s", "hmmlearn fit s"],
  ];
  for (const c of cases) {
    const csv = join(dir, c.file);
    const runs = c.file.includes("100k") ? 1 : 3;
    const proc = timeIt(runs, () => {
      const r = spawnSync(
        process.execPath,
        ["--import", "tsx", join(ROOT, "fixtures/hmm-pipeline/main.ts"), csv, ...c.flags],
        { cwd: ROOT, encoding: "utf8" },
      );
      if (r.status !== 0) throw new Error(`main.ts failed: ${r.stderr}`);
    });
    const inProc = timeIt(runs, () => void main(parseArgs([csv, ...c.flags]), quiet));
    let X: Float64Array = new Float64Array(0);
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
    const original = timeOriginal(csv, c.flags, c.states);
    const fmt = (x: number | undefined): string => (x === undefined || Number.isNaN(x) ? "n/a" : x.toFixed(3));
    rows.push([
      c.name,
      (proc / 1000).toFixed(3),
      (inProc / 1000).toFixed(3),
      (feats / 1000).toFixed(3),
      (fit / 1000).toFixed(3),
      String(iters),
      fmt(original?.[0]),
      fmt(original?.[1]),
    ]);
  }
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  for (const r of rows)
    console.log(r.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join("  "));
  console.log(
    "\nOriginal (shared README figures): 2.3–4.5 s end to end on BTC.csv; hmmlearn fit ≈0.13 s (BTC, 3 states), ≈0.5 s (3,000 rows, 4 states).",
  );
  if (!originalMain)
    console.log(
      "Original not timed: set HMM_ORIGINAL_MAIN / HMM_ORIGINAL_PYTHONPATH (hmmlearn is not installable offline; it must be built from source).",
    );
} finally {
  discardScratch(dir);
}
