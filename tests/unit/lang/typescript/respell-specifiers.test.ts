import { describe, expect, it } from "vitest";
import { applyEdits } from "../../../../src/model/edit.js";
import { planImportEdits } from "../../../../src/lang/typescript/plan-import-edits.js";
import { mapLiteralToTarget } from "../../../../src/lang/typescript/specifier-style.js";
import { memoryContext, type MemoryTree } from "./helpers/memory-context.js";

/** Runs the rewriter on an in-memory tree and returns the changed files at their new paths. */
function rewrite(tree: MemoryTree, moves: { from: string; to: string }[], manifest: Record<string, unknown> = {}) {
  const context = memoryContext(tree, moves, manifest);
  const result = planImportEdits(context);
  const changed: Record<string, string> = {};
  for (const file of new Set(result.edits.map((edit) => edit.file))) {
    changed[context.newPathOf(file)] = applyEdits(
      context.readFile(file),
      result.edits.filter((edit) => edit.file === file),
    ).toString("utf8");
  }
  return { changed, warnings: result.warnings };
}

const bundler = JSON.stringify({ compilerOptions: { module: "ESNext", moduleResolution: "Bundler", strict: true } });
const nodeNext = JSON.stringify({ compilerOptions: { module: "NodeNext", strict: true } });

describe("mapLiteralToTarget", () => {
  it.each([
    ["src/a/x.ts", "src/a/x.ts", "src/b/x.ts", "src/b/x.ts"],
    ["src/a/x", "src/a/x.tsx", "src/b/x.tsx", "src/b/x"],
    ["src/a/x.js", "src/a/x.ts", "src/b/y.ts", "src/b/y.js"],
    ["src/a/x.mjs", "src/a/x.mts", "src/b/x.mts", "src/b/x.mjs"],
    ["src/a/x.js", "src/a/x.d.ts", "src/b/x.d.ts", "src/b/x.js"],
    ["src/a", "src/a/index.ts", "src/b/a/index.ts", "src/b/a"],
    ["src/a/index.js", "src/a/index.ts", "src/b/index.ts", "src/b/index.js"],
    ["src/s.css", "src/s.d.css.ts", "lib/s.d.css.ts", "lib/s.css"],
    ["src/a", "src/a/index.ts", "src/b/renamed.ts", undefined],
    ["src/a", "src/ab.ts", "src/ab.ts", undefined],
  ])("%s → %s moving to %s is spelled %s", (literal, target, newTarget, expected) => {
    expect(mapLiteralToTarget(literal, target, newTarget)).toBe(expected);
  });
});

describe("planImportEdits on in-memory trees", () => {
  it("keeps ./dir vs ./dir/index, extensionless and .json per specifier", () => {
    const { changed, warnings } = rewrite(
      {
        "tsconfig.json": JSON.stringify({
          compilerOptions: { module: "ESNext", moduleResolution: "Bundler", resolveJsonModule: true },
        }),
        "src/ui/index.ts": "export const ui = 1;\n",
        "src/ui/data.json": "{}\n",
        "src/app.ts": `import { ui } from "./ui";\nimport { ui as again } from "./ui/index";\nimport data from "./ui/data.json";\nexport const all = [ui, again, data];\n`,
      },
      [{ from: "src/ui", to: "src/view/ui" }],
    );
    expect(warnings).toEqual([]);
    expect(changed["src/app.ts"]).toBe(
      `import { ui } from "./view/ui";\nimport { ui as again } from "./view/ui/index";\nimport data from "./view/ui/data.json";\nexport const all = [ui, again, data];\n`,
    );
  });

  it("leaves bare packages, node builtins and package self-references alone, even from a moved file (the package's exports follow the move)", () => {
    const { changed } = rewrite(
      {
        "tsconfig.json": nodeNext,
        "package.json": JSON.stringify({
          name: "self-pkg",
          type: "module",
          exports: { "./util": "./src/util/index.js" },
        }),
        "node_modules/dep/package.json": JSON.stringify({
          name: "dep",
          exports: { ".": "./main.js", "./feature": "./feature.js" },
        }),
        "node_modules/dep/main.js": "export {};\n",
        "node_modules/dep/feature.js": "export {};\n",
        "src/util/index.ts": `import "dep";\nimport "dep/feature";\nimport "node:fs";\nimport "self-pkg/util";\nimport "../other.js";\n`,
        "src/other.ts": "export {};\n",
      },
      [{ from: "src/util", to: "src/lib/util" }],
    );
    expect(changed).toEqual({
      "package.json": JSON.stringify({
        name: "self-pkg",
        type: "module",
        exports: { "./util": "./src/lib/util/index.js" },
      }),
      "src/lib/util/index.ts": `import "dep";\nimport "dep/feature";\nimport "node:fs";\nimport "self-pkg/util";\nimport "../../other.js";\n`,
    });
  });

  it("keeps package self-references as written and re-points the package.json exports they go through", () => {
    const context = memoryContext(
      {
        "tsconfig.json": nodeNext,
        "package.json": JSON.stringify({
          name: "self-pkg",
          type: "module",
          exports: { "./util": "./src/util/index.js" },
        }),
        "src/util/index.ts": "export {};\n",
        "src/main.ts": `import "self-pkg/util";\n`,
      },
      [{ from: "src/util", to: "src/lib/util" }],
    );
    const result = planImportEdits(context);
    expect(result.edits.map((edit) => [edit.file, edit.before, edit.text])).toEqual([
      ["package.json", "util", "lib/util"],
    ]);
    expect(result.reported).toEqual([]);
    expect(result.blockers).toEqual([]);
  });

  it("blocks the plan when a package self-reference reaches a moved file through a field graft does not edit", () => {
    const context = memoryContext(
      {
        "tsconfig.json": nodeNext,
        "package.json": JSON.stringify({ name: "self-pkg", type: "module", exports: { "./*": "./src/*" } }),
        "src/util/index.ts": "export {};\n",
        "src/main.ts": `import "self-pkg/util/index.js";\n`,
      },
      [{ from: "src/util", to: "lib/util" }],
    );
    const result = planImportEdits(context);
    expect(result.blockers).toEqual([
      expect.stringContaining(
        'src/main.ts:1:9: "self-pkg/util/index.js" reaches src/util/index.ts through a package.json',
      ),
    ]);
  });

  it("keeps a relative path whose two ends move together, even a roundabout one (item 5)", () => {
    const { changed, warnings } = rewrite(
      {
        "tsconfig.json": JSON.stringify({
          compilerOptions: {
            module: "ESNext",
            moduleResolution: "Bundler",
            allowImportingTsExtensions: true,
            noEmit: true,
          },
        }),
        "library/src/utils/index.ts": "export class ValiError extends Error {}\n",
        "library/src/utils/isValiError/isValiError.ts": `import { ValiError } from '../../utils/index.ts';\nexport const is = (e: unknown) => e instanceof ValiError;\n`,
      },
      [{ from: "library/src", to: "library/lib" }],
    );
    expect(changed).toEqual({});
    expect(warnings).toEqual([]);
  });

  it("switches to a relative specifier when the new place is under no alias, and to another alias when it is", () => {
    const { changed } = rewrite(
      {
        "tsconfig.json": JSON.stringify({
          compilerOptions: {
            moduleResolution: "Bundler",
            module: "ESNext",
            paths: { "@lib/*": ["./src/lib/*"], "@core/*": ["./src/core/*"] },
          },
        }),
        "src/lib/a.ts": "export const a = 1;\n",
        "src/lib/b.ts": "export const b = 2;\n",
        "src/main.ts": `import { a } from "@lib/a";\nimport { b } from "@lib/b";\n`,
      },
      [
        { from: "src/lib/a.ts", to: "src/core/a.ts" },
        { from: "src/lib/b.ts", to: "elsewhere/b.ts" },
      ],
    );
    expect(changed["src/main.ts"]).toBe(`import { a } from "@core/a";\nimport { b } from "../elsewhere/b";\n`);
  });

  it("re-levels asset imports (CSS) and triple-slash paths written without ./ inside a moved file", () => {
    const { changed } = rewrite(
      {
        "tsconfig.json": bundler,
        "src/styles.css": "a {}\n",
        "src/types.d.ts": "declare const X: number;\n",
        "src/widgets/w.ts": `/// <reference path="../types.d.ts" />\nimport "../styles.css";\n`,
        "src/w2.ts": `/// <reference path="types.d.ts" />\nexport {};\n`,
      },
      [{ from: "src/widgets", to: "src/ui/widgets" }],
    );
    expect(changed).toEqual({
      "src/ui/widgets/w.ts": `/// <reference path="../../types.d.ts" />\nimport "../../styles.css";\n`,
    });
  });

  it("leaves a specifier written with escapes as is and says so", () => {
    const { changed, warnings } = rewrite(
      { "tsconfig.json": bundler, "src/a/x.ts": "export {};\n", "src/b.ts": `import "./a/\\x78";\n` },
      [{ from: "src/a", to: "src/c" }],
    );
    expect(changed).toEqual({});
    expect(warnings).toEqual([`src/b.ts:1:9: "./a/x" is written with escapes; left as is`]);
  });

  it("uses CommonJS resolution for require() in a NodeNext project and keeps extensionless requires extensionless", () => {
    const { changed, warnings } = rewrite(
      {
        "tsconfig.json": JSON.stringify({ compilerOptions: { module: "NodeNext", allowJs: true } }),
        "package.json": JSON.stringify({ name: "cjs" }),
        "lib/math.js": "module.exports = {};\n",
        "main.js": `const math = require("./lib/math");\nconst again = require("./lib/math.js");\n`,
      },
      [{ from: "lib", to: "src/lib" }],
    );
    expect(warnings).toEqual([]);
    expect(changed["main.js"]).toBe(
      `const math = require("./src/lib/math");\nconst again = require("./src/lib/math.js");\n`,
    );
  });

  it("reads a tsconfig base from node_modules even when the scan does not list node_modules", () => {
    const context = memoryContext(
      {
        "tsconfig.json": JSON.stringify({ extends: "@company/tsconfig/base.json" }),
        "node_modules/@company/tsconfig/package.json": JSON.stringify({ name: "@company/tsconfig" }),
        "node_modules/@company/tsconfig/base.json": JSON.stringify({
          compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext" },
        }),
        "package.json": JSON.stringify({ type: "module" }),
        "src/a/x.ts": "export {};\n",
        "src/b.ts": `import "./a/x.js";\n`,
      },
      [{ from: "src/a", to: "src/c" }],
    );
    // Like the plan's context: only scanned paths exist; everything stays readable.
    const result = planImportEdits({ ...context, exists: (p) => !p.startsWith("node_modules") && context.exists(p) });
    expect(result.warnings).toEqual([]);
    expect(result.edits.map((edit) => edit.text)).toEqual(["./c/x.js"]);
  });

  it("respells a folder import whose index file moves away on its own, keeping the extension style", () => {
    const tree = {
      "src/util/index.ts": "export const u = 1;\n",
      "src/util/other.ts": "export {};\n",
      "src/app.ts": `import { u } from "./util";\n`,
    };
    const moves = [{ from: "src/util/index.ts", to: "src/barrel.ts" }];
    expect(rewrite({ ...tree, "tsconfig.json": bundler }, moves).changed["src/app.ts"]).toBe(
      `import { u } from "./barrel";\n`,
    );
    const esm = {
      ...tree,
      "tsconfig.json": nodeNext,
      "package.json": JSON.stringify({ type: "module" }),
      "src/app.ts": `import { u } from "./util/index.js";\n`,
    };
    expect(rewrite(esm, moves).changed["src/app.ts"]).toBe(`import { u } from "./barrel.js";\n`);
  });

  it("does nothing when no file moves", () => {
    expect(
      rewrite({ "src/a.ts": `import "./b";\n`, "src/b.ts": "" }, [{ from: "src/none", to: "src/other" }]).changed,
    ).toEqual({});
  });
});
