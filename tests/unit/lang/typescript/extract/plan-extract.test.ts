import path from "node:path";
import { repoRoot } from "../../../../helpers/copy-fixture.js";
import { describe, expect, it } from "vitest";
import { planTypeScriptExtract } from "../../../../../src/lang/typescript/extract/plan-extract.js";
import { InvalidInputError } from "../../../../../src/shared/errors.js";
import { applyResult, compilerOptionsOf, readCases, readTree, typeCheckDir } from "./fixture-harness.js";

const fixturesDir = path.join(repoRoot, "fixtures/extract");

describe("planExtract fixtures", () => {
  for (const testCase of readCases(fixturesDir)) {
    it(testCase.name, () => {
      const input = readTree(path.join(testCase.dir, "input"));
      const run = () =>
        planTypeScriptExtract({
          root: "/project",
          files: [...input.keys()],
          readFile: (p) => input.get(p)!,
          from: testCase.from,
          symbols: testCase.symbols,
          to: testCase.to,
          shim: testCase.shim,
          compilerOptions: compilerOptionsOf(testCase.compilerOptions, "/project"),
        });
      expect(typeCheckDir(path.join(testCase.dir, "input"), testCase.compilerOptions)).toEqual([]);
      if (testCase.error !== undefined) {
        const error = (() => {
          try {
            run();
          } catch (caught) {
            return caught;
          }
          return undefined;
        })();
        expect(error).toBeInstanceOf(InvalidInputError);
        expect((error as Error).message).toBe(testCase.error);
        return;
      }
      const result = run();
      const actual = applyResult(input, result);
      const expected = readTree(path.join(testCase.dir, "expected"));
      expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [file, content] of expected)
        expect(`${file}:\n${actual.get(file)!.toString("utf8")}`).toBe(`${file}:\n${content.toString("utf8")}`);
      for (const [file, content] of input) {
        if (!result.edits.some((e) => e.file === file)) expect(actual.get(file)!.equals(content)).toBe(true);
      }
      expect(typeCheckDir(path.join(testCase.dir, "expected"), testCase.compilerOptions)).toEqual([]);
      if (testCase.report) expect({ ...result, edits: undefined, creates: undefined }).toMatchObject(testCase.report);
    });
  }
});
