import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createTwoFilesPatch } from "diff";
import { applyEdits } from "../model/edit.js";
import type { ParserName } from "./choose-parser.js";
import { runCustomCodemod } from "./custom-transform.js";

/** One input/output pair of a transform's fixtures (jscodeshift's `__testfixtures__` layout). */
export interface TransformFixture {
  /** The case name: `<case>` of `<case>.input.<ext>`. */
  name: string;
  /** The input file's name inside the fixtures folder (its extension picks the parser). */
  input: string;
  /** The expected output; undefined when there is no `<case>.output.<ext>` (the transform must skip the file). */
  expected?: string;
  /** `<case>.options.json`, or {}. */
  options: Record<string, unknown>;
}

/** What a transform made of one fixture. */
export interface TransformFixtureResult {
  status: "ok" | "unchanged" | "skipped" | "error";
  /** The file after the transform (the input itself when skipped, unchanged or failed). */
  actual: string;
  error?: string;
  reports: { file: string; message: string }[];
  stats: Record<string, number>;
}

/** What names the transform and its fixtures. */
export interface TransformTestSpec {
  /** A built-in codemod's name, a transform path (relative to `root`) or an npm package installed for `root`. */
  transform: string;
  /** The folder holding `<case>.input.<ext>`, `<case>.output.<ext>` and `<case>.options.json` files. */
  fixtures: string;
  /** Where a transform path or package resolves from (default: the current folder). */
  root?: string;
  /** The step's `parser:`, when the transform exports none (default: each fixture's extension decides). */
  parser?: ParserName;
}

/** Reads the input/output pairs of a fixtures folder, sorted by case name. */
export function readTransformFixtures(folder: string): TransformFixture[] {
  return readdirSync(folder)
    .filter((file) => /^[^.]+\.input\.[^.]+$/.test(file))
    .sort()
    .map((input) => {
      const [name, , extension] = input.split(".") as [string, string, string];
      const output = path.join(folder, `${name}.output.${extension}`);
      const options = path.join(folder, `${name}.options.json`);
      return {
        name,
        input,
        ...(existsSync(output) ? { expected: readFileSync(output, "utf8") } : {}),
        options: existsSync(options) ? (JSON.parse(readFileSync(options, "utf8")) as Record<string, unknown>) : {},
      };
    });
}

/**
 * Runs one fixture through graft's own codemod runner, as a manifest step would run it: the file's path is relative
 * to the fixtures folder, its parser is the transform's, else `spec.parser`, else the file's extension's.
 */
export async function runTransformFixture(
  spec: TransformTestSpec,
  fixture: TransformFixture,
): Promise<TransformFixtureResult> {
  const folder = path.resolve(spec.fixtures);
  const source = readFileSync(path.join(folder, fixture.input));
  const result = await runCustomCodemod({
    root: spec.root ?? process.cwd(),
    files: [fixture.input],
    readFile: (file) => readFileSync(path.join(folder, file)),
    transform: spec.transform,
    globs: [fixture.input],
    options: fixture.options,
    ...(spec.parser ? { parser: spec.parser } : {}),
  });
  const status = result.statuses[0]!;
  return {
    status: status.status,
    actual: applyEdits(source, result.edits).toString("utf8"),
    ...(status.error !== undefined ? { error: status.error } : {}),
    reports: result.reports,
    stats: result.stats,
  };
}

/**
 * Registers one test per fixture pair with the test function you pass (vitest's or jest's `it`/`test`, node:test's
 * `test`). Each test runs its input through graft's runner and parser defaults and throws, with a diff, when the
 * output differs from `<case>.output.<ext>`, when a case without an output file is not skipped, or when the
 * transform throws.
 */
export function defineTransformTest(
  spec: TransformTestSpec,
  test: (name: string, run: () => Promise<void>) => unknown,
): void {
  const fixtures = readTransformFixtures(spec.fixtures);
  if (fixtures.length === 0) throw new Error(`${spec.fixtures}: no <case>.input.<ext> fixture files`);
  for (const fixture of fixtures) {
    test(`${spec.transform}: ${fixture.input}`, async () => {
      const result = await runTransformFixture(spec, fixture);
      if (result.status === "error") throw new Error(`${fixture.input}: the transform threw: ${result.error}`);
      if (fixture.expected === undefined) {
        if (result.status !== "skipped")
          throw new Error(
            `${fixture.input}: expected the transform to skip the file (no output fixture), got ${result.status}`,
          );
        return;
      }
      if (result.actual !== fixture.expected) {
        const diff = createTwoFilesPatch("expected", "actual", fixture.expected, result.actual, "", "", { context: 2 });
        throw new Error(`${fixture.input}: output differs from ${fixture.name}.output fixture\n${diff}`);
      }
    });
  }
}
