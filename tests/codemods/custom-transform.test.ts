import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { editBetween, runCustomCodemod } from "../../src/codemod/custom-transform.js";
import { applyEdits } from "../../src/model/edit.js";

const require = createRequire(import.meta.url);
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

// Files of several languages for one step, and a transform without a parser export that renames `x` to `y`.
const mixed: Record<string, string> = {
  "mixed/cast.ts": "declare const x: unknown;\nexport const n = <number>x;\n",
  "mixed/view.tsx": "const x = 1;\nexport const V = () => <div>{x}</div>;\n",
  "mixed/plain.js": "const x = 1;\nmodule.exports = x;\n",
};
for (const [file, text] of Object.entries(mixed)) {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}
writeFileSync(
  path.join(root, "transforms/rename-x.cjs"),
  `module.exports = function (file, api) {
  const j = api.jscodeshift;
  return j(file.source).find(j.Identifier, { name: "x" }).forEach((p) => { p.node.name = "y"; }).toSource();
};
`,
);
// A transform exporting a parser object (jscodeshift's own ts parser, counting its calls), reporting and counting.
writeFileSync(
  path.join(root, "transforms/reporting.cjs"),
  `const ts = require(${JSON.stringify(require.resolve("jscodeshift/parser/ts"))})();
let current = "";
module.exports = function (file, api) {
  current = file.path;
  api.report("path " + file.path);
  api.stats("files");
  if (file.path >= "rep/d.ts") throw new Error("cannot parse " + file.path);
  const j = api.jscodeshift;
  const root = j(file.source);
  api.stats("constants", root.find(j.VariableDeclaration).size() * 2);
  return root.toSource() + "// seen\\n";
};
module.exports.parser = {
  parse(source, options) {
    globalThis.graftParsed.push(current);
    return ts.parse(source, options);
  },
};
`,
);
const reported = ["rep/a.ts", "rep/b.ts", "rep/c.ts", "rep/d.ts", "rep/e.ts"];
mkdirSync(path.join(root, "rep"));
for (const file of reported) writeFileSync(path.join(root, file), "export const one = 1;\nconst two = 2;\n");
// Transforms installed as packages of the project.
const packages: Record<string, string> = {
  "node_modules/@acme/codemods/package.json": JSON.stringify({ name: "@acme/codemods", main: "main.js" }),
  "node_modules/@acme/codemods/main.js": 'module.exports = (file) => "// @acme/codemods\\n" + file.source;\n',
  "node_modules/plain/package.json": JSON.stringify({ name: "plain" }),
  "node_modules/plain/sub.js": 'module.exports = (file) => "// plain/sub\\n" + file.source;\n',
  "node_modules/esm-only/package.json": JSON.stringify({
    name: "esm-only",
    type: "module",
    exports: { "./upper": { import: "./upper.js" } },
  }),
  "node_modules/esm-only/upper.js": 'export default (file) => "// esm-only/upper\\n" + file.source;\n',
};
for (const [file, text] of Object.entries(packages)) {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

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
    ).rejects.toThrow(/no built-in codemod of that name, no transform file at .* and no package of that name/);
  });

  it("parses .ts with ts and .tsx with tsx in the same run unless the step names a parser", async () => {
    const result = await runCustomCodemod({
      root,
      files: Object.keys(mixed),
      readFile,
      transform: "transforms/rename-x.cjs",
      globs: ["mixed/**"],
    });
    expect(result.statuses).toEqual([
      { file: "mixed/cast.ts", status: "ok" },
      { file: "mixed/view.tsx", status: "ok" },
      { file: "mixed/plain.js", status: "ok" },
    ]);
    expect(result.parser).toBeUndefined();
    const edited = (file: string) =>
      applyEdits(
        readFile(file),
        result.edits.filter((e) => e.file === file),
      ).toString();
    expect(edited("mixed/cast.ts")).toBe("declare const y: unknown;\nexport const n = <number>y;\n");
    expect(edited("mixed/view.tsx")).toBe("const y = 1;\nexport const V = () => <div>{y}</div>;\n");
    // Parsed as TSX, the cast is a JSX element that never closes: the step's parser applies to every file.
    const forced = await runCustomCodemod({
      root,
      files: Object.keys(mixed),
      readFile,
      transform: "transforms/rename-x.cjs",
      globs: ["mixed/*.ts"],
      parser: "tsx",
    });
    expect(forced.parser).toBe("tsx");
    expect(forced.statuses[0]).toMatchObject({ file: "mixed/cast.ts", status: "error" });
  });

  it("honours a parser object the transform exports, and reports, stats and relative paths like jscodeshift", async () => {
    const counter = globalThis as { graftParsed?: string[] };
    counter.graftParsed = [];
    const result = await runCustomCodemod({
      root,
      files: reported,
      readFile,
      transform: "transforms/reporting.cjs",
      globs: ["rep/**"],
    });
    expect(typeof result.parser).toBe("object");
    expect(counter.graftParsed).toEqual(["rep/a.ts", "rep/b.ts", "rep/c.ts"]);
    expect(result.statuses.map((s) => s.status)).toEqual(["ok", "ok", "ok", "error", "error"]);
    // Every failing file with its error: one failure does not hide the next.
    expect(result.statuses.filter((s) => s.status === "error")).toEqual([
      { file: "rep/d.ts", status: "error", error: "cannot parse rep/d.ts" },
      { file: "rep/e.ts", status: "error", error: "cannot parse rep/e.ts" },
    ]);
    expect(result.reports).toEqual(reported.map((file) => ({ file, message: `path ${file}` })));
    expect(result.stats).toEqual({ files: 5, constants: 12 });
  });

  it("loads transforms named by npm package from the project: scoped, a subpath, and an ESM-only export", async () => {
    for (const [transform, name] of [
      ["@acme/codemods", "@acme/codemods"],
      ["plain/sub", "plain/sub"],
      ["esm-only/upper", "esm-only/upper"],
    ] as const) {
      const result = await runCustomCodemod({ root, files: ["lib/e.ts"], readFile, transform, globs: ["lib/*.ts"] });
      expect(result.name).toBe(name);
      expect(applyEdits(readFile("lib/e.ts"), result.edits).toString(), transform).toBe(
        `// ${transform}\n${files["lib/e.ts"]}`,
      );
    }
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
