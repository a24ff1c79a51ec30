import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { editBetween, runCustomCodemod } from "../../src/codemod/custom-transform.js";
import { applyEdits } from "../../src/model/edit.js";

const root = mkdtempSync(path.join(os.tmpdir(), "graft-custom-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const files: Record<string, string> = {
  "src/a.ts": `export const a = 1; // café\n`,
  "src/b.ts": `export const b = 2;\n`,
  "src/c.ts": `export const c = 3;\n`,
  "src/d.ts": `throw here;\n`,
  "lib/e.ts": `export const e = 5;\n`,
};
for (const [file, text] of Object.entries(files)) {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}
// A TypeScript transform in a folder (loaded through tsx), using the jscodeshift API and options.
mkdirSync(path.join(root, "transforms/rename-const"), { recursive: true });
writeFileSync(
  path.join(root, "transforms/rename-const/index.ts"),
  `import type { API, FileInfo } from "jscodeshift";
export default function transform(file: FileInfo, api: API, options: { suffix: string }): string | null | undefined {
  if (file.source.includes("throw here")) throw new Error("refused " + file.path.split("/").pop());
  if (file.path.endsWith("b.ts")) return file.source;
  if (file.path.endsWith("c.ts")) return null;
  const j = api.jscodeshift;
  return j(file.source).find(j.Identifier, { name: "a" }).forEach((p) => { p.node.name = "a" + options.suffix; }).toSource();
}
`,
);
// A CommonJS transform file.
writeFileSync(path.join(root, "transforms/upper.cjs"), `module.exports = (file) => file.source.toUpperCase();\n`);

const readFile = (file: string): Buffer => readFileSync(path.join(root, file));

describe("runCustomCodemod", () => {
  it("loads a TypeScript transform folder, runs it over the glob and reports each file like jscodeshift's Worker", async () => {
    const result = await runCustomCodemod({
      root,
      files: Object.keys(files),
      readFile,
      transform: "transforms/rename-const",
      globs: ["src/**/*.ts"],
      options: { suffix: "Renamed" },
    });
    expect(result.name).toBe("rename-const");
    expect(result.statuses).toEqual([
      { file: "src/a.ts", status: "ok" },
      { file: "src/b.ts", status: "unchanged" },
      { file: "src/c.ts", status: "skipped" },
      { file: "src/d.ts", status: "error", error: "refused d.ts" },
    ]);
    expect(result.edits).toEqual([
      { file: "src/a.ts", start: 14, end: 14, text: "Renamed", kind: "codemod:rename-const", before: "" },
    ]);
    expect(applyEdits(readFile("src/a.ts"), result.edits).toString("utf8")).toBe(
      `export const aRenamed = 1; // café\n`,
    );
  });

  it("loads a CommonJS transform file by path", async () => {
    const result = await runCustomCodemod({
      root,
      files: Object.keys(files),
      readFile,
      transform: "transforms/upper.cjs",
      globs: ["lib/*.ts"],
    });
    expect(result.statuses).toEqual([{ file: "lib/e.ts", status: "ok" }]);
    expect(applyEdits(readFile("lib/e.ts"), result.edits).toString("utf8")).toBe(files["lib/e.ts"]!.toUpperCase());
  });

  it("rejects an unknown transform with a one-line input error", async () => {
    await expect(
      runCustomCodemod({ root, files: [], readFile, transform: "transforms/missing", globs: ["**"] }),
    ).rejects.toThrow(/no built-in codemod of that name/);
  });
});

describe("editBetween", () => {
  it("spans only the changed bytes and never splits a multi-byte character or surrogate pair", () => {
    for (const [before, after] of [
      ["const x = 'é';\n", "const x = 'è';\n"],
      ["a 😀 b", "a 😃 b"],
      ["same", "same!"],
      ["", "new"],
      ["old", ""],
    ] as const) {
      const edit = editBetween("f.ts", before, after, "codemod:t");
      expect(applyEdits(Buffer.from(before), [edit]).toString("utf8")).toBe(after);
      expect(edit.end - edit.start).toBeLessThanOrEqual(Buffer.byteLength(before));
      expect(Buffer.from(before).subarray(edit.start, edit.end).toString("utf8")).toBe(edit.before);
    }
  });
});
