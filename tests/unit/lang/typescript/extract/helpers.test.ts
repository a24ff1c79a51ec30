import { describe, expect, it } from "vitest";
import { ts } from "ts-morph";
import {
  detectSpecifierStyle,
  repointRelative,
  specifierBetween,
} from "../../../../../src/lang/typescript/extract/specifier-style.js";
import {
  normalizeCharEdits,
  removalRangeOf,
  removeListElements,
} from "../../../../../src/lang/typescript/extract/text-ranges.js";
import { renderImportLine } from "../../../../../src/lang/typescript/extract/render-imports.js";

function parse(text: string): ts.SourceFile {
  return ts.createSourceFile("m.ts", text, ts.ScriptTarget.ES2022, true);
}

function apply(text: string, edits: { start: number; end: number; text: string }[]): string {
  let out = text;
  for (const e of normalizeCharEdits(edits).reverse()) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

describe("removalRangeOf", () => {
  it("takes the attached JSDoc and one blank line, leaves a detached section comment", () => {
    const text = "a();\n\n// section\n\n/** doc */\nfunction f() {}\n\nb();\n";
    const f = parse(text).statements[1]!;
    expect(apply(text, [removalRangeOf(text, f)])).toBe("a();\n\n// section\n\nb();\n");
  });

  it("takes a same-line trailing comment and the blank lines above a removed tail", () => {
    const text = "a();\n\nconst x = 1; // note\n";
    expect(apply(text, [removalRangeOf(text, parse(text).statements[1]!)])).toBe("a();\n");
  });
});

describe("removeListElements", () => {
  const list = (text: string) =>
    (parse(text).statements[0] as ts.ImportDeclaration).importClause!.namedBindings as ts.NamedImports;

  it("removes runs in the middle and at the end, keeping the other bytes", () => {
    const text = 'import { a, b, c, d } from "x";';
    const ranges = removeListElements(list(text).elements, new Set([1, 3]));
    expect(ranges).not.toBe("all");
    expect(apply(text, ranges as never)).toBe('import { a, c } from "x";');
  });

  it("keeps a multi-line list's comments and trailing comma", () => {
    const text = 'import {\n  // first\n  a,\n  b,\n} from "x";';
    expect(apply(text, removeListElements(list(text).elements, new Set([1])) as never)).toBe(
      'import {\n  // first\n  a,\n} from "x";',
    );
  });

  it('says "all" when nothing is left', () => {
    expect(removeListElements(list('import { a } from "x";').elements, new Set([0]))).toBe("all");
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
    expect(detectSpecifierStyle(["./a.ts", "./b.ts", "./c.js", "node:fs"], { allowImportingTsExtensions: true })).toBe(
      "ts",
    );
    expect(detectSpecifierStyle(["./a.ts", "./b.ts", "./c.js"], { module: ts.ModuleKind.NodeNext })).toBe("js");
    expect(detectSpecifierStyle(["react"], { allowImportingTsExtensions: true })).toBe("ts");
    expect(
      detectSpecifierStyle([], { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler }),
    ).toBe("none");
    expect(detectSpecifierStyle([], { module: ts.ModuleKind.NodeNext })).toBe("js");
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
