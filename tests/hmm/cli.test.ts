import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ArgparseExit, main, modelFromJson, parseArgs, runCli, type RunIo } from "../../fixtures/hmm-pipeline/main.js";

const TESTDATA = join(__dirname, "../../fixtures/hmm-pipeline/testdata");
const ORIGINAL = join(__dirname, "../../fixtures/hmm-pipeline/original");

interface Captured extends RunIo {
  out: string;
  err: string;
}
function captureIo(): Captured {
  const io: Captured = {
    out: "",
    err: "",
    stdout: (t) => void (io.out += t),
    stderr: (t) => void (io.err += t),
    now: () => new Date(2026, 0, 1),
  };
  return io;
}

/** Python 3.11 argparse driven with the original's parser definition (prog "main.py", 80 columns). */
const ARGPARSE = JSON.parse(readFileSync(join(TESTDATA, "argparse-cases.json"), "utf8")) as {
  argv: string[];
  code: number | null;
  stdout: string;
  stderr: string;
  args: Record<string, unknown> | null;
}[];

describe("argparse semantics", () => {
  it.each(ARGPARSE.map((c) => [c.argv.join(" ") || "(no arguments)", c] as const))("%s", (_, c) => {
    let got: { code: number | null; stdout: string; stderr: string; args: unknown };
    try {
      got = { code: null, stdout: "", stderr: "", args: parseArgs(c.argv, "main.py", 80) };
    } catch (e) {
      if (!(e instanceof ArgparseExit)) throw e;
      got = { code: e.code, stdout: e.stdout, stderr: e.stderr, args: null };
    }
    expect(got).toEqual({ code: c.code, stdout: c.stdout, stderr: c.stderr, args: c.args });
  });

  it("runCli prints argparse errors and returns exit status 2", () => {
    const io = captureIo();
    expect(runCli(["x.csv", "-n", "abc"], io, "main.py")).toBe(2);
    expect(io.err).toMatch(/^usage: main\.py \[-h\]/);
    expect(io.err.endsWith("main.py: error: argument -n/--n_states: invalid int value: 'abc'\n")).toBe(true);
    const help = captureIo();
    expect(runCli(["--help"], help, "main.py")).toBe(0);
    expect(help.out).toContain("Train HMM on huge futures CSV");
  });
});

describe("main's validation errors", () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "hmm-cli-"))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    [["x.csv", "-n", "0"], "ValueError: Number of states must be positive"],
    [["x.csv", "-i", "-1"], "ValueError: Max iterations must be positive"],
    [["x.csv", "--chunksize", "0"], "ValueError: Chunk size must be positive"],
    [["./nowhere//x.csv"], "FileNotFoundError: CSV file not found: nowhere/x.csv"],
  ])("%j fails with %s and exit status 1", (argv, message) => {
    const io = captureIo();
    expect(runCli(argv, io, "main.py")).toBe(1);
    expect(io.err).toContain(`\n${message}\n`);
  });

  it("rejects a CSV in neither layout, logging the original's message", () => {
    const csv = join(dir, "bad.csv");
    writeFileSync(csv, "Time,Open,High,Low,Close\n1,2,3,4,5\n");
    const io = captureIo();
    expect(runCli([csv], io, "main.py")).toBe(1);
    const msg =
      "Missing required columns in CSV. Tried both formats. V1 missing: ['DateTime', 'Volume'], V2 missing: ['Date', 'Last', 'Volume']";
    expect(io.err).toContain(`[ERROR] Failed to validate CSV format: ${msg}\n`);
    expect(io.err).toContain(`ValueError: ${msg}\n`);
  });

  it("fails like the original on a final chunk too short for ADX (4 rows)", () => {
    const io = captureIo();
    expect(runCli([join(TESTDATA, "edge-cases.v1.csv"), "--chunksize", "12"], io, "main.py")).toBe(1);
    expect(io.err).toContain("[ERROR] Failed to process chunk: index 3 is out of bounds for axis 0 with size 2\n");
  });

  it("reports too little data for the requested states", () => {
    const csv = join(dir, "tiny.csv");
    writeFileSync(
      csv,
      readFileSync(join(TESTDATA, "synthetic-3000.csv"), "utf8").split("\n").slice(0, 8).join("\n") + "\n",
    );
    const io = captureIo();
    expect(runCli([csv, "-n", "4"], io, "main.py")).toBe(1);
    expect(io.err).toContain("ValueError: Insufficient data (3 rows) for 4 states\n");
  });
});

describe("--model-out / --model-path and --plot", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "hmm-model-"));
    copyFileSync(join(ORIGINAL, "BTC.csv"), join(dir, "BTC.csv"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("saves the fitted model as JSON, and loading it reproduces the states without refitting", () => {
    const csv = join(dir, "BTC.csv");
    const modelPath = join(dir, "model.json");
    const first = main(parseArgs([csv, "--model-out", modelPath]), captureIo());
    const saved = JSON.parse(readFileSync(modelPath, "utf8"));
    expect(saved.format).toBe("graft-hmm-pipeline/model");
    expect(saved.model.transmat).toHaveLength(3);
    expect(saved.featureColumns).toHaveLength(11);
    const loaded = modelFromJson(readFileSync(modelPath, "utf8"));
    expect(Array.from(loaded.model.means)).toEqual(Array.from(first.model.means));
    const firstCsv = readFileSync(first.statesPath, "utf8");
    const io = captureIo();
    const second = main(parseArgs([csv, "--model-path", modelPath]), io);
    expect(io.err).toContain("[INFO] Loading pre-trained model and scaler ...\n");
    expect(io.err).not.toContain("Fitting");
    expect(readFileSync(second.statesPath, "utf8")).toBe(firstCsv);
  });

  it("maps OS errors to Python's (a directory given as the CSV)", () => {
    const io = captureIo();
    expect(runCli([dir], io, "main.py")).toBe(1);
    expect(io.err).toContain(`IsADirectoryError: [Errno 21] Is a directory: '${dir}'\n`);
  });

  it("rejects a malformed model file with the original's error log", () => {
    const bad = join(dir, "bad.json");
    writeFileSync(
      bad,
      JSON.stringify({ format: "graft-hmm-pipeline/model", version: 1, model: { covarianceType: "full" } }),
    );
    const io = captureIo();
    expect(runCli([join(dir, "BTC.csv"), "--model-path", bad], io, "main.py")).toBe(1);
    expect(io.err).toContain('[ERROR] Failed to load model: invalid model file: model.covarianceType must be "diag"\n');
  });

  it("writes <stem>.svg with the close line, one colour per state, legend and title", () => {
    // reuse the saved model (no refit) to keep the suite fast
    const r = main(
      parseArgs([join(dir, "BTC.csv"), "-p", "-n", "3", "--model-path", join(dir, "model.json")]),
      captureIo(),
    );
    expect(r.plotPath).toBe(join(dir, "BTC.svg"));
    const svg = readFileSync(r.plotPath!, "utf8");
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain("Futures Close Price &amp; HMM States");
    for (const label of ["Close", "State 0", "State 1", "State 2"]) expect(svg).toContain(`>${label}</text>`);
    const dots = [0, 1, 2].map(
      (s) =>
        (
          svg
            .split(`class="state-${s}"`)[1]
            .split("</g>")[0]
            .match(/<circle/g) ?? []
        ).length,
    );
    expect(dots.reduce((a, b) => a + b, 0)).toBe(1001);
    expect(existsSync(join(dir, "BTC.backtest.csv"))).toBe(false);
  });
});
