import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { XMLValidator } from "fast-xml-parser";
import { parse as parseJUnit } from "junit2json";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareTableFiles } from "../../../src/equivalence/diff/compare-tables.js";
import type { DiffResult } from "../../../src/equivalence/diff/diff-types.js";
import type { EquivReport, UnitResult } from "../../../src/equivalence/experiments/experiment-types.js";
import { mergeEquivReports, parseShardReport } from "../../../src/equivalence/experiments/merge-reports.js";
import { renderDiffGithub, renderDiffJUnit } from "../../../src/report/diff-ci.js";
import { renderEquivGithub, renderEquivJUnit } from "../../../src/report/equiv-ci.js";
import { renderDiffMarkdown, renderEquivMarkdown } from "../../../src/report/github-summary.js";
import { InvalidInputError } from "../../../src/shared/errors.js";

let temp = "";
let noisy: DiffResult;
let clean: DiffResult;
beforeAll(async () => {
  temp = await mkdtemp(path.join(os.tmpdir(), "graft-ci-forms-"));
  const rows = Array.from({ length: 30 }, (_v, i) => i + 1);
  await writeFile(path.join(temp, "l.csv"), `id,v,w\n${rows.map((i) => `${i},${i},${i * 2}`).join("\n")}\n`);
  await writeFile(path.join(temp, "m.csv"), `id,v,w\n${rows.map((i) => `${i},${i + 0.5},${i * 2}`).join("\n")}\n`);
  noisy = await compareTableFiles(path.join(temp, "l.csv"), path.join(temp, "m.csv"), { maxReport: 25 });
  clean = await compareTableFiles(path.join(temp, "l.csv"), path.join(temp, "l.csv"), { exact: ["id"] });
});
afterAll(async () => {
  await rm(temp, { recursive: true, force: true });
});

function unit(id: string, diff: DiffResult): UnitResult {
  return {
    experiment: id.replace(/\[.*$/, ""),
    kind: "command",
    input: "data/a.csv",
    id,
    status: diff.equal ? "equal" : "different",
    message: diff.equal ? "1 output(s) equal" : "out.csv differs",
    legacy: null,
    migrated: null,
    outputs: [{ file: "out.csv", diff, bytesEqual: null, equal: diff.equal, error: null }],
    cases: null,
    performance: null,
    jitter: null,
    stderr: {},
  };
}

function report(units: UnitResult[], shard: EquivReport["shard"] = null): EquivReport {
  return {
    manifest: "graft.yaml",
    root: "/r",
    shard,
    mode: "compare",
    units,
    recorded: [],
    equal: units.every((u) => u.status === "equal"),
  };
}

describe("GitHub annotations", () => {
  it("at most N per compared file, then one summary annotation with the counts", () => {
    const lines = renderDiffGithub(noisy).trimEnd().split("\n");
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe(
      `::error file=${noisy.migrated.path.replace(/:/g, "%3A")},line=2,title=graft diff%3A column v::data row 1 (line 2), column v: legacy "1" vs migrated "1.5" (abs err 0.5, rel err 0.5); rtol=1e-10 atol=0`,
    );
    expect(lines[10]).toMatch(
      /^::error title=graft diff::different: 30 mismatching cell\(s\) in 1 column\(s\); v \(30; rtol=1e-10 atol=0; max abs err 5\.00e-1 at data row 1 \(legacy 1 vs migrated 1\.5\), max rel err 5\.00e-1 at data row 1\); /,
    );
    expect(renderDiffGithub(noisy, undefined, { maxAnnotations: 3 }).trimEnd().split("\n")).toHaveLength(4);
    expect(renderDiffGithub(clean)).toMatch(
      /^::notice title=graft diff::equal: 30 rows × 3 columns within tolerance; /,
    );
  });

  it("an equivalence run caps each output's annotations and ends with its counts", () => {
    const lines = renderEquivGithub(
      report([unit("a[data/a.csv]", noisy), unit("b[data/a.csv]", noisy), unit("c", clean)]),
    )
      .trimEnd()
      .split("\n");
    expect(lines).toHaveLength(21);
    expect(lines.filter((l) => l.startsWith("::error file=data/a.csv,title=graft equiv a[data/a.csv]"))).toHaveLength(
      10,
    );
    expect(lines[20]).toBe(
      "::error title=graft equiv::not equivalent: 2 of 3 unit(s) differ; 3 unit(s): 1 equal, 2 different, 0 failed to run; 2 of 3 output(s) differ, 60 mismatching cell(s); |m - l| <= atol + rtol * |l|  (numpy.isclose, l = legacy reference); NaN == NaN; inf == same inf only",
    );
  });
});

describe("JUnit", () => {
  it("every column case states its tolerance and worst errors, passing ones in system-out", async () => {
    const xml = renderDiffJUnit(clean);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain(
      '<testcase name="column id" classname="graft.diff" time="0.000">\n      <system-out>30 cell(s) compared, 0 differ; exact (text); max abs err 0, max rel err 0;',
    );
    const equiv = renderEquivJUnit(report([unit("a[data/a.csv]", noisy), unit("c", clean)]));
    expect(XMLValidator.validate(equiv)).toBe(true);
    const parsed = (await parseJUnit(equiv)) as { testsuite?: { testcase?: { "system-out"?: string[] }[] }[] };
    const outputs = parsed.testsuite!.map((s) => s.testcase![0]!["system-out"]![0]);
    expect(outputs[0]).toContain(
      "v: 30 of 30 cell(s) differ; rtol=1e-10 atol=0; max abs err 5.00e-1 at data row 1 (legacy 1 vs migrated 1.5), max rel err 5.00e-1 at data row 1",
    );
    expect(outputs[1]).toContain("w: 0 of 30 cell(s) differ; rtol=1e-10 atol=0; max abs err 0, max rel err 0");
  });
});

describe("Markdown job summary", () => {
  it("has the verdict, a table of units and each output's columns", () => {
    const md = renderEquivMarkdown(report([unit("a[data/a.csv]", noisy), unit("c", clean)]));
    expect(md.split("\n").slice(0, 8)).toEqual([
      "## ❌ graft equiv: not equivalent: 1 of 2 unit(s) differ",
      "",
      "Manifest `graft.yaml`.",
      "",
      "| unit | status | outputs | worst rel err | tolerance | message |",
      "|---|---|---|---|---|---|",
      "| a[data/a.csv] | ❌ different | 0/1 equal | 5.00e-1 | rtol=1e-10 atol=0 | out.csv differs |",
      "| c | ✅ equal | 1/1 equal | 0 | exact (text), rtol=1e-10 atol=0 | 1 output(s) equal |",
    ]);
    expect(md).toContain("| v | ❌ 30/30 | 5.00e-1 | 5.00e-1 | 1 | rtol=1e-10 atol=0 |");
    expect(renderDiffMarkdown(clean)).toContain("| id | ✅ 0/30 | 0 | 0 | — | exact (text) |");
  });
});

describe("merging shard reports", () => {
  it("gives the report one run would have given, and refuses shards that do not fit", () => {
    const one = report([unit("b[data/a.csv]", noisy)], { index: 1, count: 2 });
    const two = report([unit("a[data/a.csv]", clean)], { index: 2, count: 2 });
    const merged = mergeEquivReports([
      { file: "1.json", report: one },
      { file: "2.json", report: two },
    ]);
    expect(merged.units.map((u) => u.id)).toEqual(["a[data/a.csv]", "b[data/a.csv]"]);
    expect([merged.equal, merged.shard]).toEqual([false, null]);
    expect(() => mergeEquivReports([{ file: "1.json", report: one }])).toThrow(
      new InvalidInputError("--merge-reports: shards of 2 expected, missing 2/2"),
    );
    expect(() =>
      mergeEquivReports([
        { file: "1.json", report: one },
        { file: "2.json", report: { ...two, units: one.units } },
      ]),
    ).toThrow(new InvalidInputError("2.json: units: b[data/a.csv] is in another shard's report too"));
    expect(parseShardReport("s.json", JSON.stringify(one)).units).toHaveLength(1);
    expect(() =>
      parseShardReport("s.json", JSON.stringify({ ...one, units: [{ ...one.units[0], status: "odd" }] })),
    ).toThrow(/^s\.json: units\[0\]\.status: .* \(expected the JSON of graft equiv --json\)$/);
    expect(() => parseShardReport("s.json", "{")).toThrow(/^s\.json: not JSON/);
  });
});
