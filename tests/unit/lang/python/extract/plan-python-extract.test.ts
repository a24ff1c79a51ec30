import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { planPythonExtract } from "../../../../../src/lang/python/extract/plan-python-extract.js";
import { InvalidInputError } from "../../../../../src/shared/errors.js";
import { applyResult, readTree } from "../../typescript/extract/fixture-harness.js";
import { checkPythonTree, runPythonScript } from "./python-tree.js";

const fixturesDir = path.resolve(import.meta.dirname, "../../../../../fixtures/extract-python");

/** One fixture case: `case.json` next to `input/` and (unless it expects an error) `expected/`. */
interface PythonCase {
  name: string;
  dir: string;
  from: string;
  symbols: string[];
  to: string;
  shim?: boolean;
  prune?: boolean;
  roots?: string[];
  /** The exact InvalidInputError message the case expects. */
  error?: string;
  /** Fields of the result the case checks. */
  report?: Record<string, unknown>;
  /** A script run in the input and the expected tree: both must print the same. */
  run?: string;
}

const cases: PythonCase[] = fs
  .readdirSync(fixturesDir)
  .filter((name) => fs.existsSync(path.join(fixturesDir, name, "case.json")))
  .sort()
  .map((name) => ({
    name,
    dir: path.join(fixturesDir, name),
    ...JSON.parse(fs.readFileSync(path.join(fixturesDir, name, "case.json"), "utf8")),
  }));

describe("planPythonExtract fixtures", () => {
  it("has a case for every rule", () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  for (const testCase of cases) {
    it(testCase.name, () => {
      const inputDir = path.join(testCase.dir, "input");
      const input = readTree(inputDir);
      const before = checkPythonTree(inputDir, testCase.roots);
      expect(before.failures, "the input tree itself imports and passes its doctests").toEqual([]);
      const run = () =>
        planPythonExtract({
          root: "/project",
          files: [...input.keys()],
          readFile: (p) => input.get(p)!,
          from: testCase.from,
          symbols: testCase.symbols,
          to: testCase.to,
          shim: testCase.shim,
          prune: testCase.prune,
          roots: testCase.roots,
        });
      if (testCase.error !== undefined) {
        expect(run).toThrow(InvalidInputError);
        expect(run).toThrow(testCase.error);
        return;
      }
      const result = run();
      const actual = applyResult(input, result);
      const expectedDir = path.join(testCase.dir, "expected");
      const expected = readTree(expectedDir);
      expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [file, content] of expected)
        expect(`${file}:\n${actual.get(file)!.toString("utf8")}`).toBe(`${file}:\n${content.toString("utf8")}`);
      for (const [file, content] of expected) expect(actual.get(file)!.equals(content), file).toBe(true);
      for (const [file, content] of input)
        if (!result.edits.some((e) => e.file === file)) expect(actual.get(file)!.equals(content), file).toBe(true);
      if (testCase.report) expect({ ...result, edits: undefined, creates: undefined }).toMatchObject(testCase.report);

      const after = checkPythonTree(expectedDir, testCase.roots);
      expect(after.failures).toEqual([]);
      expect(after.attempted, "doctests run in the expected tree").toBeGreaterThanOrEqual(before.attempted);
      expect(after.modules).toEqual(expect.arrayContaining(before.modules));
      if (testCase.run) {
        const output = runPythonScript(inputDir, testCase.run);
        expect(output).not.toMatch(/^exit /);
        expect(runPythonScript(expectedDir, testCase.run)).toBe(output);
      }
    });
  }
});
