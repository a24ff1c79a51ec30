import { rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodePythonValues, isPythonTarget } from "../../../../src/equivalence/experiments/python-module-side.js";
import { runEquivalence } from "../../../../src/equivalence/experiments/run-experiments.js";
import type { ExperimentSpec } from "../../../../src/model/manifest-schema.js";
import type { Manifest } from "../../../../src/model/manifest.js";
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

const python = (
  name: string,
  migrated: string,
  cases: string,
  extra: Partial<ExperimentSpec> = {},
): ExperimentSpec => ({
  name,
  module: { legacy: "legacy/backtest.py#simple_backtest", migrated, cases },
  rtol: 1e-12,
  ...extra,
});

describe("Python module experiments", () => {
  it("calls both Python functions on the same cases and compares results deeply (numpy arrays, dicts, NaN, exceptions)", async () => {
    const report = await runEquivalence(
      manifestOf([
        python("json-cases", "migrated/backtest.py#simple_backtest", "cases/backtest.json"),
        python("generated", "migrated/backtest.py#simple_backtest", "cases/walks.py"),
        python("buggy", "migrated/backtest_buggy.py#simple_backtest", "cases/backtest.json"),
      ]),
    );
    const byId = new Map(report.units.map((u) => [u.id, u]));
    expect([...byId.values()].map((u) => [u.id, u.status, u.message]).sort()).toEqual([
      ["buggy", "different", "4 of 4 case(s) differ, first: rising"],
      ["generated", "equal", "13 case(s) equal"],
      ["json-cases", "equal", "4 case(s) equal"],
    ]);
    const buggy = byId.get("buggy")!.cases!.mismatches;
    expect(buggy[0]!.differences).toEqual([
      { path: "$.stats.sharpe", legacy: "1.4099751600882606", migrated: "NaN", reason: expect.any(String) },
    ]);
    expect(buggy[1]!.differences[0]).toMatchObject({
      path: "$.equity[2]",
      legacy: "0.8149123636363637",
      migrated: "0.813282538909091",
    });
    expect(buggy[3]).toMatchObject({
      name: "empty",
      differences: [{ path: "$", legacy: "threw ValueError: no prices", reason: "exception on one side only" }],
    });
    expect(byId.get("json-cases")!.legacy!.peakMemoryBytes).toBeGreaterThan(1024 * 1024);
  });

  it("a missing function or an unimportable module is an error of that side", async () => {
    const report = await runEquivalence(
      manifestOf([
        python("missing", "migrated/backtest.py#nope", "cases/backtest.json"),
        python("unimportable", "migrated/absent.py#simple_backtest", "cases/backtest.json"),
      ]),
    );
    expect(report.units.map((u) => [u.status, u.message])).toEqual([
      ["error", "migrated migrated/backtest.py has no function 'nope'"],
      ["error", "migrated cannot import migrated/absent.py: ModuleNotFoundError: No module named 'migrated.absent'"],
    ]);
  });

  it("refuses a TypeScript cases file for a Python side (bad input, not a failed check)", async () => {
    await expect(
      runEquivalence(manifestOf([python("ts-cases", "migrated/backtest.py#simple_backtest", "cases/generate.ts")])),
    ).rejects.toThrow("cases/generate.ts: a Python side needs its cases in a .py or .json file");
  });
});

describe("decodePythonValues", () => {
  it("turns the runner's tags back into NaN, infinities, Maps, Sets and bigints", () => {
    const value = decodePythonValues(
      '{"a": {"$float": "nan"}, "b": [{"$float": "inf"}, {"$float": "-inf"}], "m": {"$map": [[1, "x"], [2.5, "y"]]}, "s": {"$set": [1, 2]}, "n": {"$bigint": "9007199254740993"}}',
    ) as Record<string, unknown>;
    expect(Number.isNaN(value.a)).toBe(true);
    expect(value.b).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    expect(value.m).toEqual(
      new Map<number, string>([
        [1, "x"],
        [2.5, "y"],
      ]),
    );
    expect(value.s).toEqual(new Set([1, 2]));
    expect(value.n).toBe(9007199254740993n);
  });

  it("recognises Python sides by the module path's extension", () => {
    expect(isPythonTarget("legacy/main.py#simple_backtest")).toBe(true);
    expect(isPythonTarget("legacy/main.ts#simpleBacktest")).toBe(false);
  });
});
