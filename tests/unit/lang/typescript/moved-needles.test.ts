import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  findSpecifiers,
  isRelativeSpecifier,
  withoutResourceQuery,
} from "../../../../src/lang/typescript/find-specifiers.js";
import {
  collectNeedles,
  createReachTest,
  mayMentionMoved,
  mayReferenceMoved,
} from "../../../../src/lang/typescript/moved-needles.js";
import { createTreeView } from "../../../../src/lang/typescript/tree-view.js";

// date-fns' shape: src/_lib moves; each locale has a `_lib` of its own, which its files import.
const files = [
  "src/_lib/addLeadingZeros.ts",
  "src/_lib/defaultOptions.ts",
  "src/format/index.ts",
  "src/locale/en-US/index.ts",
  "src/locale/en-US/_lib/localize.ts",
  "src/locale/_lib/buildLocalizeFn.ts",
  "src/locale/de/index.ts",
];
const moves = [{ from: "src/_lib", to: "src/internal/_lib" }];
const moved = new Map(
  files.filter((f) => f.startsWith("src/_lib/")).map((f) => [f, f.replace("src/_lib", "src/internal/_lib")]),
);
const view = createTreeView({ root: "/project", files, readFile: () => Buffer.from(""), exists: () => false });
const needles = collectNeedles(moves, moved, { paths: [] });
const mayReach = createReachTest(moves, moved, view);
const check = (text: string, file = "src/locale/en-US/index.ts") => mayReferenceMoved(text, needles, file, mayReach);

describe("mayReferenceMoved", () => {
  it("clears a file whose every mention of the moved folder's name is a quoted relative path that lands elsewhere", () => {
    expect(needles).toEqual(["_lib"]);
    const text = "import { localize } from \"./_lib/localize.js\";\nimport { b } from '../_lib/buildLocalizeFn.js';\n";
    expect(mayMentionMoved(text, needles)).toBe(true);
    expect(check(text)).toBe(false);
  });

  it("keeps a file that reaches the moved folder, or mentions its name any other way", () => {
    expect(check('import { a } from "../_lib/addLeadingZeros.js";', "src/format/index.ts")).toBe(true);
    // From the locale folder, four levels up is src/_lib itself.
    expect(check('import { a } from "../../_lib/addLeadingZeros.js";', "src/locale/en-US/index.ts")).toBe(true);
    // Not quoted (prose, an identifier), bare, escaped, with a query, a template with a substitution, mixed quotes.
    for (const text of [
      "// see _lib/addLeadingZeros",
      'import x from "date-fns/_lib/x";',
      'import x from "..\\/_lib/x";',
      'import x from "./_lib/localize.js?raw";',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a template literal, as a file holds it.
      "const m = await import(`./_lib/${name}.js`);",
      "import x from \"./_lib/localize.js';",
      'import x from "./my _lib/x";',
    ])
      expect(check(text), text).toBe(true);
  });

  it("never clears a file holding a specifier the planner or the check would resolve into the moved set (random files)", () => {
    // Pieces a specifier or the text around it is made of: segments of both `_lib` folders, quotes, escapes, spaces.
    const segment = fc.constantFrom(
      "..",
      ".",
      "_lib",
      "en-US",
      "locale",
      "src",
      "x.js",
      "a b",
      "\\/",
      "?raw",
      "'",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a template substitution, as a file holds it.
      "${n}",
    );
    const specifier = fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => parts.join("/"));
    const statement = fc.oneof(
      specifier.map((s) => `import x from "${s}";\n`),
      specifier.map((s) => `export * from '${s}';\n`),
      specifier.map((s) => `const m = await import(\`${s}\`);\n`),
      specifier.map((s) => `// ${s}\n`),
      specifier.map((s) => `const t = "${s}" + '${s}';\n`),
    );
    const file = fc.constantFrom("src/locale/en-US/index.ts", "src/locale/de/index.ts", "src/format/index.ts");
    fc.assert(
      fc.property(fc.array(statement, { maxLength: 6 }), file, (statements, name) => {
        const text = statements.join("");
        if (mayReferenceMoved(text, needles, name, mayReach)) return;
        for (const found of findSpecifiers(text, name)) {
          if (!mayMentionMoved(found.text, needles)) continue;
          const isPath = isRelativeSpecifier(found.text);
          expect(isPath, found.text).toBe(true);
          // The post-apply check resolves a specifier with a resource query (`?raw`) by its path part.
          for (const spelled of [found.text, withoutResourceQuery(found.text) ?? found.text])
            expect(mayReach(path.posix.join(path.posix.dirname(name), spelled)), found.text).toBe(false);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
