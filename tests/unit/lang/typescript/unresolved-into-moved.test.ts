import { describe, expect, it } from "vitest";
import { planImportEdits } from "../../../../src/lang/typescript/plan-import-edits.js";
import { memoryContext } from "./helpers/memory-context.js";

// A JS package whose tsconfig (node16, allowJs) includes its sources: extensionless ESM imports do not resolve under
// it, yet they name files by their path (issue 16, item 1).
const tree = {
  "package.json": JSON.stringify({ name: "p", type: "module" }),
  "tsconfig.json": JSON.stringify({
    compilerOptions: { module: "node16", allowJs: true, noEmit: true },
    include: ["lib/**/*.js", "test/**/*.js"],
  }),
  "lib/helpers/spread.js": "export const spread = 1;\n",
  "lib/helpers/merge.js": "export const merge = 2;\n",
  "lib/helpers/merge.cjs": "module.exports = 2;\n",
  "test/spread.spec.js": `import { spread } from "../lib/helpers/spread";\nimport { merge } from "../lib/helpers/merge";\n`,
};

describe("specifiers that do not resolve but name a moved path", () => {
  it("are rewritten by path when they name one place after the move, in files that do not move", () => {
    const result = planImportEdits(memoryContext(tree, [{ from: "lib/helpers", to: "lib/shared/helpers" }]));
    expect(result.edits.map((edit) => `${edit.file}: ${edit.before} → ${edit.text}`)).toEqual([
      "test/spread.spec.js: ../lib/helpers/spread → ../lib/shared/helpers/spread",
      "test/spread.spec.js: ../lib/helpers/merge → ../lib/shared/helpers/merge",
    ]);
    expect(result.blockers).toEqual([]);
    expect(result.warnings.join("\n")).toContain(
      'test/spread.spec.js:1:25: "../lib/helpers/spread" does not resolve with tsconfig.json options; rewritten by its path to "../lib/shared/helpers/spread"',
    );
  });

  it("block the plan when they may name files that go to different places", () => {
    const result = planImportEdits(
      memoryContext(tree, [
        { from: "lib/helpers/merge.js", to: "lib/esm/merge.js" },
        { from: "lib/helpers/merge.cjs", to: "lib/cjs/merge.cjs" },
      ]),
    );
    expect(result.edits).toEqual([]);
    expect(result.blockers).toEqual([
      'test/spread.spec.js:2:24: "../lib/helpers/merge" does not resolve and may name several moved files (lib/cjs/merge, lib/esm/merge); rewrite it by hand',
    ]);
  });

  it("block the plan when a file with the same stem stays behind", () => {
    const result = planImportEdits(memoryContext(tree, [{ from: "lib/helpers/merge.js", to: "lib/esm/merge.js" }]));
    expect(result.blockers).toEqual([
      'test/spread.spec.js:2:24: "../lib/helpers/merge" does not resolve and may name several moved files (lib/esm/merge, lib/helpers/merge); rewrite it by hand',
    ]);
  });
});
