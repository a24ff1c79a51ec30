import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main, parseArgs, type MainResult, type RunIo } from "../../fixtures/hmm-pipeline/main.js";
import { compareTableFiles } from "../../src/index.js";

const ORIGINAL = join(__dirname, "../../fixtures/hmm-pipeline/original");
const FLOAT32_FEATURES = new Set(["log_ret", "roc", "hl_ratio"]);
const FLOAT64_FEATURES = new Set([
  "atr",
  "rsi",
  "bb_mavg",
  "bb_high",
  "bb_low",
  "bb_width",
  "bb_position",
  "adx",
  "stoch",
  "stoch_signal",
  "sma_5_ratio",
  "volume_sma",
  "volume_ratio",
]);

interface Table {
  header: string[];
  rows: string[][];
}

function readTable(path: string): Table {
  const lines = readFileSync(path, "utf8").trimEnd().split("\n");
  return { header: lines[0].split(","), rows: lines.slice(1).map((l) => l.split(",")) };
}

function relDiff(a: number, b: number): number {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

/** Cell-by-cell comparison; returns human-readable differences (empty = equivalent). */
function compareTables(
  got: Table,
  want: Table,
  rules: (column: string) => "exact" | "float32" | { rel: number } | { abs: number },
): string[] {
  const diffs: string[] = [];
  if (got.header.join(",") !== want.header.join(","))
    diffs.push(`header: ${got.header.join(",")} != ${want.header.join(",")}`);
  if (got.rows.length !== want.rows.length) diffs.push(`rows: ${got.rows.length} != ${want.rows.length}`);
  const n = Math.min(got.rows.length, want.rows.length);
  for (let i = 0; i < n && diffs.length < 20; i++) {
    want.header.forEach((col, j) => {
      const a = got.rows[i][j];
      const b = want.rows[i][j];
      const rule = j === 0 ? "exact" : rules(col);
      let ok: boolean;
      if (rule === "exact") ok = a === b;
      else if (rule === "float32") ok = Math.fround(Number(a)) === Math.fround(Number(b));
      else if ("rel" in rule) ok = relDiff(Number(a), Number(b)) <= rule.rel;
      else ok = Math.abs(Number(a) - Number(b)) <= rule.abs;
      if (!ok) diffs.push(`row ${i} ${col}: ${a} != ${b}`);
    });
  }
  return diffs;
}

function captureIo(): RunIo & { err: string[] } {
  const err: string[] = [];
  return { err, stdout: () => {}, stderr: (t) => void err.push(t), now: () => new Date(2026, 0, 2, 3, 4, 5, 6) };
}

describe("the port on BTC.csv --backtest --prevent-lookahead (the reference run)", () => {
  let dir: string;
  let result: MainResult;
  let log: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "hmm-ref-"));
    copyFileSync(join(ORIGINAL, "BTC.csv"), join(dir, "BTC.csv"));
    const io = captureIo();
    result = main(parseArgs([join(dir, "BTC.csv"), "--backtest", "--prevent-lookahead"]), io);
    log = io.err.join("");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes BTC.hmm_states.csv equal to the original's cell by cell", () => {
    expect(result.statesPath).toBe(join(dir, "BTC.hmm_states.csv"));
    const got = readTable(result.statesPath);
    const want = readTable(join(ORIGINAL, "BTC.hmm_states.csv"));
    expect(want.rows).toHaveLength(1001);
    const diffs = compareTables(got, want, (col) =>
      FLOAT32_FEATURES.has(col) ? "float32" : FLOAT64_FEATURES.has(col) ? { rel: 1e-9 } : "exact",
    );
    expect(diffs).toEqual([]);
  });

  it("writes BTC.backtest.csv equal to the original's (next_ret within 1e-12)", () => {
    const got = readTable(result.backtestPath!);
    const want = readTable(join(ORIGINAL, "BTC.backtest.csv"));
    expect(want.rows).toHaveLength(1000);
    expect(compareTables(got, want, () => ({ abs: 1e-12 }))).toEqual([]);
  });

  it("graft diff finds both outputs equivalent (float64 features rtol 1e-9, next_ret atol 1e-12, the rest exact)", async () => {
    const states = await compareTableFiles(join(ORIGINAL, "BTC.hmm_states.csv"), result.statesPath, {
      rtol: 0,
      atol: 0,
      columnTolerances: Object.fromEntries([...FLOAT64_FEATURES].map((c) => [c, { rtol: 1e-9 }])),
    });
    expect(states.structure).toEqual([]);
    expect(states.mismatches).toEqual([]);
    expect(states.equal).toBe(true);
    const backtest = await compareTableFiles(join(ORIGINAL, "BTC.backtest.csv"), result.backtestPath!, {
      rtol: 0,
      atol: 1e-12,
    });
    expect(backtest.equal).toBe(true);
  });

  it("is in fact byte-identical to both reference files", () => {
    expect(readFileSync(result.statesPath, "utf8")).toBe(readFileSync(join(ORIGINAL, "BTC.hmm_states.csv"), "utf8"));
    expect(readFileSync(result.backtestPath!, "utf8")).toBe(readFileSync(join(ORIGINAL, "BTC.backtest.csv"), "utf8"));
  });

  it("logs the original's lines with its formats (final equity 0.5770, Sharpe 2.83, drawdown -0.6241)", () => {
    const ts = "2026-01-02 03:04:05,006";
    expect(log).toContain(`${ts} [INFO] Streaming CSV and computing features ...\n`);
    expect(log).toContain(`${ts} [INFO] Features computed. Total rows: 1001\n`);
    expect(log).toContain(`${ts} [INFO] Fitting 3-state Gaussian HMM ...\n`);
    expect(log).toMatch(/\[INFO\] Model converged: (True|False)\n/);
    expect(log).toMatch(/\[INFO\] Log-likelihood: -?\d+\.\d\d\n/);
    expect(log).toContain(`${ts} [INFO] States saved to ${join(dir, "BTC.hmm_states.csv")}\n`);
    expect(log).toContain(`${ts} [INFO] Running backtest ...\n`);
    expect(log).toContain(`${ts} [INFO] Backtest Results:\n`);
    expect(log).toContain(`${ts} [INFO]   Final Equity: 0.5770\n`);
    expect(log).toContain(`${ts} [INFO]   Sharpe Ratio: 2.83\n`);
    expect(log).toContain(`${ts} [INFO]   Max Drawdown: -0.6241\n`);
    expect(log).toContain(`${ts} [INFO] Backtest results saved to ${join(dir, "BTC.backtest.csv")}\n`);
    // hmmlearn's verbose monitor lines: "{iter:>10d} {log_prob:>16.8f} {delta:>+16.8f}"
    expect(log).toMatch(/^ {9}1 +-\d+\.\d{8} {13}\+nan$/m);
  });
});
