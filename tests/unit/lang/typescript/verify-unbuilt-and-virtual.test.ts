import { describe, expect, it } from "vitest";
import { verifyTypeScriptImports } from "../../../../src/lang/typescript/typescript-import-verifier.js";
import { createIgnoreTest } from "../../../../src/verify/ignored-paths.js";
import { memoryContext } from "./helpers/memory-context.js";

const line = (u: { file: string; specifier: string; reason?: string }) => `${u.file} ${u.specifier} (${u.reason})`;

/** What `graft verify` meets on a fresh clone of a real project (valibot): nothing installed, nothing built. */
const tree = {
  ".gitignore": "node_modules\ndist\n",
  "tsconfig.json": JSON.stringify({
    compilerOptions: { module: "esnext", moduleResolution: "bundler" },
    include: ["src/**/*"],
  }),
  "package.json": JSON.stringify({ name: "site", devDependencies: { "@types/json-schema": "^7.0.0" } }),
  "src/editor.ts": [
    `import code from "./sample.ts?raw";`,
    `import logo from "./logo.svg?url";`,
    `import gone from "./gone.ts?raw";`,
    `import lib from "../lib/dist/index.js";`,
    `import type { JSONSchema7 } from "json-schema";`,
    `import plan from "@qwik-city-plan";`,
    `import pwa from "virtual:pwa-register";`,
    `import missing from "not-declared-anywhere";`,
    `export { code, logo, gone, lib, plan, pwa, missing };`,
  ].join("\n"),
  "src/sample.ts": "export const sample = 1;\n",
  "src/logo.svg": "<svg/>\n",
  // A codemod's test fixtures: excluded from every project, never type-checked.
  "codemod/tsconfig.json": JSON.stringify({ include: ["src/**/*.ts"], exclude: ["fixtures/**"] }),
  "codemod/src/index.ts": "export {};\n",
  "codemod/fixtures/input.ts": `import { z } from "zod";\nexport const s = z.string();\n`,
};

describe("graft verify on a project before its install and build", () => {
  const context = memoryContext(tree, []);
  const files = Object.keys(tree);
  const withGit = { ...context, isIgnored: createIgnoreTest(files, (p) => Buffer.from(tree[p as keyof typeof tree])) };

  it("fails only what an install or a build cannot fix, and lists the rest apart with the reason", () => {
    const result = verifyTypeScriptImports(withGit);
    expect(result.unresolved.map(line)).toEqual([
      "src/editor.ts ./gone.ts?raw (cannot find module)",
      "src/editor.ts not-declared-anywhere (cannot find module)",
    ]);
    expect(result.reported.map(line)).toEqual([
      "codemod/fixtures/input.ts zod (third-party module does not resolve)",
      "src/editor.ts ../lib/dist/index.js (build output: a path git ignores, not there (not built yet))",
      "src/editor.ts json-schema (declared by its package but not installed)",
      "src/editor.ts @qwik-city-plan (virtual module (a bundler plugin or an installed package's ambient declaration provides it))",
      "src/editor.ts virtual:pwa-register (virtual module (a bundler plugin or an installed package's ambient declaration provides it))",
    ]);
  });

  it("fails an import of a missing path when the caller cannot tell whether git ignores it", () => {
    const result = verifyTypeScriptImports(context);
    expect(result.unresolved.map((u) => u.specifier)).toContain("../lib/dist/index.js");
  });

  it("re-checks an asset import whose file a run moved, and fails it when it no longer resolves", () => {
    const moved = { ...tree };
    delete (moved as Record<string, string>)["src/sample.ts"];
    (moved as Record<string, string>)["src/samples/sample.ts"] = "export const sample = 1;\n";
    const scope = {
      moves: [{ from: "src/sample.ts", to: "src/samples/sample.ts" }],
      touched: new Set(["src/sample.ts", "src/samples/sample.ts"]),
    };
    const result = verifyTypeScriptImports(memoryContext(moved, []), scope);
    expect(result.unresolved.map((u) => u.specifier)).toContain("./sample.ts?raw");
  });
});

describe("generated files reached through aliases and references", () => {
  it("lists apart aliases and references into what git ignores, and accepts an alias to an existing asset", () => {
    // trpc's examples: `~/server/routers/_app` is written by a postinstall codegen into a gitignored folder.
    const app = {
      ".gitignore": "src/server/routers\n.astro\n",
      "tsconfig.json": JSON.stringify({
        compilerOptions: { module: "esnext", moduleResolution: "bundler", paths: { "~/*": ["./src/*"] } },
      }),
      "src/env.d.ts": `/// <reference path="../.astro/types.d.ts" />\n`,
      "src/main.ts": `import { app } from "~/server/routers/_app";\nimport "~/styles/globals.css";\nimport "~/gone";\nexport { app };\n`,
      "src/styles/globals.css": "body {}\n",
    };
    const files = Object.keys(app);
    const context = {
      ...memoryContext(app, []),
      isIgnored: createIgnoreTest(files, (p) => Buffer.from(app[p as keyof typeof app])),
    };
    const result = verifyTypeScriptImports(context);
    expect(result.unresolved.map(line)).toEqual(["src/main.ts ~/gone (cannot find module)"]);
    expect(result.reported.map(line)).toEqual([
      "src/env.d.ts ../.astro/types.d.ts (build output: a path git ignores, not there (not built yet))",
      "src/main.ts ~/server/routers/_app (build output: a path git ignores, not there (not built yet))",
    ]);
  });
});

describe("dependencies declared at a workspace root", () => {
  it("lists apart a tool a package uses but only the workspace root declares (zod: vitest)", () => {
    const workspace = {
      "package.json": JSON.stringify({ private: true, workspaces: ["packages/*"], devDependencies: { vitest: "^4" } }),
      "packages/core/package.json": JSON.stringify({ name: "core", devDependencies: {} }),
      "packages/core/tsconfig.json": JSON.stringify({
        compilerOptions: { module: "esnext", moduleResolution: "bundler" },
      }),
      "packages/core/src/core.test.ts": `import { it } from "vitest";\nimport "undeclared";\nit("runs", () => {});\n`,
    };
    const result = verifyTypeScriptImports(memoryContext(workspace, []));
    expect(result.unresolved.map((u) => u.specifier)).toEqual(["undeclared"]);
    expect(result.reported.map(line)).toEqual([
      "packages/core/src/core.test.ts vitest (declared by its package but not installed)",
    ]);
  });
});

describe("createIgnoreTest", () => {
  it("answers as git does: ignored folders hide what they hold, deeper files re-include", () => {
    const texts: Record<string, string> = { ".gitignore": "dist\n*.log\n", "pkg/.gitignore": "!keep.log\n" };
    const isIgnored = createIgnoreTest(Object.keys(texts), (p) => Buffer.from(texts[p]!));
    expect(isIgnored("dist/index.js")).toBe(true);
    expect(isIgnored("pkg/dist/x.d.ts")).toBe(true);
    expect(isIgnored("a.log")).toBe(true);
    expect(isIgnored("pkg/keep.log")).toBe(false);
    expect(isIgnored("src/index.ts")).toBe(false);
    expect(isIgnored("../outside/dist/x.js")).toBe(false);
  });
});
