import { describe, expect, it } from "vitest";
import { findExtendedConfigs } from "../../../../src/lang/typescript/extended-configs.js";
import { planPathsEdits } from "../../../../src/lang/typescript/plan-config-edits.js";
import { planImportEdits } from "../../../../src/lang/typescript/plan-import-edits.js";
import { createTreeView } from "../../../../src/lang/typescript/tree-view.js";
import { memoryContext, type MemoryTree } from "./helpers/memory-context.js";

// `gen/lib/y.ts` imports "./x", which only `rootDirs` makes reach `src/lib/x.ts`: its text names no moved folder.
const sources: MemoryTree = {
  "src/lib/x.ts": "export const x = 1;\n",
  "gen/lib/y.ts": 'import { x } from "./x";\nexport const y = x + 1;\n',
  "src/other.ts": "export const other = 2;\n",
};
const move = [{ from: "src/lib", to: "src/core/lib" }];
const rootDirs = { compilerOptions: { rootDirs: ["../src", "../gen"], module: "esnext", moduleResolution: "bundler" } };
const edited = (tree: MemoryTree) =>
  planImportEdits(memoryContext(tree, move)).edits.map((edit) => `${edit.file}: ${edit.before} → ${edit.text}`);
const expected = ["gen/lib/y.ts: ./x → ../../src/core/lib/x"];

describe("options a config inherits through extends", () => {
  it("rootDirs set by a config the tsconfig extends (not named tsconfig) reach the planner", () => {
    const tree = {
      ...sources,
      "configs/base.json": JSON.stringify(rootDirs),
      "tsconfig.json": JSON.stringify({ extends: "./configs/base", include: ["src", "gen"] }),
    };
    expect(edited(tree)).toEqual(expected);
  });

  it("so do those of a package's config, and of an array of configs", () => {
    const tree = {
      ...sources,
      "node_modules/@acme/tsconfig/package.json": JSON.stringify({ name: "@acme/tsconfig", tsconfig: "base.json" }),
      "node_modules/@acme/tsconfig/base.json": JSON.stringify({
        compilerOptions: { rootDirs: ["../../../src", "../../../gen"], module: "esnext", moduleResolution: "bundler" },
      }),
      "tsconfig.json": JSON.stringify({ extends: ["@acme/tsconfig"], include: ["src", "gen"] }),
    };
    expect(edited(tree)).toEqual(expected);
  });

  it("a parent config that cannot be found, or one outside the tree that sets paths, turns the text pre-filter off", () => {
    const unseen = (tree: MemoryTree) => {
      const context = memoryContext(tree, move);
      return planPathsEdits({ view: createTreeView(context), files: context.files, moves: move }).hasUnseenOptions;
    };
    expect(
      unseen({ ...sources, "tsconfig.json": JSON.stringify({ extends: "./configs/base" }), "configs/base.json": "{}" }),
    ).toBe(false);
    expect(unseen({ ...sources, "tsconfig.json": JSON.stringify({ extends: "@acme/missing" }) })).toBe(true);
    const shared = { "tsconfig.json": JSON.stringify({ extends: "@acme/tsconfig" }) };
    const withOptions = (options: unknown) => ({
      ...sources,
      ...shared,
      "node_modules/@acme/tsconfig/tsconfig.json": JSON.stringify({ compilerOptions: options }),
    });
    expect(unseen(withOptions({ strict: true }))).toBe(false);
    expect(unseen(withOptions({ paths: { "#x": ["../../../src/lib/x.ts"] } }))).toBe(true);
  });

  it("finds extended configs as TypeScript does", () => {
    const tree: MemoryTree = {
      "a/tsconfig.json": "",
      "a/base.json": "{}",
      "a/b/base.json": "{}",
      "node_modules/pkg/tsconfig.json": "{}",
      "node_modules/named/package.json": JSON.stringify({ tsconfig: "conf/ts.json" }),
      "node_modules/named/conf/ts.json": "{}",
      "node_modules/file/strict.json": "{}",
    };
    const view = createTreeView(memoryContext(tree, []));
    const find = (extendsValue: unknown) =>
      findExtendedConfigs(view, "a/tsconfig.json", JSON.stringify({ extends: extendsValue }));
    expect(find("./base")).toEqual(["a/base.json"]);
    expect(find("./b/base.json")).toEqual(["a/b/base.json"]);
    expect(find("pkg")).toEqual(["node_modules/pkg/tsconfig.json"]);
    expect(find("named")).toEqual(["node_modules/named/conf/ts.json"]);
    expect(find("file/strict")).toEqual(["node_modules/file/strict.json"]);
    expect(find(["./base", "missing"])).toEqual(["a/base.json", null]);
    expect(find(undefined)).toEqual([]);
  });
});
