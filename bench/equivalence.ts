/**
 * Benchmark of `graft diff` (the built CLI) against pandas.read_csv ×2 + numpy.isclose on the same
 * files: two N-row × 8-float CSVs, the migrated one with a few perturbed cells. Prints wall time and
 * peak memory of each, and the ratio; then graft alone at 5M rows to show memory stays flat.
 * Run: npm run build && npx tsx bench/equivalence.ts [--quick] [--rows 1000000] [--big 5000000] [--no-pandas]
 */
import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, existsSync } from "node:fs";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { createMemoryWatch } from "../src/shared/process-memory.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : Number(args[at + 1]);
};
const isQuick = args.includes("--quick");
const rows = option("--rows", isQuick ? 200_000 : 1_000_000);
const bigRows = option("--big", isQuick ? 1_000_000 : 5_000_000);
const withPandas = !args.includes("--no-pandas");

interface Measured {
  wallMs: number;
  peakBytes: number | null;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command, timing it and polling /proc for the peak memory of its process tree. */
function measure(command: string, argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<Measured> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, argv, { env, stdio: ["ignore", "pipe", "pipe"] });
    const watch = createMemoryWatch(child.pid!);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (code) =>
      resolve({ wallMs: performance.now() - started, peakBytes: watch.stop(), code, stdout, stderr }),
    );
  });
}

/** Writes two CSVs as pandas' to_csv would (index column, repr floats); the migrated one perturbs 5 cells. */
async function writeTables(folder: string, count: number): Promise<[string, string]> {
  const legacy = path.join(folder, `legacy-${count}.csv`);
  const migrated = path.join(folder, `migrated-${count}.csv`);
  const l = createWriteStream(legacy);
  const m = createWriteStream(migrated);
  const header = ",c0,c1,c2,c3,c4,c5,c6,c7\n";
  l.write(header);
  m.write(header);
  let seed = 42;
  const random = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const perturbEvery = Math.floor(count / 5);
  let lb = "";
  let mb = "";
  for (let r = 0; r < count; r++) {
    let ll = String(r);
    let ml = ll;
    for (let c = 0; c < 8; c++) {
      const value = (random() - 0.5) * 10 ** Math.floor(random() * 6);
      ll += "," + value;
      ml += "," + (r % perturbEvery === 7 && c === 3 ? value * (1 + 1e-6) : value);
    }
    lb += ll + "\n";
    mb += ml + "\n";
    if (lb.length > 1 << 20) {
      if (!l.write(lb)) await new Promise<void>((resolve) => l.once("drain", () => resolve()));
      if (!m.write(mb)) await new Promise<void>((resolve) => m.once("drain", () => resolve()));
      lb = "";
      mb = "";
    }
  }
  l.end(lb);
  m.end(mb);
  await Promise.all([
    new Promise<void>((resolve) => l.on("finish", () => resolve())),
    new Promise<void>((resolve) => m.on("finish", () => resolve())),
  ]);
  return [legacy, migrated];
}

/** pandas offline from the machine's wheel index into a temp target (reused between runs). */
function installPandas(): string | null {
  const target = path.join(os.tmpdir(), "graft-bench-pandas");
  const probe = () =>
    spawnSync("python3", ["-c", "import pandas, numpy"], { env: { ...process.env, PYTHONPATH: target } }).status === 0;
  if (existsSync(target) && probe()) return target;
  const install = spawnSync("python3", ["-m", "pip", "install", "--quiet", "--target", target, "pandas"], {
    encoding: "utf8",
  });
  if (install.status !== 0 || !probe()) {
    console.log(
      `note: pandas could not be installed (${(install.stderr || "").trim().split("\n").pop()}); skipping the pandas comparison`,
    );
    return null;
  }
  return target;
}

const pandasScript = `
import sys, time
import numpy as np, pandas as pd
t0 = time.perf_counter()
a = pd.read_csv(sys.argv[1])
b = pd.read_csv(sys.argv[2])
t1 = time.perf_counter()
close = np.isclose(b.to_numpy(dtype=float), a.to_numpy(dtype=float), rtol=1e-10, atol=0.0, equal_nan=True)
t2 = time.perf_counter()
print(f"{int((~close).sum())} {(t1 - t0) * 1000:.0f} {(t2 - t1) * 1000:.0f}")
`;

const mib = (bytes: number | null): string => (bytes === null ? "n/a" : `${(bytes / 1024 / 1024).toFixed(0)} MiB`);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

async function runGraftDiff(legacy: string, migrated: string): Promise<Measured> {
  const result = await measure(process.execPath, [
    path.join(repoRoot, "bin/graft.js"),
    "diff",
    legacy,
    migrated,
    "--json",
    "--max-report",
    "5",
  ]);
  if (result.code !== 1) throw new Error(`graft diff exited ${result.code}: ${result.stderr}`);
  return result;
}

// The same comparison without the CLI's start-up (module loading of every command): the engine alone.
async function runEngine(legacy: string, migrated: string): Promise<Measured> {
  const entry = path.join(repoRoot, "dist/src/equivalence/diff/compare-tables.js");
  const script = `const { compareTableFiles } = await import(${JSON.stringify(entry)}); const r = await compareTableFiles(process.argv[1], process.argv[2], { maxReport: 5 }); console.log(r.mismatchCount);`;
  return measure(process.execPath, ["--input-type=module", "-e", script, legacy, migrated]);
}

async function main(): Promise<void> {
  if (!existsSync(path.join(repoRoot, "dist/src/cli/main.js"))) throw new Error("build first: npm run build");
  const folder = await mkdtemp(path.join(os.tmpdir(), "graft-bench-equivalence-"));
  try {
    console.log(
      `graft diff benchmark: ${rows.toLocaleString("en")} rows × 8 float columns (+ index), 5 perturbed cells`,
    );
    const [legacy, migrated] = await writeTables(folder, rows);
    console.log(`  files: ${mib((await stat(legacy)).size)} each`);
    const startup = await measure(process.execPath, [path.join(repoRoot, "bin/graft.js"), "--version"]);
    const graft = await runGraftDiff(legacy, migrated);
    const report = JSON.parse(graft.stdout) as { mismatchCount: number };
    console.log(
      `  graft diff:           ${seconds(graft.wallMs)} wall, peak ${mib(graft.peakBytes)}, ${report.mismatchCount} mismatches (CLI start-up alone: ${seconds(startup.wallMs)}, peak ${mib(startup.peakBytes)})`,
    );
    const engine = await runEngine(legacy, migrated);
    console.log(
      `  graft diff engine:    ${seconds(engine.wallMs)} wall, peak ${mib(engine.peakBytes)}, ${engine.stdout.trim()} mismatches (compareTableFiles in a bare node process)`,
    );
    if (withPandas) {
      const target = installPandas();
      if (target !== null) {
        const scriptFile = path.join(folder, "pandas_isclose.py");
        await writeFile(scriptFile, pandasScript);
        const pandas = await measure("python3", [scriptFile, legacy, migrated], { ...process.env, PYTHONPATH: target });
        const [mismatches, readMs, iscloseMs] = pandas.stdout.trim().split(" ").map(Number);
        console.log(
          `  pandas + numpy:       ${seconds(pandas.wallMs)} wall (read_csv ×2 ${seconds(readMs)}, isclose ${seconds(iscloseMs)}), peak ${mib(pandas.peakBytes)}, ${mismatches} mismatches`,
        );
        console.log(
          `  ratio pandas / graft: ${(pandas.wallMs / graft.wallMs).toFixed(2)}× CLI, ${(pandas.wallMs / engine.wallMs).toFixed(2)}× engine (target ≥ 2×); peak ${mib(graft.peakBytes)} CLI, ${mib(engine.peakBytes)} engine (target < 150 MiB)`,
        );
      }
    }
    await rm(legacy);
    await rm(migrated);
    if (bigRows > 0) {
      console.log(`memory flatness: ${bigRows.toLocaleString("en")} rows`);
      const [bigLegacy, bigMigrated] = await writeTables(folder, bigRows);
      const big = await runGraftDiff(bigLegacy, bigMigrated);
      console.log(
        `  graft diff:           ${seconds(big.wallMs)} wall, peak ${mib(big.peakBytes)} (vs ${mib(graft.peakBytes)} at ${rows.toLocaleString("en")} rows)`,
      );
      const bigEngine = await runEngine(bigLegacy, bigMigrated);
      console.log(
        `  graft diff engine:    ${seconds(bigEngine.wallMs)} wall, peak ${mib(bigEngine.peakBytes)} (vs ${mib(engine.peakBytes)} at ${rows.toLocaleString("en")} rows)`,
      );
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

await main();
