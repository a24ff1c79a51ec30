/**
 * Benchmark of the HMM pipeline port (fixtures/hmm-pipeline/main.ts) against the original Python program:
 *
 *   npx tsx bench/hmm.ts [--rounds 5] [--rows 100000] [--quick] [--baseline OLD_MAIN_TS]
 *
 * Cases: the original's BTC.csv (`--backtest --prevent-lookahead`) and a generated file of `--rows` bars
 * (`generateSyntheticOhlcv(rows, 11, "v1")`, `-n 3 --backtest`). Each round runs, in an order that rotates
 * from round to round, three fresh processes per case: the port compiled to JavaScript (TypeScript's
 * transpileModule, run by `node`, as a migrated program ships), the port under tsx (as `npm run hmm` runs it),
 * and the original `main.py`; then the HMM fit alone on each side (scaled features in, `GaussianHMM(...).fit`
 * timed, KMeans init included). Reports medians, ratios against the original, peak RSS of each process and
 * the machine's load. Not a test: the numbers depend on the machine and its load.
 *
 * `--baseline` times an earlier version of the port (e.g. `git show REV:fixtures/hmm-pipeline/main.ts > old.ts`),
 * compiled the same way, in the same rounds: before/after figures measured under the same load.
 *
 * The original runs when HMM_ORIGINAL_MAIN points at a copy of its main.py and HMM_ORIGINAL_PYTHONPATH at
 * where pandas, scikit-learn, hmmlearn 0.3.3, ta 0.11.0 and tqdm import from; otherwise only the port runs.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { generateSyntheticOhlcv } from "../fixtures/hmm-pipeline/testdata/generate-synthetic.js";
import { discardScratch } from "./scratch.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PORT_SOURCE = join(ROOT, "fixtures/hmm-pipeline/main.ts");
const TSX_LOADER = join(ROOT, "node_modules/tsx/dist/loader.mjs");
const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : Number(args[at + 1]);
};
const rounds = option("--rounds", args.includes("--quick") ? 1 : 5);
const rows = option("--rows", 100_000);
const baselineAt = args.indexOf("--baseline");
const baselineSource = baselineAt === -1 ? null : args[baselineAt + 1];

/** One timed process: wall seconds, peak RSS in MiB, and the fit figures a fit-alone child printed. */
interface Run {
  seconds: number;
  rssMib: number;
  fitSeconds?: number;
  iterations?: number;
}

/** Records the process's peak RSS at exit, for node children (loaded with --require). */
const RSS_PRELOAD = `process.on("exit", () => require("node:fs").writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));\n`;

/** Runs a python child through a wrapper that times it and reads its peak RSS (getrusage of children). */
const PY_WRAPPER = `
import json, resource, subprocess, sys, time
t = time.perf_counter()
run = subprocess.run(sys.argv[1:], capture_output=True, text=True)
seconds = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "rssKib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "status": run.returncode, "stdout": run.stdout, "stderr": run.stderr[-2000:]}))
`;

/** The original's pipeline up to the scaled features, then its `GaussianHMM.fit` timed alone. */
const PY_FIT = `
import sys, time, json, importlib.util, logging
from pathlib import Path
spec = importlib.util.spec_from_file_location("orig", sys.argv[1]); m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
logging.disable(logging.CRITICAL)
df = m.stream_features(Path(sys.argv[2])).dropna()
cols = ["log_ret", "atr", "roc", "rsi", "bb_width", "bb_position", "adx", "stoch", "sma_5_ratio", "hl_ratio", "volume_ratio"]
X = m.StandardScaler().fit_transform(df[cols].values)
t = time.perf_counter()
model = m.GaussianHMM(n_components=int(sys.argv[3]), covariance_type="diag", n_iter=100, random_state=42).fit(X)
print(json.dumps({"fitSeconds": time.perf_counter() - t, "iterations": model.monitor_.iter}))
`;

/** The port's pipeline up to the scaled features, then `fitGaussianHmm` timed alone (compiled module). */
const PORT_FIT = `
import { dropna, featureMatrix, fitGaussianHmm, fitStandardScaler, frameLength, streamFeatures, transformStandardScaler } from "./main.mjs";
const [csv, states] = process.argv.slice(2);
const quiet = { stdout: () => {}, stderr: () => {}, now: () => new Date() };
const df = dropna(streamFeatures(csv, 100000, quiet));
const n = frameLength(df);
const X = featureMatrix(df);
const scaled = transformStandardScaler(fitStandardScaler(X, n, 11), X, n, 11);
const t = performance.now();
const fit = fitGaussianHmm(scaled, n, 11, { nComponents: Number(states), nIter: 100, randomState: 42 });
console.log(JSON.stringify({ fitSeconds: (performance.now() - t) / 1000, iterations: fit.iterations }));
`;

function median(xs: number[]): number {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Runs a node child with the RSS preload; `cwd` is where the pipeline writes its outputs. */
function runNode(work: string, nodeArgs: string[], cwd: string): Run {
  const rssFile = join(work, `rss-${process.hrtime.bigint()}.txt`);
  const started = performance.now();
  const child = spawnSync(process.execPath, ["--require", join(work, "rss-preload.cjs"), ...nodeArgs], {
    cwd,
    env: { ...process.env, BENCH_RSS_FILE: rssFile },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (performance.now() - started) / 1000;
  if (child.status !== 0)
    throw new Error(`node ${nodeArgs.join(" ")} failed (${child.status}): ${child.stderr.slice(-2000)}`);
  const rssMib = existsSync(rssFile) ? Number(readFileSync(rssFile, "utf8")) / 1024 : NaN;
  const last = child.stdout.trim().split("\n").pop() ?? "";
  return { seconds, rssMib, ...(last.startsWith("{") ? (JSON.parse(last) as object) : {}) };
}

/** Runs a python child through the timing wrapper, with the original's packages importable. */
function runPython(pyArgs: string[], cwd: string): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONPATH: process.env.HMM_ORIGINAL_PYTHONPATH ?? "" };
  // Some machines set these for old OpenBLAS builds; they slow a current numpy, so the original runs without them.
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const child = spawnSync("python3", ["-c", PY_WRAPPER, "python3", ...pyArgs], { cwd, env, encoding: "utf8" });
  if (child.status !== 0) throw new Error(`python wrapper failed: ${child.stderr.slice(-2000)}`);
  const r = JSON.parse(child.stdout.trim()) as {
    seconds: number;
    rssKib: number;
    status: number;
    stdout: string;
    stderr: string;
  };
  if (r.status !== 0) throw new Error(`python3 ${pyArgs.join(" ")} failed (${r.status}): ${r.stderr}`);
  const last = r.stdout.trim().split("\n").pop() ?? "";
  return { seconds: r.seconds, rssMib: r.rssKib / 1024, ...(last.startsWith("{") ? (JSON.parse(last) as object) : {}) };
}

/** Whether two tools wrote the same bytes for every output of a case. */
function sameOutputs(dirA: string, dirB: string, stem: string, backtest: boolean): boolean {
  const files = [`${stem}.hmm_states.csv`, ...(backtest ? [`${stem}.backtest.csv`] : [])];
  return files.every((f) => readFileSync(join(dirA, f)).equals(readFileSync(join(dirB, f))));
}

const fmt = (x: number, digits = 3): string => (Number.isNaN(x) ? "n/a" : x.toFixed(digits));
const ratio = (a: number, b: number): string => (Number.isNaN(a) || Number.isNaN(b) ? "n/a" : `${(a / b).toFixed(2)}×`);
const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");

const work = mkdtempSync(join(tmpdir(), "hmm-bench-"));
try {
  writeFileSync(join(work, "rss-preload.cjs"), RSS_PRELOAD);
  // The port compiled as a migrated program ships: types stripped, one ES module, run by node.
  const compile = (source: string): string =>
    ts.transpileModule(readFileSync(source, "utf8"), {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    }).outputText;
  const tools = ["port", "tsx", "original", "baseline"] as const;
  for (const tool of tools) mkdirSync(join(work, tool));
  writeFileSync(join(work, "port/main.mjs"), compile(PORT_SOURCE));
  if (baselineSource) writeFileSync(join(work, "baseline/main.mjs"), compile(baselineSource));
  writeFileSync(join(work, "port/fit.mjs"), PORT_FIT);
  writeFileSync(join(work, "original/fit.py"), PY_FIT);
  const inputs: Record<string, string> = {
    "BTC.csv": readFileSync(join(ROOT, "fixtures/hmm-pipeline/original/BTC.csv"), "utf8"),
    [`synthetic-${rows}.csv`]: generateSyntheticOhlcv(rows, 11, "v1"),
  };
  for (const tool of tools)
    for (const [name, text] of Object.entries(inputs)) writeFileSync(join(work, tool, name), text);
  const originalMain = process.env.HMM_ORIGINAL_MAIN;
  const withOriginal = originalMain !== undefined && existsSync(originalMain);
  if (withOriginal) copyFileSync(originalMain, join(work, "original/main.py"));
  const cases = [
    { name: "BTC.csv (1,005 bars)", file: "BTC.csv", flags: ["--backtest", "--prevent-lookahead"], states: 3 },
    {
      name: `synthetic ${rows.toLocaleString("en-US")} bars`,
      file: `synthetic-${rows}.csv`,
      flags: ["-n", "3", "--backtest"],
      states: 3,
    },
  ];
  const loadBefore = load();
  console.log(`HMM port vs original: ${rounds} alternating round(s); load average before: ${loadBefore}`);
  const table: string[][] = [
    [
      "case",
      "port node s",
      "port tsx s",
      "original s",
      "node vs orig",
      "port fit s",
      "hmmlearn fit s",
      "fit vs hmmlearn",
      "port MiB",
      "tsx MiB",
      "original MiB",
      "same outputs",
      ...(baselineSource ? ["baseline s", "baseline MiB", "port vs baseline"] : []),
    ],
  ];
  for (const c of cases) {
    const runs: Record<string, Run[]> = { port: [], tsx: [], original: [], portFit: [], originalFit: [], baseline: [] };
    const stem = c.file.replace(/\.csv$/, "");
    const jobs: [keyof typeof runs, () => Run][] = [
      ["port", () => runNode(work, [join(work, "port/main.mjs"), c.file, ...c.flags], join(work, "port"))],
      ["tsx", () => runNode(work, ["--import", TSX_LOADER, PORT_SOURCE, c.file, ...c.flags], join(work, "tsx"))],
      ["portFit", () => runNode(work, [join(work, "port/fit.mjs"), c.file, String(c.states)], join(work, "port"))],
    ];
    if (baselineSource)
      jobs.push([
        "baseline",
        () => runNode(work, [join(work, "baseline/main.mjs"), c.file, ...c.flags], join(work, "baseline")),
      ]);
    if (withOriginal) {
      jobs.push(["original", () => runPython(["main.py", c.file, ...c.flags], join(work, "original"))]);
      jobs.push([
        "originalFit",
        () => runPython(["fit.py", "main.py", c.file, String(c.states)], join(work, "original")),
      ]);
    }
    for (let round = 0; round < rounds; round++) {
      // Rotate the order so no tool always runs first (the load here drifts within minutes).
      for (let k = 0; k < jobs.length; k++) {
        const [key, job] = jobs[(k + round) % jobs.length];
        runs[key].push(job());
      }
    }
    const med = (key: string, field: "seconds" | "rssMib" | "fitSeconds"): number =>
      median(runs[key].map((r) => r[field] ?? NaN));
    const portIters = runs.portFit[0]?.iterations;
    const origIters = runs.originalFit[0]?.iterations;
    if (withOriginal && portIters !== origIters)
      console.log(`note: ${c.name}: the port's fit ran ${portIters} EM iterations, hmmlearn's ${origIters}`);
    table.push([
      c.name,
      fmt(med("port", "seconds")),
      fmt(med("tsx", "seconds")),
      fmt(med("original", "seconds")),
      ratio(med("original", "seconds"), med("port", "seconds")),
      fmt(med("portFit", "fitSeconds")),
      fmt(med("originalFit", "fitSeconds")),
      ratio(med("originalFit", "fitSeconds"), med("portFit", "fitSeconds")),
      fmt(med("port", "rssMib"), 0),
      fmt(med("tsx", "rssMib"), 0),
      fmt(med("original", "rssMib"), 0),
      withOriginal ? (sameOutputs(join(work, "port"), join(work, "original"), stem, true) ? "yes" : "NO") : "n/a",
      ...(baselineSource
        ? [
            fmt(med("baseline", "seconds")),
            fmt(med("baseline", "rssMib"), 0),
            ratio(med("baseline", "seconds"), med("port", "seconds")),
          ]
        : []),
    ]);
  }
  const widths = table[0].map((_, j) => Math.max(...table.map((r) => r[j].length)));
  for (const r of table)
    console.log(r.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join("  "));
  console.log(`(medians of ${rounds}; "vs" = original time / port time; load average after: ${load()})`);
  if (!withOriginal)
    console.log(
      "Original not timed: set HMM_ORIGINAL_MAIN (its main.py) and HMM_ORIGINAL_PYTHONPATH (pandas, scikit-learn, hmmlearn 0.3.3 built from source, ta 0.11.0, tqdm).",
    );
} finally {
  discardScratch(work);
}
