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
});
