import { XMLValidator } from "fast-xml-parser";
import { parse as parseJUnit } from "junit2json";
import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import type { DiffResult } from "../../../src/equivalence/diff/diff-types.js";
import { renderDiffText, summarizeDiff } from "../../../src/report/diff-text.js";
import { renderAnnotations } from "../../../src/report/github-annotations.js";
import { renderJUnitXml } from "../../../src/report/junit-xml.js";

describe("JUnit XML", () => {
  it("escapes names and messages and stays parseable, control characters included", async () => {
    const xml = renderJUnitXml([
      {
        name: `suite <"&'>`,
        cases: [
          { name: "ok", classname: "c" },
          {
            name: "bad\u0001name",
            classname: "c",
            timeSeconds: 1.5,
            failure: { message: 'a < b & "c"', detail: "line1\nline2 ]]>" },
          },
          { name: "broken", classname: "c", error: { message: "boom", detail: "stack" } },
          { name: "later", classname: "c", skipped: "not run" },
        ],
      },
    ]);
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = (await parseJUnit(xml)) as {
      tests?: number;
      failures?: number;
      errors?: number;
      testsuite?: { name: string; testcase?: { name: string }[] }[];
    };
    expect([parsed.tests, parsed.failures, parsed.errors]).toEqual([4, 1, 1]);
    expect(parsed.testsuite![0].name).toBe(`suite <"&'>`);
    expect(parsed.testsuite![0].testcase!.map((c) => c.name)).toEqual(["ok", "badname", "broken", "later"]);
  });
});

describe("GitHub annotations", () => {
  it("escapes data and properties as the workflow command syntax requires", () => {
    expect(
      renderAnnotations([{ level: "error", file: "a,b:c.csv", line: 3, title: "t: x", message: "50% off\nnext" }]),
    ).toBe("::error file=a%2Cb%3Ac.csv,line=3,title=t%3A x::50%25 off%0Anext\n");
    expect(renderAnnotations([{ level: "notice", message: "all good" }])).toBe("::notice::all good\n");
  });
});

describe("diff text", () => {
  const result: DiffResult = {
    equal: false,
    formula: "F",
    rtol: 1e-10,
    atol: 0,
    symmetric: false,
    nanEqual: true,
    legacy: { path: "l.csv", format: "csv" },
    migrated: { path: "m.csv", format: "csv" },
    rows: { legacy: 2, migrated: 2 },
    alignedRows: 2,
    keyColumns: null,
    structure: [{ kind: "column-order", message: "column order differs" }],
    columns: {
      x: {
        compared: 2,
        mismatches: 1,
        maxAbsError: 0.25,
        maxRelError: 0.5,
        maxAbsAt: 1,
        maxRelAt: 1,
        maxAbsValues: { legacy: 0.5, migrated: 0.75 },
        maxRelValues: { legacy: 0.5, migrated: 0.75 },
        rtol: 1e-10,
        atol: 0,
        exact: false,
      },
      s: {
        compared: 2,
        mismatches: 0,
        maxAbsError: 0,
        maxRelError: 0,
        maxAbsAt: null,
        maxRelAt: null,
        maxAbsValues: null,
        maxRelValues: null,
        rtol: 0,
        atol: 0,
        exact: true,
      },
    },
    mismatchCount: 1,
    mismatches: [
      {
        row: 1,
        key: null,
        column: "x",
        legacy: "0.5",
        migrated: "0.75",
        absError: 0.25,
        relError: 0.5,
        kind: "value",
        legacyLine: 3,
        migratedLine: 3,
      },
    ],
  };

  it("renders structure, the column table, mismatches, verdict and tolerances", () => {
    expect(renderDiffText(result, new Chalk({ level: 0 }))).toBe(
      [
        "graft diff  legacy l.csv (csv, 2 rows)  migrated m.csv (csv, 2 rows)",
        "",
        "Structure",
        "  ✗ column order differs",
        "",
        "Columns",
        "  column  compared  mismatches  max abs err  at data row  legacy → migrated  max rel err  at data row  tolerance",
        "  x              2           1      2.50e-1            2  0.5 → 0.75             5.00e-1            2  rtol=1e-10 atol=0",
        "  s              2           0            0            —  —                            0            —  exact (text)",
        "",
        "Mismatches (1)",
        "  data row  line  column  legacy  migrated  abs err  rel err  kind",
        "         2     3  x          0.5      0.75  2.50e-1  5.00e-1  value",
        "",
        "✗ different: 1 structural problem(s), 1 mismatching cell(s) in 1 column(s)",
        "  formula: F",
        "  tolerances: rtol=1e-10 atol=0; per column: s: exact (text)",
      ].join("\n"),
    );
    expect(summarizeDiff({ ...result, equal: true })).toBe("equal: 2 rows × 2 columns within tolerance");
  });
});
