import { readFileSync } from "node:fs";
import fc from "fast-check";
import fg from "fast-glob";
import { describe, expect, it } from "vitest";
import { importStatementsOf } from "../../../../src/lang/python/import-statements-of.js";
import { parsePython } from "../../../../src/lang/python/parse-python.js";

const walked = (text: string) =>
  parsePython(text)
    .rootNode.descendantsOfType(["import_statement", "import_from_statement"])
    .map((node) => `${node.startIndex}:${node.text}`);
const found = (text: string) =>
  importStatementsOf(parsePython(text).rootNode, text).map((node) => `${node.startIndex}:${node.text}`);

// Lines that put the word `import` everywhere it can stand: statements at every depth, strings, comments, longer
// names, f-strings, continuation lines, `from .import`, `__future__`, and broken statements.
const lines = fc.constantFrom(
  "import os",
  "import os.path as p, sys",
  "from . import sibling",
  "from .import x",
  "from ..pkg.mod import (a,\n    b as c)",
  "from __future__ import annotations",
  "from m import *",
  "import \\\n    json",
  "def f():\n    import re\n    return re",
  "class C:\n    from x import y\n    z = 'import q'",
  "if True:\n    try:\n        import a.b\n    except ImportError:\n        pass",
  "s = 'import os'  # import sys",
  'd = """\nimport inside a docstring\n"""',
  "t = f'{importlib.import_module(\"x\")} import'",
  "importlib.import_module('pkg.mod')",
  "reimport = imports = important = 1",
  "x = 1",
  "from x import",
  "import",
  "é = 'import'; import é2",
);

describe("importStatementsOf", () => {
  it("lists what a walk lists in every Python fixture", () => {
    const files = fg.sync(["fixtures/**/*.py", "tests/**/*.py"], { dot: true });
    expect(files.length).toBeGreaterThan(100);
    let statements = 0;
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      const expected = walked(text);
      statements += expected.length;
      expect({ file, found: found(text) }).toEqual({ file, found: expected });
    }
    expect(statements).toBeGreaterThan(300);
  });

  it("lists what a walk lists in programs that spell the word everywhere, broken ones included", () => {
    let withErrors = 0;
    fc.assert(
      fc.property(fc.array(lines, { minLength: 1, maxLength: 12 }), (chosen) => {
        const text = `${chosen.join("\n")}\n`;
        if (parsePython(text).rootNode.hasError) withErrors++;
        expect(found(text)).toEqual(walked(text));
      }),
      { numRuns: 2_000 },
    );
    // Both ways are taken: the places of the word, and the walk for trees with errors.
    expect(withErrors).toBeGreaterThan(100);
    expect(withErrors).toBeLessThan(1_900);
  });

  it("skips the word in strings, comments and longer names", () => {
    const text = "s = 'import os'  # import sys\nimportlib.import_module('m')\nfrom . import x\n";
    expect(found(text)).toEqual([`${text.indexOf("from")}:from . import x`]);
  });
});
