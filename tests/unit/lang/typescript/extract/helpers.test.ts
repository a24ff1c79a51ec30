import { describe, expect, it } from "vitest";
import ts from "typescript";
import path from "node:path";
import { detectExtensionStyle, specifierBetween } from "../../../../../src/lang/typescript/extension-style.js";
import { createResolver } from "../../../../../src/lang/typescript/create-resolver.js";
import { respellSpecifier } from "../../../../../src/lang/typescript/respell-specifier.js";
import { readAliasConfig } from "../../../../../src/lang/typescript/specifier-style.js";
import { createTreeView } from "../../../../../src/lang/typescript/tree-view.js";
import { sourceTextOf } from "../../../../../src/lang/typescript/extract/source-text.js";
import { removalRangeOf, removeListElements } from "../../../../../src/lang/typescript/extract/text-ranges.js";
import { normalizeEdits } from "../../../../../src/model/edit.js";
import { renderImportLine } from "../../../../../src/lang/typescript/extract/render-imports.js";

function parse(text: string): ts.SourceFile {
  return ts.createSourceFile("m.ts", text, ts.ScriptTarget.ES2022, true);
}

/** Applies byte edits to ASCII text (where bytes and characters coincide). */
function apply(text: string, edits: { start: number; end: number; text: string }[]): string {
  let out = text;
  for (const e of normalizeEdits(edits).reverse()) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** What the extract writes for a relative import the moved code carries from `oldFile` to `newFile` (Bundler resolution). */
function repointRelative(specifier: string, oldFile: string, newFile: string): string | undefined {
  const target = `${path.posix.join(path.posix.dirname(oldFile), specifier).replace(/\.js$/, "")}.ts`;
  const files = [oldFile, newFile, target];
  const view = createTreeView({ root: "/p", files, readFile: () => Buffer.from(""), exists: () => false });
  const options = { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler };
  const warnings: string[] = [];
  const spelled = respellSpecifier({
    file: oldFile,
    newFile,
    specifier: { text: specifier, kind: "import", line: 1, column: 1 },
    target,
    newTarget: target,
    aliases: readAliasConfig(options, view),
    after: () => createResolver(view, options),
    warnings,
  });
  expect(warnings).toEqual([]);
  return spelled;
}

describe("removalRangeOf", () => {
  it("takes the attached JSDoc and one blank line, leaves a detached section comment", () => {
    const text = "a();\n\n// section\n\n/** doc */\nfunction f() {}\n\nb();\n";
    const f = parse(text).statements[1]!;
    expect(apply(text, [removalRangeOf(sourceTextOf(text), f)])).toBe("a();\n\n// section\n\nb();\n");
  });

  it("takes a same-line trailing comment and the blank lines above a removed tail", () => {
    const text = "a();\n\nconst x = 1; // note\n";
    expect(apply(text, [removalRangeOf(sourceTextOf(text), parse(text).statements[1]!)])).toBe("a();\n");
  });
});

describe("removeListElements", () => {
  const list = (text: string) =>
    (parse(text).statements[0] as ts.ImportDeclaration).importClause!.namedBindings as ts.NamedImports;

  it("removes runs in the middle and at the end, keeping the other bytes", () => {
    const text = 'import { a, b, c, d } from "x";';
    const ranges = removeListElements(sourceTextOf(text), list(text).elements, new Set([1, 3]));
    expect(ranges).not.toBe("all");
    expect(apply(text, ranges as never)).toBe('import { a, c } from "x";');
  });

  it("keeps a multi-line list's comments and trailing comma", () => {
    const text = 'import {\n  // first\n  a,\n  b,\n} from "x";';
    expect(apply(text, removeListElements(sourceTextOf(text), list(text).elements, new Set([1])) as never)).toBe(
      'import {\n  // first\n  a,\n} from "x";',
    );
  });

  it('says "all" when nothing is left', () => {
    const text = 'import { a } from "x";';
    expect(removeListElements(sourceTextOf(text), list(text).elements, new Set([0]))).toBe("all");
  });
});

describe("specifiers", () => {
  it("spells a path in each style, from any depth", () => {
    expect(specifierBetween("main.ts", "src/a/b.ts", "js")).toBe("./src/a/b.js");
    expect(specifierBetween("src/a/b.ts", "main.ts", "ts")).toBe("../../main.ts");
    expect(specifierBetween("src/x.ts", "src/y.mts", "js")).toBe("./y.mjs");
    expect(specifierBetween("src/x.ts", "lib/y.tsx", "none")).toBe("../lib/y");
  });

  it("re-points a relative specifier, keeping its extension as written", () => {
    expect(repointRelative("./src/stats.js", "main.ts", "src/data/fe.ts")).toBe("../stats.js");
    expect(repointRelative("../util", "src/main.ts", "main2.ts")).toBe("./util");
  });

  it("follows the majority of the project's relative specifiers, else the compiler options", () => {
    expect(detectExtensionStyle(["./a.ts", "./b.ts", "./c.js", "node:fs"], { allowImportingTsExtensions: true })).toBe(
      "ts",
    );
    expect(detectExtensionStyle(["./a.ts", "./b.ts", "./c.js"], { module: ts.ModuleKind.NodeNext })).toBe("js");
    expect(detectExtensionStyle(["react"], { allowImportingTsExtensions: true })).toBe("ts");
    expect(
      detectExtensionStyle([], { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler }),
    ).toBe("none");
    expect(detectExtensionStyle([], { module: ts.ModuleKind.NodeNext })).toBe("js");
  });
});

describe("renderImportLine", () => {
  it("keeps short lists on one line and wraps long ones one element per line", () => {
    expect(
      renderImportLine({ keyword: "import", isTypeOnly: true, named: ["A", "B"], specifier: "./a.js", quote: "'" }),
    ).toBe("import type { A, B } from './a.js';");
    const named = Array.from({ length: 12 }, (_, i) => `someLongishName${i}`);
    const wrapped = renderImportLine({ keyword: "export", named, specifier: "./b.js", quote: '"', eol: "\r\n" });
    expect(wrapped.split("\r\n")).toEqual(["export {", ...named.map((n) => `  ${n},`), '} from "./b.js";']);
  });
});

describe("byte order mark", () => {
  it("stays first: removals and insertions start after it, offsets count its 3 bytes", async () => {
    const { planTypeScriptExtract } = await import("../../../../../src/lang/typescript/extract/plan-extract.js");
    const { applyEdits } = await import("../../../../../src/model/edit.js");
    const main = Buffer.from("\uFEFFexport function a(): number {\n  return 1;\n}\n\nexport const b = 2;\n", "utf8");
    const result = planTypeScriptExtract({
      root: "/p",
      files: ["main.ts"],
      readFile: () => main,
      from: "main.ts",
      symbols: ["a"],
      to: "a.ts",
    });
    expect(applyEdits(main, result.edits).toString("utf8")).toBe(
      '\uFEFFexport { a } from "./a.js";\n\nexport const b = 2;\n',
    );
  });
});
