import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { textReferenceRewriter } from "../../src/codemod/text-references.js";
import { pythonImportRewriter } from "../../src/lang/python/python-move-rewriter.js";
import { readTree, rewriteTree } from "../unit/lang/python/move-tree.js";

const fixtures = path.resolve(import.meta.dirname, "../../fixtures/python");
const cases = readdirSync(fixtures).filter((name) => existsSync(path.join(fixtures, name, "case.json")));

describe("python move fixtures (input → expected)", () => {
  it("has a fixture pair per form", () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  for (const name of cases) {
    it(name, async () => {
      const meta = JSON.parse(readFileSync(path.join(fixtures, name, "case.json"), "utf8")) as {
        moves: { from: string; to: string }[];
        manifest?: Record<string, unknown>;
      };
      const input = readTree(path.join(fixtures, name, "input"));
      const expected = readTree(path.join(fixtures, name, "expected"));
      const { tree, results } = await rewriteTree([pythonImportRewriter, textReferenceRewriter], input, meta.moves, meta.manifest);
      expect(tree).toEqual(expected);
      const edits = results.flatMap((r) => r.edits);
      for (const edit of edits) expect(edit.before).toBe(Buffer.from(input[edit.file], "utf8").subarray(edit.start, edit.end).toString("utf8"));
    });
  }
});
