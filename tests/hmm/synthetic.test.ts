import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main, parseArgs } from "../../fixtures/hmm-pipeline/main.js";
import { generateSyntheticOhlcv } from "../../fixtures/hmm-pipeline/testdata/generate-synthetic.js";

const TESTDATA = join(__dirname, "../../fixtures/hmm-pipeline/testdata");

interface Recorded {
  flags: string[];
  rows: number;
  states: string;
  logLines: string[];
  iterations: number;
  hmmStatesSha256: string;
  backtestSha256: string;
  /** The same run of the original main.py, where it could be run. */
  original?: { hmmStatesSha256: string; backtestSha256: string };
}
const RECORDED = JSON.parse(readFileSync(join(TESTDATA, "synthetic-3000.regression.json"), "utf8")) as Recorded[];

describe("synthetic multi-regime fixture", () => {
  it("is what the seeded generator produces (3,000 bars, seed 7, V1)", () => {
    expect(generateSyntheticOhlcv(3000, 7, "v1")).toBe(readFileSync(join(TESTDATA, "synthetic-3000.csv"), "utf8"));
  });

  describe.each(RECORDED.map((r) => [r.flags.join(" "), r] as const))(
    "the port with %s (regression record)",
    (_, rec) => {
      let dir: string;
      let log = "";
      let result: ReturnType<typeof main>;
      beforeAll(() => {
        dir = mkdtempSync(join(tmpdir(), "hmm-syn-"));
        copyFileSync(join(TESTDATA, "synthetic-3000.csv"), join(dir, "synthetic-3000.csv"));
        result = main(parseArgs([join(dir, "synthetic-3000.csv"), ...rec.flags]), {
          stdout: () => {},
          stderr: (t) => void (log += t),
          now: () => new Date(),
        });
      });
      afterAll(() => rmSync(dir, { recursive: true, force: true }));

      it("decodes the recorded state sequence", () => {
        expect(result.states).toHaveLength(rec.rows);
        expect(Array.from(result.states).join("")).toBe(rec.states);
      });

      it("logs the recorded convergence and backtest figures", () => {
        const lines = log
          .split("\n")
          .filter((l) => /Model converged|Log-likelihood|Final Equity|Sharpe Ratio|Max Drawdown/.test(l))
          .map((l) => l.replace(/^.*\[INFO\] /, ""));
        expect(lines).toEqual(rec.logLines);
        expect(log.split("\n").filter((l) => /^ {5,}\d+ /.test(l))).toHaveLength(rec.iterations);
      });

      it("writes the recorded output files, which are the original main.py's outputs byte for byte", () => {
        const sha = (p: string): string => createHash("sha256").update(readFileSync(p)).digest("hex");
        expect(sha(result.statesPath)).toBe(rec.hmmStatesSha256);
        expect(sha(result.backtestPath!)).toBe(rec.backtestSha256);
        expect(rec.original).toEqual({
          note: expect.any(String),
          hmmStatesSha256: rec.hmmStatesSha256,
          backtestSha256: rec.backtestSha256,
        });
      });
    },
  );
});
