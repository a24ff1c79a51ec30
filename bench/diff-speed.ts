/**
 * `graft diff` speed against pandas.read_csv ×2 + numpy.isclose, in alternating rounds:
 *  - two 1M-row × 8-float CSVs (~150 MB each) where every cell differs within tolerance (the parse-and-compare
 *    path; identical rows would be byte-compared), plus graft alone on the first quarter to show memory is flat, and
 *    on one thread (`--no-parallel`; by default a file this large is compared on two);
 *  - the same with every migrated value off by the same relative 1e-12 (a systematic offset), against pandas too;
 *  - two 10-row CSVs of 100k and 20k float columns (identical files: the cost per column must be linear).
 * Prints medians of wall and CPU time (user+sys), the ratio, peak RSS, and the load average.
 * Targets (issue 17): ≥ 2× faster than pandas, ≤ 150 MB flat; 100k columns ≤ 2 s.
 * Usage: npm run build && npm run bench -- --only diff-speed [--quick] [--rounds 3] [--rows 1000000] [--columns 100000]
 */
import { spawnSync } from "node:child_process";
import { createReadStream, createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : Number(args[at + 1]);
};
const isQuick = args.includes("--quick");
const rounds = option("--rounds", 3);
const rows = option("--rows", isQuick ? 200_000 : 1_000_000);
const wideColumns = option("--columns", isQuick ? 20_000 : 100_000);
const timeBinary = "/usr/bin/time";

interface Run {
  wallMs: number;
  cpuMs: number;
  peakMiB: number;
  code: number;
  stdout: string;
}

/** Runs a command under /usr/bin/time: wall, user+sys and the peak RSS (kernel's maxrss, no sampling gaps). */
function measure(command: string, argv: string[], folder: string): Run {
  const report = path.join(folder, "time.txt");
  const result = spawnSync(timeBinary, ["-f", "%e %U %S %M", "-o", report, command, ...argv], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  const [wall, user, sys, kib] = readFileSync(report, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
  return {
    wallMs: wall * 1000,
    cpuMs: (user + sys) * 1000,
    peakMiB: kib / 1024,
    code: result.status ?? -1,
    stdout: result.stdout,
  };
}

/** A small seeded generator, so every run compares the same files. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

// A pool of values as written by repr (17 significant digits or fewer), each with a migrated twin that differs
// by about 1e-13 relative (within the default rtol 1e-10), or by exactly `offset` relative when given (a
// systematic offset): rows are assembled from the pool so writing stays cheap.
function valuePool(size: number, offset?: number): { legacy: string[]; migrated: string[] } {
  const random = randomSource(42);
  const legacy: string[] = [];
  const migrated: string[] = [];
  while (legacy.length < size) {
    const value = (random() - 0.5) * 10 ** Math.floor(random() * 6 - 1);
    const twin = value * (1 + (offset ?? (random() - 0.5) * 2e-13));
    if (String(twin) === String(value)) continue;
    legacy.push(String(value));
    migrated.push(String(twin));
  }
  return { legacy, migrated };
}

async function writeLines(file: string, lines: (write: (text: string) => Promise<void>) => Promise<void>) {
  const stream = createWriteStream(file);
  await lines(async (text) => {
    if (!stream.write(text)) await new Promise<void>((resolve) => stream.once("drain", () => resolve()));
  });
  await new Promise<void>((resolve, reject) =>
    stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

/** Two `count` × 8 CSVs where every cell of the migrated one differs within tolerance (see valuePool for `offset`). */
async function writeRowPair(folder: string, count: number, offset?: number): Promise<[string, string]> {
  const pool = valuePool(1 << 16, offset);
  const random = randomSource(7);
  const suffix = offset === undefined ? "" : "-offset";
  const legacy = path.join(folder, `legacy-${count}${suffix}.csv`);
  const migrated = path.join(folder, `migrated-${count}${suffix}.csv`);
  const header = "c0,c1,c2,c3,c4,c5,c6,c7\n";
  const picks = new Uint16Array(8 * 4096);
  const block = (side: string[], from: number, to: number): string => {
    let text = "";
    for (let r = from; r < to; r++) {
      const base = 8 * (r - from);
      for (let c = 0; c < 8; c++) text += side[picks[base + c]] + (c === 7 ? "\n" : ",");
    }
    return text;
  };
  const l = createWriteStream(legacy);
  const m = createWriteStream(migrated);
  const write = async (stream: ReturnType<typeof createWriteStream>, text: string) => {
    if (!stream.write(text)) await new Promise<void>((resolve) => stream.once("drain", () => resolve()));
  };
  await write(l, header);
  await write(m, header);
  for (let from = 0; from < count; from += 4096) {
    const to = Math.min(count, from + 4096);
    for (let k = 0; k < 8 * (to - from); k++) picks[k] = Math.floor(random() * 65536);
    await write(l, block(pool.legacy, from, to));
    await write(m, block(pool.migrated, from, to));
  }
  await Promise.all(
    [l, m].map((s) => new Promise<void>((resolve, reject) => s.end((e?: Error | null) => (e ? reject(e) : resolve())))),
  );
  return [legacy, migrated];
}

/** The header and the first `count` rows of `file`, into `target`. */
async function writeHead(file: string, target: string, count: number): Promise<void> {
  const out = createWriteStream(target);
  let lines = -1;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let cut = chunk.length;
    for (let i = 0; i < chunk.length; i++) {
      if (chunk[i] === 0x0a && ++lines === count) {
        cut = i + 1;
        break;
      }
    }
    if (!out.write(chunk.subarray(0, cut))) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
    if (lines >= count) break;
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

/** Two identical 10-row CSVs of `columns` float columns. */
async function writeWidePair(folder: string, columns: number): Promise<[string, string]> {
  const pool = valuePool(4096);
  const random = randomSource(9);
  const file = path.join(folder, `wide-${columns}.csv`);
  await writeLines(file, async (write) => {
    await write(`${Array.from({ length: columns }, (_, c) => `c${c}`).join(",")}\n`);
    for (let r = 0; r < 10; r++) {
      const cells: string[] = [];
      for (let c = 0; c < columns; c++) cells.push(pool.legacy[Math.floor(random() * 4096)]);
      await write(`${cells.join(",")}\n`);
    }
  });
  const twin = path.join(folder, `wide-${columns}-copy.csv`);
  await writeHead(file, twin, 10);
  return [file, twin];
}

const pandasScript = `
import sys
import numpy as np, pandas as pd
a = pd.read_csv(sys.argv[1])
b = pd.read_csv(sys.argv[2])
close = np.isclose(b.to_numpy(dtype=float), a.to_numpy(dtype=float), rtol=1e-10, atol=0.0, equal_nan=True)
print(int((~close).sum()))
`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function summary(runs: Run[]): { wall: number; cpu: number; peak: number } {
  return {
    wall: median(runs.map((r) => r.wallMs)),
    cpu: median(runs.map((r) => r.cpuMs)),
    peak: Math.max(...runs.map((r) => r.peakMiB)),
  };
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const load = (): string =>
  os
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(", ");

function line(name: string, s: { wall: number; cpu: number; peak: number }): string {
  return `  ${name.padEnd(26)} wall ${seconds(s.wall).padStart(8)}  cpu ${seconds(s.cpu).padStart(8)}  peak ${s.peak.toFixed(0).padStart(4)} MiB`;
}

function graftDiff(legacy: string, migrated: string, folder: string, flags: string[] = []): Run {
  const run = measure(process.execPath, [path.join(root, "bin/graft.js"), "diff", legacy, migrated, ...flags], folder);
  if (run.code !== 0) throw new Error(`graft diff exited ${run.code} (expected 0: equal within tolerance)`);
  return run;
}

/** pandas.read_csv ×2 + numpy.isclose on the pair, which must find every row equal within tolerance. */
function pandasIsclose(script: string, legacy: string, migrated: string, folder: string): Run {
  const run = measure("python3", [script, legacy, migrated], folder);
  if (run.code !== 0 || run.stdout.trim() !== "0") throw new Error(`pandas run failed: ${run.stdout}`);
  return run;
}

function main(): Promise<void> | void {
  if (!existsSync(path.join(root, "dist/src/cli/main.js"))) throw new Error("build first: npm run build");
  if (!existsSync(timeBinary)) {
    console.log(`${timeBinary} is missing (apt-get install time): it measures CPU time and peak RSS; skipping`);
    return;
  }
  const hasPandas = spawnSync("python3", ["-c", "import pandas, numpy"]).status === 0;
  if (!hasPandas)
    console.log("pandas is missing: `pip install pandas` (from the local wheel index); timing graft alone");
  const folder = mkdtempSync(path.join(os.tmpdir(), "graft-bench-diff-speed-"));
  return (async () => {
    try {
      console.log(`load average at start: ${load()} (${os.cpus().length} cores)`);
      const [legacy, migrated] = await writeRowPair(folder, rows);
      const quarter = Math.floor(rows / 4);
      const quarterLegacy = path.join(folder, "legacy-quarter.csv");
      const quarterMigrated = path.join(folder, "migrated-quarter.csv");
      await writeHead(legacy, quarterLegacy, quarter);
      await writeHead(migrated, quarterMigrated, quarter);
      const script = path.join(folder, "pandas_isclose.py");
      await writeLines(script, (write) => write(pandasScript));
      const mb = (file: string) => `${(statSync(file).size / 1e6).toFixed(0)} MB`;
      console.log(
        `\n${rows.toLocaleString("en")} rows × 8 floats, every cell different within rtol 1e-10 (${mb(legacy)} each), ${rounds} alternating rounds`,
      );
      const graft: Run[] = [];
      const graftQuarter: Run[] = [];
      const graftOneThread: Run[] = [];
      const pandas: Run[] = [];
      for (let round = 0; round < rounds; round++) {
        graft.push(graftDiff(legacy, migrated, folder));
        if (hasPandas) pandas.push(pandasIsclose(script, legacy, migrated, folder));
        graftQuarter.push(graftDiff(quarterLegacy, quarterMigrated, folder));
        graftOneThread.push(graftDiff(legacy, migrated, folder, ["--no-parallel"]));
      }
      const g = summary(graft);
      console.log(line("graft diff", g));
      console.log(line(`graft diff, ${quarter.toLocaleString("en")} rows`, summary(graftQuarter)));
      // The default compares a file this large on two threads; pandas uses one.
      console.log(line("graft diff --no-parallel", summary(graftOneThread)));
      if (hasPandas) {
        const p = summary(pandas);
        console.log(line("pandas read_csv×2+isclose", p));
        const verdict = p.wall / g.wall >= 2 ? "✓" : "✗";
        console.log(
          `  ratio pandas / graft: ${(p.wall / g.wall).toFixed(2)}× wall, ${(p.cpu / g.cpu).toFixed(2)}× cpu (target ≥ 2× ${verdict}); peak ${g.peak.toFixed(0)} MiB (target ≤ 150 ${g.peak <= 150 ? "✓" : "✗"})`,
        );
      }
      rmSync(legacy);
      rmSync(migrated);

      // Not the target's case, but one a migration produces: a constant computed in another order puts every value
      // off by the same relative amount, so every pair's error sits next to the column's largest (the row walk's
      // exact-first mode, tally-plain-rows.ts).
      const [offsetLegacy, offsetMigrated] = await writeRowPair(folder, rows, 1e-12);
      console.log(
        `\n${rows.toLocaleString("en")} rows × 8 floats, every value × (1 + 1e-12) (a systematic offset), ${rounds} alternating rounds`,
      );
      const offsetGraft: Run[] = [];
      const offsetPandas: Run[] = [];
      for (let round = 0; round < rounds; round++) {
        offsetGraft.push(graftDiff(offsetLegacy, offsetMigrated, folder));
        if (hasPandas) offsetPandas.push(pandasIsclose(script, offsetLegacy, offsetMigrated, folder));
      }
      const og = summary(offsetGraft);
      console.log(line("graft diff", og));
      if (hasPandas) {
        const op = summary(offsetPandas);
        console.log(line("pandas read_csv×2+isclose", op));
        console.log(
          `  ratio pandas / graft: ${(op.wall / og.wall).toFixed(2)}× wall, ${(op.cpu / og.cpu).toFixed(2)}× cpu (not a target case)`,
        );
      }
      rmSync(offsetLegacy);
      rmSync(offsetMigrated);

      const [wide, wideCopy] = await writeWidePair(folder, wideColumns);
      const narrowColumns = Math.floor(wideColumns / 5);
      const [narrow, narrowCopy] = await writeWidePair(folder, narrowColumns);
      console.log(
        `\n10 rows × ${wideColumns.toLocaleString("en")} and × ${narrowColumns.toLocaleString("en")} float columns, identical files, ${rounds} alternating rounds`,
      );
      // A one-cell table: the CLI's start-up and fixed costs, subtracted to see how the rest scales.
      const [tiny, tinyCopy] = await writeWidePair(folder, 1);
      const wideRuns: Run[] = [];
      const narrowRuns: Run[] = [];
      const tinyRuns: Run[] = [];
      for (let round = 0; round < rounds; round++) {
        wideRuns.push(graftDiff(wide, wideCopy, folder));
        narrowRuns.push(graftDiff(narrow, narrowCopy, folder));
        tinyRuns.push(graftDiff(tiny, tinyCopy, folder));
      }
      const w = summary(wideRuns);
      const n = summary(narrowRuns);
      const t = summary(tinyRuns);
      console.log(line(`graft diff, ${wideColumns.toLocaleString("en")} columns`, w));
      console.log(line(`graft diff, ${narrowColumns.toLocaleString("en")} columns`, n));
      console.log(line("graft diff, 1 column", t));
      console.log(
        `  above the 1-column run: ${seconds(w.cpu - t.cpu)} cpu for ${wideColumns.toLocaleString("en")} columns, ${seconds(n.cpu - t.cpu)} for ${narrowColumns.toLocaleString("en")} (${((w.cpu - t.cpu) / (n.cpu - t.cpu)).toFixed(1)}× for 5× the columns: linear ≈ 5×); ${seconds(w.wall)} wall (target ≤ 2 s ${w.wall <= 2000 ? "✓" : "✗"})`,
      );
      console.log(`load average at end: ${load()}`);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  })();
}

await main();
