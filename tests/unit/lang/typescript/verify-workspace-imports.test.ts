import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { verifyTypeScriptImports } from "../../../../src/lang/typescript/typescript-import-verifier.js";
import { buildFixtureContext, repositoryRoot } from "./helpers/fixture-context.js";
import { memoryContext } from "./helpers/memory-context.js";

const line = (u: { file: string; line: number; column: number; specifier: string; reason?: string }) =>
  `${u.file}:${u.line}:${u.column} ${u.specifier} (${u.reason})`;

describe("the import check on workspaces (issue 16, item 3)", () => {
  const temps: string[] = [];
  afterAll(() => {
    for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  });

  it("fails a workspace package import that stops resolving, even where the package is linked into node_modules", () => {
    const core = {
      name: "@scope/core",
      type: "module",
      main: "./src/index.ts",
      exports: { ".": "./src/index.ts" },
    };
    const result = verifyTypeScriptImports(
      memoryContext(
        {
          "package.json": JSON.stringify({ private: true, workspaces: ["packages/*"] }),
          "tsconfig.json": JSON.stringify({ compilerOptions: { module: "esnext", moduleResolution: "bundler" } }),
          // The source moved to lib/ while package.json still names src/.
          "packages/core/package.json": JSON.stringify(core),
          "packages/core/lib/index.ts": "export const core = 1;\n",
          "packages/app/package.json": JSON.stringify({ name: "@scope/app", dependencies: { "@scope/core": "*" } }),
          "packages/app/src/main.ts": `import { core } from "@scope/core";\nexport const app = core;\n`,
          // What the package manager's link shows.
          "node_modules/@scope/core/package.json": JSON.stringify(core),
        },
        [],
      ),
    );
    expect(result.unresolved.map(line)).toEqual([
      "packages/app/src/main.ts:1:23 @scope/core (workspace package does not resolve (check its package.json exports/main/types))",
    ]);
    expect(result.reported).toEqual([]);
  });

  it("resolves a workspace package to its source through its package.json, installed or not", () => {
    const result = verifyTypeScriptImports(
      memoryContext(
        {
          "package.json": JSON.stringify({ private: true, workspaces: ["packages/*"] }),
          "tsconfig.json": JSON.stringify({ compilerOptions: { module: "esnext", moduleResolution: "bundler" } }),
          "packages/core/package.json": JSON.stringify({
            name: "@scope/core",
            exports: { ".": { types: "./lib/index.ts", default: "./dist/index.js" } },
          }),
          "packages/core/lib/index.ts": "export const core = 1;\n",
          "packages/app/src/main.ts": `import { core } from "@scope/core";\nexport const app = core;\n`,
        },
        [],
      ),
    );
    expect(result.unresolved).toEqual([]);
    expect(result.reported).toEqual([]);
  });

  it("lists apart, without failing, the dependencies of a workspace member that is not installed", () => {
    const copy = mkdtempSync(path.join(tmpdir(), "graft-partly-installed-"));
    temps.push(copy);
    cpSync(path.join(repositoryRoot, "fixtures/real-repo-findings/verify-partly-installed-workspace"), copy, {
      recursive: true,
    });
    // A partly installed checkout: the root node_modules exists, the website's dependencies are not in it.
    mkdirSync(path.join(copy, "node_modules"));
    const result = verifyTypeScriptImports(buildFixtureContext(copy));
    expect(result.unresolved.map(line)).toEqual([]);
    expect(result.reported.map(line)).toEqual([
      "website/vite.config.ts:1:31 vite (declared by its package but not installed)",
    ]);
  });

  // date-fns: a pnpm workspace whose root package names only build output (./index.js, ./index.d.ts), and examples
  // that import it as users would. In a source checkout nothing is built: graft verify used to fail on a pristine tree.
  const unbuilt = {
    "pnpm-workspace.yaml": "packages:\n  - .\n",
    "package.json": JSON.stringify({
      name: "date-lib",
      type: "module",
      main: "./index.cjs",
      exports: {
        "./package.json": "./package.json",
        ".": { require: { types: "./index.d.cts", default: "./index.cjs" }, import: "./index.js" },
      },
    }),
    "src/index.ts": "export const today = 1;\n",
    "examples/node/example.js": `import { today } from "date-lib";\nconsole.log(today);\n`,
  };
  const unbuiltReason = (file: string) =>
    `${file}:1:24 date-lib (workspace package is not built (the build output its package.json names is not there))`;

  it("lists apart, without failing, imports of a workspace package whose build output is not there", () => {
    const result = verifyTypeScriptImports(memoryContext(unbuilt, []));
    expect(result.unresolved).toEqual([]);
    expect(result.reported.map(line)).toEqual([unbuiltReason("examples/node/example.js")]);
  });

  it("still fails a workspace package when a source file it names is missing, built output or not", () => {
    const source = { ...unbuilt, "package.json": JSON.stringify({ name: "date-lib", exports: "./src/main.ts" }) };
    expect(verifyTypeScriptImports(memoryContext(source, [])).unresolved.map((u) => u.specifier)).toEqual(["date-lib"]);
    const mixed = {
      ...unbuilt,
      "package.json": JSON.stringify({
        name: "date-lib",
        type: "module",
        exports: { ".": { source: "./src/gone.ts", import: "./build/index.js" } },
      }),
    };
    expect(verifyTypeScriptImports(memoryContext(mixed, [])).unresolved.map((u) => u.specifier)).toEqual(["date-lib"]);
  });

  it("lists apart a package whose source entry serves a custom condition while its build output is missing", () => {
    // TanStack Query: `@tanstack/custom-condition` names ./src/index.ts; without the condition, ./build/… is used.
    const tanstack = {
      ...unbuilt,
      "package.json": JSON.stringify({
        name: "date-lib",
        type: "module",
        types: "build/legacy/index.d.ts",
        exports: {
          ".": {
            "@date-lib/source": "./src/index.ts",
            import: { types: "./build/modern/index.d.ts", default: "./build/modern/index.js" },
          },
        },
      }),
    };
    const result = verifyTypeScriptImports(memoryContext(tanstack, []));
    expect(result.unresolved).toEqual([]);
    expect(result.reported.map(line)).toEqual([unbuiltReason("examples/node/example.js")]);
  });

  it("fails, in a run's check, a package whose built files the run moved away", () => {
    const built = {
      "package.json": JSON.stringify({ private: true, workspaces: ["packages/*"] }),
      "packages/core/package.json": JSON.stringify({ name: "@scope/core", main: "./dist/index.js" }),
      "packages/core/out/index.js": "exports.core = 1;\n",
      "packages/app/src/main.js": `const { core } = require("@scope/core");\n`,
    };
    const move = { from: "packages/core/dist", to: "packages/core/out" };
    const scope = { moves: [move], touched: new Set(["packages/core/dist/index.js", "packages/core/out/index.js"]) };
    const checked = verifyTypeScriptImports(memoryContext(built, []), scope);
    expect(checked.unresolved.map((u) => `${u.file} ${u.specifier}`)).toEqual(["packages/app/src/main.js @scope/core"]);
    // Outside a run, the same tree reads as a package before its build.
    expect(verifyTypeScriptImports(memoryContext(built, [])).unresolved).toEqual([]);
  });
});
