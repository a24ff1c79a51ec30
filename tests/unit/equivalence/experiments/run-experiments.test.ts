import { execFileSync } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { XMLValidator } from "fast-xml-parser";
import { parse as parseJUnit } from "junit2json";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runEquivalence } from "../../../../src/equivalence/experiments/run-experiments.js";
import type { ExperimentSpec } from "../../../../src/model/manifest-schema.js";
import type { Manifest } from "../../../../src/model/manifest.js";
import { Chalk } from "chalk";
import { InvalidInputError } from "../../../../src/shared/errors.js";
import { renderEquivJUnit } from "../../../../src/report/equiv-ci.js";
import { renderEquivText, summarizeSetupErrors } from "../../../../src/report/equiv-text.js";
import { copyFixture } from "../../../helpers/copy-fixture.js";

let root = "";
beforeAll(async () => {
  root = await copyFixture("equivalence/experiments");
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function manifestOf(experiments: ExperimentSpec[]): Manifest {
  return {
    path: path.join(root, "graft.yaml"),
    sha256: "",
    root,
    data: {
      version: 1,
      name: "t",
      root: ".",
      moves: [],
      include: ["**/*"],
      exclude: [],
      gitignore: true,
      conflicts: { default: "manual", rules: [] },
      equivalence: experiments,
    },
  } as Manifest;
}

const stats = (name: string, migrated: string, extra: Partial<ExperimentSpec> = {}): ExperimentSpec => ({
  name,
  inputs: ["data/prices-b.csv"],
  legacy: { run: "node legacy/stats.mjs {input} {input_stem}.stats.csv" },
  migrated: { run: `node ${migrated} {input} {input_stem}.stats.csv` },
  outputs: [{ file: "{input_stem}.stats.csv", rtol: 1e-12, exact: ["direction"] }],
  ...extra,
});

const backtest = (name: string, migrated: string): ExperimentSpec => ({
  name,
  module: {
    legacy: "legacy/backtest.ts#simpleBacktest",
    migrated: `${migrated}#simpleBacktest`,
    cases: "cases/backtest.json",
  },
  rtol: 1e-12,
});

describe("command experiments", () => {
  it("equal and unequal outputs, each side in its own working folder, with time and memory", async () => {
    const report = await runEquivalence(
      manifestOf([stats("stats", "migrated/stats.mjs"), stats("stats-buggy", "migrated/stats-buggy.mjs")]),
    );
    expect(report.units.map((u) => [u.id, u.status])).toEqual([
      ["stats-buggy[data/prices-b.csv]", "different"],
      ["stats[data/prices-b.csv]", "equal"],
    ]);
    const [buggy, equal] = report.units;
    expect(buggy.outputs[0].diff!.mismatches.map((m) => [m.row, m.column, m.kind])).toEqual([
      [2, "direction", "text"],
      [3, "vwap", "value"],
    ]);
    expect(equal.outputs[0].diff!.alignedRows).toBe(4);
    expect(equal.legacy!.wallMs).toHaveLength(1);
    expect(equal.legacy!.peakMemoryBytes).toBeGreaterThan(1024 * 1024);
    expect(equal.migrated!.peakMemoryBytes).toBeGreaterThan(1024 * 1024);
    // The runs wrote only into their temp folders.
    await expect(readFile(path.join(root, "prices-b.stats.csv"))).rejects.toThrow();
    const xml = renderEquivJUnit(report);
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = (await parseJUnit(xml)) as {
      tests?: number;
      failures?: number;
      testsuite?: { name: string; testcase?: { name: string }[] }[];
    };
    expect([parsed.tests, parsed.failures]).toEqual([2, 1]);
    expect(parsed.testsuite!.map((s) => [s.name, s.testcase!.map((c) => c.name)])).toEqual([
      ["stats-buggy", ["data/prices-b.csv → prices-b.stats.csv"]],
      ["stats", ["data/prices-b.csv → prices-b.stats.csv"]],
    ]);
  });

  it("a failing command is an error with its stderr; a slow one times out", async () => {
    const report = await runEquivalence(
      manifestOf([
        {
          name: "crash",
          legacy: { run: "echo legacy ok > out.csv" },
          migrated: { run: "echo 'boom: bad input' >&2; exit 3" },
          outputs: [{ file: "out.csv" }],
        },
        {
          name: "slow",
          legacy: { run: "sleep 5" },
          migrated: { run: "true" },
          outputs: [{ file: "out.csv" }],
          timeoutSeconds: 0.3,
        },
      ]),
    );
    expect(report.units.map((u) => [u.id, u.status, u.message])).toEqual([
      ["crash", "error", "migrated command exited with 3"],
      ["slow", "error", "legacy command timed out after 0.3 s"],
    ]);
    expect(report.units[0].stderr.migrated).toBe("boom: bad input\n");
  });

  it("records baselines, then compares against them", async () => {
    const spec = stats("stats-baseline", "migrated/stats.mjs", {
      legacy: { run: "node legacy/stats.mjs {input} {input_stem}.stats.csv", from: "baseline" },
    });
    const missing = await runEquivalence(manifestOf([spec]));
    expect(missing.units[0].message).toBe(
      "no baseline recorded under .graft/baselines/stats-baseline/data/prices-b.csv; run graft equiv --record first",
    );
    const recorded = await runEquivalence(manifestOf([spec]), { record: true });
    expect(recorded.recorded).toEqual([".graft/baselines/stats-baseline/data/prices-b.csv/prices-b.stats.csv"]);
    const compared = await runEquivalence(manifestOf([spec]));
    expect(compared.units.map((u) => [u.status, u.legacy])).toEqual([["equal", null]]);
  });

  it("materializes the legacy side from a git revision", async () => {
    const git = (...args: string[]) =>
      execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], {
        cwd: root,
        stdio: "pipe",
      });
    git("init", "-q");
    git("add", "-A");
    git("commit", "-qm", "legacy");
    const spec = stats("stats-git", "legacy/stats.mjs", {
      legacy: { run: "node legacy/stats.mjs {input} {input_stem}.stats.csv", from: "git:HEAD" },
    });
    expect((await runEquivalence(manifestOf([spec]))).units[0].status).toBe("equal");
    // The current tree's stats change after the commit; the legacy side still runs the committed one.
    const current = await readFile(path.join(root, "legacy/stats.mjs"), "utf8");
    await writeFile(path.join(root, "legacy/stats.mjs"), current.replace("sum / (i + 1)", "sum / (i + 2)"));
    const changed = await runEquivalence(manifestOf([spec]));
    expect(changed.units[0].status).toBe("different");
    expect(changed.units[0].legacy!.source).toBe("git:HEAD");
    await writeFile(path.join(root, "legacy/stats.mjs"), current);
    await expect(
      runEquivalence(manifestOf([{ ...spec, legacy: { ...spec.legacy!, from: "git:no-such-rev" } }])),
    ).rejects.toThrow("from: git:no-such-rev: not a commit");
  });

  it("from: backup needs an applied run", async () => {
    const spec = stats("stats-backup", "migrated/stats.mjs", {
      legacy: { run: "node legacy/stats.mjs {input} {input_stem}.stats.csv", from: "backup" },
    });
    await expect(runEquivalence(manifestOf([spec]))).rejects.toThrow(/legacy from: backup needs an applied graft run/);
  });

  it("the performance gate compares medians over repeated runs", async () => {
    const report = await runEquivalence(
      manifestOf([
        {
          name: "gate",
          legacy: { run: "echo a > o.txt" },
          migrated: { run: "sleep 0.4; echo a > o.txt" },
          outputs: [{ file: "o.txt" }],
          performance: { maxSlowdown: 1.1, repeat: 3 },
        },
      ]),
    );
    const unit = report.units[0];
    expect(unit.status).toBe("different");
    expect(unit.outputs[0].bytesEqual).toBe(true);
    expect(unit.legacy!.wallMs).toHaveLength(3);
    expect(unit.performance).toMatchObject({ maxSlowdown: 1.1, repeat: 3, passed: false });
    expect(unit.performance!.ratio).toBeGreaterThan(1.1);
  });

  it("--calibrate flags a tolerance below the legacy side's own jitter", async () => {
    const noisy = "node -e \"console.log('x,noise\\n1,' + Math.random())\" > o.csv";
    const report = await runEquivalence(
      manifestOf([
        { name: "noisy", legacy: { run: noisy }, migrated: { run: noisy }, outputs: [{ file: "o.csv", rtol: 1e-12 }] },
      ]),
      { calibrate: true },
    );
    const unit = report.units[0];
    expect(unit.jitter!.map((j) => [j.output, j.column, j.isBelowJitter])).toEqual([["o.csv", "noise", true]]);
    expect(unit.message).toContain("tolerance below legacy jitter in o.csv:noise");
  });
});

describe("set-up errors (exit 2) are told apart from differences (exit 1)", () => {
  it("a missing baseline and a command that cannot start are set-up errors; a failing command is not", async () => {
    const report = await runEquivalence(
      manifestOf([
        stats("no-baseline", "migrated/stats.mjs", {
          legacy: { run: "node legacy/stats.mjs {input} {input_stem}.stats.csv", from: "baseline" },
        }),
        {
          name: "no-such-program",
          legacy: { run: "true" },
          migrated: { run: "graft-no-such-program-x {input}" },
          outputs: [{ file: "o.csv" }],
        },
        { name: "fails", legacy: { run: "echo a > o.csv" }, migrated: { run: "exit 3" }, outputs: [{ file: "o.csv" }] },
      ]),
    );
    expect(report.units.map((u) => [u.id, u.status, u.setupError ?? false])).toEqual([
      ["fails", "error", false],
      ["no-baseline[data/prices-b.csv]", "error", true],
      ["no-such-program", "error", true],
    ]);
    expect(report.units[2].message).toBe("migrated command exited with 127 (command not found)");
    expect(summarizeSetupErrors(report)).toBe(
      "set-up error in 2 unit(s), first: no-baseline[data/prices-b.csv]: no baseline recorded under .graft/baselines/no-baseline/data/prices-b.csv; run graft equiv --record first",
    );
    expect(summarizeSetupErrors({ ...report, units: [report.units[0]] })).toBeNull();
  });

  it("an input glob that matches nothing is bad input even beside one that matches", async () => {
    await expect(
      runEquivalence(
        manifestOf([stats("typo", "migrated/stats.mjs", { inputs: ["data/prices-b.csv", "data/pricse-*.csv"] })]),
      ),
    ).rejects.toThrow(new InvalidInputError("experiment typo: inputs: data/pricse-*.csv matches no files"));
  });

  it("--calibrate on a deterministic command says so: 0 jitter", async () => {
    const report = await runEquivalence(manifestOf([stats("steady", "migrated/stats.mjs")]), { calibrate: true });
    expect(report.units[0].jitter).toEqual([]);
    expect(renderEquivText(report, new Chalk({ level: 0 }))).toContain(
      "calibration: deterministic: 0 jitter (two legacy runs gave identical outputs)",
    );
  });

  it("the text report states every column's tolerance and worst error, the differing ones with where and values", async () => {
    const report = await runEquivalence(manifestOf([stats("stats-buggy", "migrated/stats-buggy.mjs")]));
    const text = renderEquivText(report, new Chalk({ level: 0 }));
    expect(text).toMatch(
      / {6}vwap +1 +1\.68e-2 +8\.29e-4 +4 +20\.255186721991702 → 20\.238391376451077 +rtol=1e-12 atol=0\n/,
    );
    expect(text).toContain("      direction           1            0            0            —  —");
    expect(text).toContain("      2 column(s) identical, max error 0 (rtol=1e-12 atol=0): day, mean\n");
    expect(text).toContain("      data row 4 (line 5) vwap: legacy 20.255186721991702, migrated 20.238391376451077");
  });
});

describe("module experiments", () => {
  it("equal and unequal return values, exceptions on one side, cases from JSON and from a generator", async () => {
    const report = await runEquivalence(
      manifestOf([
        backtest("backtest", "migrated/backtest.ts"),
        backtest("backtest-buggy", "migrated/backtest-buggy.ts"),
        {
          ...backtest("generated", "migrated/backtest.ts"),
          module: {
            legacy: "legacy/backtest.ts#simpleBacktest",
            migrated: "migrated/backtest.ts#simpleBacktest",
            cases: "cases/generate.ts",
          },
        },
      ]),
    );
    expect(report.units.map((u) => [u.id, u.status, u.message])).toEqual([
      ["backtest", "equal", "4 case(s) equal"],
      ["backtest-buggy", "different", "2 of 4 case(s) differ, first: zigzag"],
      ["generated", "equal", "20 case(s) equal"],
    ]);
    const buggy = report.units[1].cases!.mismatches;
    expect(buggy[0].differences[0]).toMatchObject({
      path: "$.equity[2]",
      legacy: "0.8149123636363637",
      migrated: "0.813282538909091",
    });
    expect(buggy[1]).toMatchObject({
      name: "empty",
      differences: [{ path: "$", legacy: "threw Error: no prices", reason: "exception on one side only" }],
    });
    expect(report.units[0].legacy!.peakMemoryBytes).toBeGreaterThan(1024 * 1024);
    // Each unit states its tolerance and the largest errors over every returned number, and where.
    expect(report.units[1].cases!.tolerance).toEqual({ rtol: 1e-12, atol: 0, symmetric: false });
    expect(report.units[1].cases!.errors.maxAbsAt).toMatchObject({ path: expect.stringMatching(/^case \S+: \$\./) });
    expect(report.units[1].cases!.errors.maxRelError).toBeGreaterThan(1e-3);
    expect(report.units[0].cases!.errors).toEqual({ maxAbsError: 0, maxRelError: 0, maxAbsAt: null });
    expect(renderEquivText(report, new Chalk({ level: 0 }))).toContain(
      "    return values of 4 case(s): 0 differ; rtol=1e-12 atol=0; max abs err 0, max rel err 0\n",
    );
  });

  it("a missing export is an error of that side", async () => {
    const report = await runEquivalence(
      manifestOf([
        {
          ...backtest("missing", "migrated/backtest.ts"),
          module: {
            legacy: "legacy/backtest.ts#nope",
            migrated: "migrated/backtest.ts#simpleBacktest",
            cases: "cases/backtest.json",
          },
        },
      ]),
    );
    expect(report.units[0].status).toBe("error");
    expect(report.units[0].message).toBe(
      `legacy ${path.join(root, "legacy/backtest.ts")} has no function export "nope"`,
    );
  });
});
