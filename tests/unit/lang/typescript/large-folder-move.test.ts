import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { manifestSchema } from "../../../../src/model/manifest-schema.js";
import { planImportEdits } from "../../../../src/lang/typescript/plan-import-edits.js";
import { applyMoveInMemory, buildFixtureContext, writeTempTree } from "./helpers/fixture-context.js";
import { typeCheckProject } from "./helpers/type-check.js";

const hubSize = 12;
const importerCount = 120;

/** Source of a hub module before (`base` is the specifier of src/shared/base.ts) . */
const hubModule = (k: number, base: string): string =>
  `import { base } from "${base}";\n${k > 0 ? `import { h${k - 1} } from "./h${k - 1}.js";\n` : ""}\nexport const h${k} = (n: number): number => ${k > 0 ? `h${k - 1}(n) + ` : ""}base(n);\n`;
const importer = (i: number, hub: string): string =>
  `// consumer ${i}\r\nimport { h${i % hubSize} } from '${hub}/h${i % hubSize}.js';\r\nimport * as all from "${hub}/index.js";\r\nexport type Hub = typeof import("${hub}/h0.js");\r\n\r\nexport const c${i} = (): number => h${i % hubSize}(${i}) + all.h0(1);\r\n`;

function writeProject(root: string): void {
  const write = (file: string, text: string): void => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  write("package.json", `{ "type": "module" }\n`);
  write(
    "tsconfig.json",
    JSON.stringify({
      compilerOptions: { module: "NodeNext", strict: true, noEmit: true, types: [] },
      include: ["src"],
    }),
  );
  write("src/shared/base.ts", "export const base = (n: number): number => n * 2;\n");
  for (let k = 0; k < hubSize; k++) write(`src/hub/h${k}.ts`, hubModule(k, "../shared/base.js"));
  write("src/hub/index.ts", Array.from({ length: hubSize }, (_, k) => `export * from "./h${k}.js";\n`).join(""));
  for (let i = 0; i < importerCount; i++) write(`src/consumers/group${i % 4}/c${i}.ts`, importer(i, "../../hub"));
}

const root = mkdtempSync(path.join(os.tmpdir(), "graft-ts-large-"));
const temps = [root];
afterAll(() =>
  temps.forEach((dir) => {
    rmSync(dir, { recursive: true, force: true });
  }),
);

describe(`a folder imported from ${importerCount} files, importing its siblings and a file outside`, () => {
  writeProject(root);
  const manifest = manifestSchema.parse({
    version: 1,
    name: "large",
    root: ".",
    moves: [{ from: "src/hub", to: "src/core/hub" }],
  });
  const context = buildFixtureContext(root, manifest);

  it("rewrites every importer and re-levels only the outward specifiers of the moved files", async () => {
    expect(typeCheckProject(root)).toEqual([]);
    const result = await planImportEdits(context);
    expect(result.warnings).toEqual([]);
    expect(result.edits).toHaveLength(importerCount * 3 + hubSize);
    const after = applyMoveInMemory(context, result.edits);
    for (let i = 0; i < importerCount; i++) {
      expect(after.get(`src/consumers/group${i % 4}/c${i}.ts`)!.toString("utf8")).toBe(importer(i, "../../core/hub"));
    }
    for (let k = 0; k < hubSize; k++)
      expect(after.get(`src/core/hub/h${k}.ts`)!.toString("utf8")).toBe(hubModule(k, "../../shared/base.js"));
    expect(after.get("src/core/hub/index.ts")!.equals(context.readFile("src/hub/index.ts"))).toBe(true);
    const copy = writeTempTree(after);
    temps.push(copy);
    expect(typeCheckProject(copy)).toEqual([]);
  });

  it("moves a single file out of the folder just as well", async () => {
    const single = buildFixtureContext(root, {
      ...manifest,
      moves: [{ from: "src/hub/h3.ts", to: "src/legacy/hub-three.ts" }],
    });
    const result = await planImportEdits(single);
    expect(result.warnings).toEqual([]);
    const after = applyMoveInMemory(single, result.edits);
    expect(after.get("src/legacy/hub-three.ts")!.toString("utf8")).toBe(
      hubModule(3, "../shared/base.js").replace('"./h2.js"', '"../hub/h2.js"'),
    );
    expect(after.get("src/hub/h4.ts")!.toString("utf8")).toBe(
      hubModule(4, "../shared/base.js").replace('"./h3.js"', '"../legacy/hub-three.js"'),
    );
    expect(after.get("src/hub/index.ts")!.toString("utf8")).toContain(`export * from "../legacy/hub-three.js";\n`);
    expect(after.get("src/consumers/group3/c3.ts")!.toString("utf8")).toContain(`from '../../legacy/hub-three.js';`);
    const copy = writeTempTree(after);
    temps.push(copy);
    expect(typeCheckProject(copy)).toEqual([]);
  });
});
