import { readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { planImportEdits } from "../../../../src/lang/typescript/plan-import-edits.js";
import {
  applyMoveInMemory,
  buildFixtureContext,
  copyFixture,
  readExpected,
  repositoryRoot,
  writeTempTree,
} from "./helpers/fixture-context.js";
import { typeCheckProject } from "./helpers/type-check.js";

const fixturesRoot = path.join(repositoryRoot, "fixtures/typescript");
const cases = readdirSync(fixturesRoot, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && readdirSync(path.join(fixturesRoot, entry.name)).includes("expected"))
  .map((entry) => entry.name);
const temps: string[] = [];
afterAll(() =>
  temps.forEach((dir) => {
    rmSync(dir, { recursive: true, force: true });
  }),
);

describe.each(cases)("fixture %s", (name) => {
  const root = path.join(fixturesRoot, name);

  it("type-checks before the move", () => {
    const copy = copyFixture(root);
    temps.push(copy);
    expect(typeCheckProject(copy)).toEqual([]);
  });

  it("rewrites exactly the expected specifiers, leaves other files byte-identical, and type-checks after", async () => {
    const context = buildFixtureContext(root);
    const result = await planImportEdits(context);
    expect(result.warnings).toEqual([]);
    const after = applyMoveInMemory(context, result.edits);
    const expected = readExpected(root);
    for (const [file, bytes] of expected) {
      expect(after.has(file), `${file} exists after the move`).toBe(true);
      expect(after.get(file)!.toString("utf8"), file).toBe(bytes.toString("utf8"));
      expect(after.get(file)!.equals(bytes), `${file} bytes`).toBe(true);
    }
    for (const file of context.files) {
      const next = context.newPathOf(file);
      if (!expected.has(next)) expect(after.get(next)!.equals(context.readFile(file)), `${file} unchanged`).toBe(true);
    }
    for (const edit of result.edits)
      expect(context.readFile(edit.file).subarray(edit.start, edit.end).toString("utf8")).toBe(edit.before);
    const copy = writeTempTree(after);
    temps.push(copy);
    expect(typeCheckProject(copy)).toEqual([]);
  });
});
