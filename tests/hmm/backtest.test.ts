import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  floatColumn,
  main,
  parseArgs,
  perfMetrics,
  seriesToCsv,
  simpleBacktest,
  type Frame,
} from "../../fixtures/hmm-pipeline/main.js";

const TESTDATA = join(__dirname, "../../fixtures/hmm-pipeline/testdata");
const ORIGINAL = join(__dirname, "../../fixtures/hmm-pipeline/original");

function frameOfLogReturns(logRet: number[]): Frame {
  return {
    index: Float64Array.from(logRet, (_, i) => i),
    columns: [floatColumn("log_ret", "float32", Float64Array.from(logRet, Math.fround))],
  };
}

describe("simple_backtest and perf_metrics", () => {
  it("goes long in state 0, short in state 2, flat otherwise, on the next bar's return", () => {
    const bt = simpleBacktest(frameOfLogReturns([0.5, 0.25, -0.5, 0.125]), Int32Array.of(0, 2, 1, 0));
    // pnl = [+0.25, -(-0.5), 0 * 0.125, NaN] → the last row drops
    expect(Array.from(bt.index)).toEqual([0, 1, 2]);
    expect(Array.from(bt.values)).toEqual([0.25, 0.75, 0.75]);
    expect(bt.name).toBe("next_ret");
  });

  it("keeps numpy's signed zero: a flat first bar before a falling one prints -0.0", () => {
    const bt = simpleBacktest(frameOfLogReturns([0.1, -0.25, 0.5]), Int32Array.of(1, 1, 0));
    expect(seriesToCsv(bt)).toBe(",next_ret\n0,-0.0\n1,0.0\n");
  });

  it("Sharpe = mean/std(ddof=1) of the changes × √(252·78); drawdown = min(equity − running max)", () => {
    const values = Float64Array.of(0, 1, 0.5, 2, 1);
    const { sharpe, maxDrawdown } = perfMetrics({ name: "next_ret", index: Float64Array.of(0, 1, 2, 3, 4), values });
    const r = [1, -0.5, 1.5, -1];
    const mean = r.reduce((a, b) => a + b) / 4;
    const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / 3);
    expect(sharpe).toBeCloseTo((mean / sd) * Math.sqrt(252 * 78), 10);
    expect(maxDrawdown).toBe(-1);
    expect(Number.isNaN(perfMetrics({ name: "x", index: Float64Array.of(0), values: Float64Array.of(1) }).sharpe)).toBe(
      true,
    );
  });
});

interface CrossCheck {
  input: string;
  flags: string[];
  hmmStatesSha256: string;
  backtestSha256: string;
  logLines: string[];
}
const CROSS = JSON.parse(readFileSync(join(TESTDATA, "original-crosscheck.json"), "utf8")) as { runs: CrossCheck[] };

describe.each(CROSS.runs.map((r) => [`${r.input} ${r.flags.join(" ")}`, r] as const))(
  "the original main.py's outputs for %s",
  (_, run) => {
    let dir: string;
    let log = "";
    let result: ReturnType<typeof main>;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), "hmm-xc-"));
      const src = run.input === "BTC.csv" ? join(ORIGINAL, "BTC.csv") : join(TESTDATA, run.input);
      copyFileSync(src, join(dir, run.input));
      result = main(parseArgs([join(dir, run.input), ...run.flags]), {
        stdout: () => {},
        stderr: (t) => void (log += t),
        now: () => new Date(),
      });
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("are reproduced byte for byte, with the same logged figures", () => {
      const sha = (p: string): string => createHash("sha256").update(readFileSync(p)).digest("hex");
      expect(sha(result.statesPath)).toBe(run.hmmStatesSha256);
      expect(sha(result.backtestPath!)).toBe(run.backtestSha256);
      const lines = log
        .split("\n")
        .filter((l) => /Model converged|Log-likelihood|Final Equity|Sharpe Ratio|Max Drawdown/.test(l))
        .map((l) => l.replace(/^.*\[INFO\] /, ""));
      expect(lines).toEqual(run.logLines);
    });
  },
);
