import { describe, expect, it } from "vitest";
import { verifyTypeScriptImports } from "../../../../src/lang/typescript/typescript-import-verifier.js";
import { memoryContext } from "./helpers/memory-context.js";

describe("verifyTypeScriptImports", () => {
  const context = memoryContext(
    {
      "tsconfig.json": JSON.stringify({
        compilerOptions: { module: "NodeNext", strict: true, paths: { "@app/*": ["./src/*"] } },
      }),
      "package.json": JSON.stringify({ name: "p", type: "module" }),
      "node_modules/installed/package.json": JSON.stringify({ name: "installed", main: "index.js" }),
      "node_modules/installed/index.js": "module.exports = {};\n",
      "node_modules/untyped/package.json": JSON.stringify({ name: "untyped", exports: { "./public": "./public.js" } }),
      "node_modules/untyped/public.js": "export {};\n",
      "src/ok.ts": "export const ok = 1;\n",
      "src/env.d.ts": `declare module "virtual:*" { const value: string; export default value; }\n`,
      "src/main.ts": [
        `/// <reference path="./nowhere.d.ts" />`,
        `import { ok } from "./ok.js";`,
        `import "./missing.js";`,
        `import "./ok";`,
        `import "./ok.ts";`,
        `import fs from "node:fs";`,
        `import path from "path";`,
        `import "installed";`,
        `import "untyped/private";`,
        `import "not-installed";`,
        `import v from "virtual:config";`,
        `import { ok as again } from "@app/ok.js";`,
        `import "@app/gone.js";`,
        `vi.mock("./also-missing.js");`,
        `export { ok, again, fs, path, v };`,
      ].join("\n"),
      "src/legacy.cjs": `require("not-installed-either");\nrequire("./ok.js");\n`,
    },
    [],
  );
  const result = verifyTypeScriptImports(context);
  const line = (u: { file: string; line: number; column: number; specifier: string }) =>
    `${u.file}:${u.line}:${u.column} ${u.specifier}`;

  it("fails relative, alias and triple-slash paths that do not resolve, extensionless ESM imports and .ts extensions without the option", () => {
    expect(result.unresolved.map(line)).toEqual([
      "src/main.ts:1:22 ./nowhere.d.ts",
      "src/main.ts:3:9 ./missing.js",
      "src/main.ts:4:9 ./ok",
      "src/main.ts:5:9 ./ok.ts",
      "src/main.ts:10:9 not-installed",
      "src/main.ts:13:9 @app/gone.js",
      "src/main.ts:14:10 ./also-missing.js",
    ]);
    expect(result.unresolved.find((u) => u.specifier === "./ok.ts")?.reason).toMatch(/allowImportingTsExtensions/);
  });

  it("reports, without failing, packages that are installed but do not resolve and unknown packages in JavaScript", () => {
    expect(result.reported.map(line)).toEqual([
      "src/legacy.cjs:1:10 not-installed-either",
      "src/main.ts:9:9 untyped/private",
    ]);
  });

  it("counts every specifier it checked", () => {
    expect(result.checked).toBe(16);
  });
});
