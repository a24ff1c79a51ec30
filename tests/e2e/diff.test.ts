import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { XMLValidator } from "fast-xml-parser";
import { parse as parseJUnit } from "junit2json";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/copy-fixture.js";
import { runGraft } from "../helpers/run-cli.js";

// Each CLI start costs about a second, so these runs are few; the cases live in tests/unit/equivalence.
const fixture = (name: string, file: string): string => path.join("fixtures/equivalence/diff", name, file);
const pair = (name: string, ext = "csv"): [string, string] => [
  fixture(name, `legacy.${ext}`),
  fixture(name, `migrated.${ext}`),
];

let temp = "";
beforeAll(async () => {
  temp = await mkdtemp(path.join(os.tmpdir(), "graft-diff-e2e-"));
});
afterAll(async () => {
  await rm(temp, { recursive: true, force: true });
});

describe("graft diff (built CLI)", () => {
  it("exits 0 on equal tables and prints the verdict with the formula", () => {
    const result = runGraft(["diff", ...pair("equal-csv")]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("✓ equal: 4 rows × 5 columns within tolerance\n");
    expect(result.stdout).toContain(
      "  formula: |m - l| <= atol + rtol * |l|  (numpy.isclose, l = legacy reference); NaN == NaN; inf == same inf only\n",
    );
    expect(result.stdout).toContain("  tolerances: rtol=1e-10 atol=0\n");
  });

  it("exits 1 with the exact --json shape, a JUnit file and GitHub annotations in one run", async () => {
    const junit = path.join(temp, "reports/diff.xml");
    // List flags take one value, so they may come before the files.
    const result = runGraft(["diff", "--key", "date", ...pair("key-rows"), "--json", "--junit", junit, "--github"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("graft: different: 2 structural problem(s), 1 mismatching cell(s) in 1 column(s)\n");
    const at = result.stdout.indexOf("\n::");
    const json = result.stdout.slice(0, at);
    const annotations = result.stdout.slice(at + 1);
    expect(JSON.parse(json)).toEqual({
      equal: false,
      formula: "|m - l| <= atol + rtol * |l|  (numpy.isclose, l = legacy reference); NaN == NaN; inf == same inf only",
      rtol: 1e-10,
      atol: 0,
      symmetric: false,
      nanEqual: true,
      legacy: { path: fixture("key-rows", "legacy.csv"), format: "csv" },
      migrated: { path: fixture("key-rows", "migrated.csv"), format: "csv" },
      rows: { legacy: 3, migrated: 3 },
      alignedRows: 2,
      keyColumns: ["date"],
      structure: [
        {
          kind: "missing-rows",
          legacy: 1,
          migrated: 0,
          message: "1 legacy key(s) missing from migrated, e.g. date=2024-01-02",
        },
        {
          kind: "extra-rows",
          legacy: 0,
          migrated: 1,
          message: "1 migrated key(s) not in legacy, e.g. date=2024-01-04",
        },
      ],
      columns: {
        v: {
          compared: 2,
          mismatches: 1,
          maxAbsError: 0.5,
          maxRelError: 0.5,
          maxAbsAt: 0,
          maxRelAt: 0,
          maxAbsValues: { legacy: 1, migrated: 1.5 },
          maxRelValues: { legacy: 1, migrated: 1.5 },
          rtol: 1e-10,
          atol: 0,
          exact: false,
        },
      },
      mismatchCount: 1,
      mismatches: [
        {
          row: 0,
          key: { date: "2024-01-01" },
          column: "v",
          legacy: "1",
          migrated: "1.5",
          absError: 0.5,
          relError: 0.5,
          kind: "value",
          legacyLine: 2,
          migratedLine: 3,
        },
      ],
    });
    expect(annotations).toBe(
      [
        "::error file=fixtures/equivalence/diff/key-rows/migrated.csv,title=graft diff::1 legacy key(s) missing from migrated, e.g. date=2024-01-02",
        "::error file=fixtures/equivalence/diff/key-rows/migrated.csv,title=graft diff::1 migrated key(s) not in legacy, e.g. date=2024-01-04",
        '::error file=fixtures/equivalence/diff/key-rows/migrated.csv,line=3,title=graft diff%3A column v::key date=2024-01-01, column v: legacy "1" vs migrated "1.5" (abs err 0.5, rel err 0.5); rtol=1e-10 atol=0',
        "::error title=graft diff::different: 2 structural problem(s), 1 mismatching cell(s) in 1 column(s); v (1; rtol=1e-10 atol=0; max abs err 5.00e-1 at data row 1 (legacy 1 vs migrated 1.5), max rel err 5.00e-1 at data row 1); fixtures/equivalence/diff/key-rows/migrated.csv",
        "",
      ].join("\n"),
    );
    const xml = await readFile(junit, "utf8");
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = (await parseJUnit(xml)) as {
      tests?: number;
      failures?: number;
      testsuite?: { testcase?: { name: string; failure?: unknown[] }[] }[];
    };
    expect(parsed.tests).toBe(2);
    expect(parsed.failures).toBe(2);
    expect(parsed.testsuite![0].testcase!.map((c) => [c.name, c.failure !== undefined])).toEqual([
      ["structure", true],
      ["column v", true],
    ]);
  });

  it("exits 2 with one line `file: reason` on malformed input, and on bad flags", () => {
    const malformed = runGraft(["diff", ...pair("malformed-width")]);
    expect(malformed.code).toBe(2);
    expect(malformed.stdout).toBe("");
    expect(malformed.stderr).toBe(
      "graft: fixtures/equivalence/diff/malformed-width/migrated.csv: line 3: expected 2 fields, found 3\n",
    );
    const flag = runGraft(["diff", ...pair("equal-csv"), "--rtol", "abc"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toBe("graft: --rtol abc: expected a non-negative number\n");
  });

  it("inside GitHub Actions prints capped annotations unasked and appends a Markdown job summary", async () => {
    const summary = path.join(temp, "step-summary.md");
    await writeFile(summary, "earlier step\n");
    const result = runGraft(["diff", ...pair("key-rows"), "--key", "date", "--max-annotations", "1"], {
      env: { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary },
    });
    expect(result.code).toBe(1);
    expect(result.stdout.split("\n").filter((line) => line.startsWith("::error"))).toHaveLength(2);
    const markdown = await readFile(summary, "utf8");
    expect(markdown).toMatch(
      /^earlier step\n## ❌ graft diff: different: 2 structural problem\(s\), 1 mismatching cell\(s\) in 1 column\(s\)\n/,
    );
    expect(markdown).toContain("| v | ❌ 1/2 | 5.00e-1 | 5.00e-1 | 1 | rtol=1e-10 atol=0 |");
    const quiet = runGraft(["diff", ...pair("equal-csv")]);
    expect(quiet.stdout).not.toContain("::");
  });
});

describe("graft diff on pipes (built CLI)", () => {
  // `graft diff <(python legacy.py) <(node migrated.js)`: the shell hands over /dev/fd paths, read once, in order.
  const viaPipes = (flags: string) => {
    const [legacy, migrated] = pair("equal-csv");
    const graft = path.join(repoRoot, "bin/graft.js");
    const result = spawnSync(
      "bash",
      ["-c", `"${process.execPath}" "${graft}" diff ${flags} <(cat "${legacy}") <(cat "${migrated}")`],
      { cwd: repoRoot, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", GITHUB_ACTIONS: undefined } },
    );
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it("compares tables read from pipes as from files", () => {
    const fromPipes = viaPipes("--format csv --json");
    const fromFiles = runGraft(["diff", "--format", "csv", "--json", ...pair("equal-csv")]);
    expect(fromPipes.code).toBe(0);
    const withoutPaths = (json: string) => ({ ...JSON.parse(json), legacy: null, migrated: null });
    expect(withoutPaths(fromPipes.stdout)).toEqual(withoutPaths(fromFiles.stdout));
  });

  it("refuses --key on a pipe with one line, exit 2 (key alignment reads rows again at random)", () => {
    const result = viaPipes("--format csv --key date");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^graft: \/dev\/fd\/\d+: a pipe or device is read once, in order; this comparison \(--key\) needs a regular file\n$/,
    );
  });
});
