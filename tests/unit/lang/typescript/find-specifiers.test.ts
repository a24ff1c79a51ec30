import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import fg from "fast-glob";
import { describe, expect, it } from "vitest";
import {
  findSpecifiers,
  parseModuleReferences,
  scanModuleReferences,
} from "../../../../src/lang/typescript/find-specifiers.js";
import { scanSpecifiers } from "../../../../src/lang/typescript/scan-specifiers.js";
import { repositoryRoot } from "./helpers/fixture-context.js";

const allForms = [
  `/// <reference path="./types.d.ts" />`,
  `/// <reference types="node" />`,
  `import def, { a as b } from "./static.js";`,
  `import "./side-effect";`,
  `import type { T } from './types.js';`,
  `import type, { a } from "./default-named-type.js";`,
  `export * from "./star";`,
  `export * as ns from "./star-as";`,
  `export { x } from "./named";`,
  `export type { Y } from "./type-export";`,
  `export { "string name" as z } from "./string-name";`,
  `import ns = require("./import-equals");`,
  `export import again = require("./export-import-equals");`,
  `const lazy = async () => await import("./dynamic.js");`,
  `type Q = import("./type-query.js").Q;`,
  `const cjs = require("./required");`,
  "const where = require.resolve(`./resolved`);",
  `jest.mock("../jest-mocked", () => ({}));`,
  `vi.mock("./vi-mocked");`,
  `const actual = jest.requireActual("./actual");`,
  `const imported = await vi.importActual<typeof import("./vi-actual-type")>("./vi-actual");`,
  `vi.doMock("./do-mocked"); jest.unmock("./unmocked");`,
  `declare module "./augmented" { interface A { b: 1 } }`,
  `declare module "some-package" { }`,
  `// import x from "./in-comment";`,
  `const s = "require('./in-string')";`,
  // biome-ignore lint/suspicious/noTemplateCurlyInString: source text with a template literal, scanned as code
  'const t = `import "./in-template" ${`nested ${1}`} require("./in-template-2")`;',
  `obj.require("./method-not-require"); obj.import; x.jest.mock("./not-jest");`,
];

describe("findSpecifiers", () => {
  it("finds every import form of the guide with its kind, and nothing in comments, strings or templates", () => {
    const found = findSpecifiers(allForms.join("\n"), "all.ts").map((s) => `${s.kind} ${s.text}`);
    expect(found).toEqual([
      "reference-path ./types.d.ts",
      "import ./static.js",
      "import ./side-effect",
      "import-type ./types.js",
      "import ./default-named-type.js",
      "export ./star",
      "export ./star-as",
      "export ./named",
      "export ./type-export",
      "export ./string-name",
      "import-equals ./import-equals",
      "import-equals ./export-import-equals",
      "dynamic-import ./dynamic.js",
      "import-type ./type-query.js",
      "require ./required",
      "require-resolve ./resolved",
      "mock ../jest-mocked",
      "mock ./vi-mocked",
      "mock ./actual",
      "import-type ./vi-actual-type",
      "mock ./vi-actual",
      "mock ./do-mocked",
      "mock ./unmocked",
      "module-augmentation ./augmented",
    ]);
    expect(scanModuleReferences(allForms.join("\n"), "all.ts").ambientModules).toEqual(["some-package"]);
  });

  it("gives UTF-8 byte ranges of the text inside the quotes, with CRLF and multi-byte characters before it", () => {
    const text = `// café ☕ 𝔘\r\nimport { a } from "./naïve.js";\r\nconst b = require('./b');\r\n`;
    const bytes = Buffer.from(text, "utf8");
    for (const fileName of ["crlf.ts", "crlf.tsx"]) {
      const found = findSpecifiers(text, fileName);
      expect(found.map((s) => bytes.subarray(s.start, s.end).toString("utf8"))).toEqual(["./naïve.js", "./b"]);
      expect(found.map((s) => [s.line, s.column])).toEqual([
        [2, 20],
        [3, 20],
      ]);
    }
  });

  it("flags literals written with escapes, whose bytes differ from their value", () => {
    const [found] = findSpecifiers(`import "./\\u0061.js";`, "escape.ts");
    expect(found).toMatchObject({ text: "./a.js", hasEscapes: true });
  });

  it("parses files the scanner cannot read alone (regular expressions, JSX) and still finds their imports", () => {
    const text = `import a from "./a";\nconst re = /import "\\.\\/fake"/;\nexport const C = () => <p title="require('./no')">don't</p>;\n`;
    expect(scanSpecifiers(text)).toBeUndefined();
    expect(findSpecifiers(text, "c.tsx").map((s) => s.text)).toEqual(["./a"]);
  });
});

describe("scanner fast path", () => {
  const project = (text: string) => parseModuleReferences(text, "x.ts");
  const same = (text: string): void => {
    const scanned = scanModuleReferences(text, "x.ts");
    expect(scanned).toEqual(project(text));
  };

  it("agrees with the parser on every script file of the repository's fixtures", () => {
    const files = fg.sync(["fixtures/**/*.{ts,mts,cts,js,mjs,cjs}", "src/**/*.ts"], {
      cwd: repositoryRoot,
      ignore: ["**/node_modules/**"],
    });
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const text = readFileSync(path.join(repositoryRoot, file), "utf8");
      expect(scanModuleReferences(text, file), file).toEqual(parseModuleReferences(text, file));
    }
  });

  it("agrees with the parser on real-world JavaScript and declaration files of installed packages", () => {
    const files = fg
      .sync(
        ["node_modules/{jscodeshift,recast,commander,zod,yaml,fast-glob,chalk,diff}/**/*.{ts,mts,cts,js,mjs,cjs}"],
        { cwd: repositoryRoot, ignore: ["**/*.min.js"] },
      )
      .filter((_, index) => index % 4 === 0)
      .slice(0, 400);
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      const text = readFileSync(path.join(repositoryRoot, file), "utf8");
      if (text.length > 200_000) continue;
      expect(scanModuleReferences(text, file), file).toEqual(parseModuleReferences(text, file));
    }
  });

  it("agrees with the parser on generated mixes of import forms, comments, strings and templates", () => {
    const pieces = [
      ...allForms.filter((line) => !line.startsWith("///")),
      "const n = 1 * 2;",
      "if (a) { b(); }",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source text with a template literal, scanned as code
      "`${`x${y}`}`",
      "export default {};",
      "import.meta.url;",
      "label: { }",
      "const o = { import: 1, from: 'x' };",
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pieces), { maxLength: 12 }),
        fc.array(fc.constantFrom("\n", "\r\n", " ", "/* c */", "\n// c\n"), { minLength: 12, maxLength: 12 }),
        (chosen, separators) => {
          same(chosen.map((piece, i) => piece + separators[i]).join(""));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("reads `/` as division or a regular expression from the token before it, and agrees with the parser", () => {
    const pieces = [
      "const half = total / 2;",
      "const rate = (a + b) / c[0] / this.n;",
      'const re = /import "\\.\\/fake" from/g;',
      "if (ok) /require\\('x'\\)/.test(s);",
      "const m = s.replace(/\\/\\*/g, '');",
      "x = y\n/z/g;",
      'const dynamic = require("./a" + suffix);',
      'const called = require("./b", options);',
      'export {}\ndeclare module "./augmented" { interface T {} }',
      "let n = 1; n /= 2;",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source text with a template literal, scanned as code
      "const t = `${a / b}` / 3;",
      'import { a } from "./a";',
      'export * from "./b";',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pieces), { maxLength: 10 }),
        fc.array(fc.constantFrom("\n", " ", "/* c */", "\n// c\n"), { minLength: 10, maxLength: 10 }),
        (chosen, separators) => {
          const text = chosen.map((piece, i) => piece + separators[i]).join("");
          const scanned = scanSpecifiers(text);
          // Every piece is one the scanner reads alone: it must not fall back, and must find what the parser finds.
          expect(scanned, text).toBeDefined();
          same(text);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("falls back to the parser where tokens alone cannot tell division from a regular expression", () => {
    for (const text of ["function f() {}\n/x/.test(s);", "a!\n/b/g;", "while (x) {} /y/;", "x++\n/y/g;"])
      expect(scanSpecifiers(text), text).toBeUndefined();
  });
});
