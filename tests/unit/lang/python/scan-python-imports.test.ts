import { readFileSync } from "node:fs";
import fc from "fast-check";
import fg from "fast-glob";
import { describe, expect, it } from "vitest";
import { collectPythonReferences } from "../../../../src/lang/python/find-references.js";
import { parsePython } from "../../../../src/lang/python/parse-python.js";
import { type ScannedImport, scanPythonImports } from "../../../../src/lang/python/scan-python-imports.js";

/** The import statements tree-sitter finds, in the scanner's shape. */
function parsedImports(text: string): ScannedImport[] {
  return collectPythonReferences(parsePython(text), text, {}).flatMap((ref): ScannedImport[] => {
    if (ref.kind === "import") return [{ kind: "import", name: ref.name, line: ref.line, column: ref.column }];
    if (ref.kind !== "from") return [];
    const { level, module, wildcard, line, column } = ref;
    return [{ kind: "from", level, module, names: ref.names.map((n) => ({ name: n.name })), wildcard, line, column }];
  });
}

describe("scanPythonImports", () => {
  it("finds what tree-sitter finds in every Python fixture it is sure about", () => {
    const files = fg.sync("fixtures/**/*.py", { dot: true });
    let scanned = 0;
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      const found = scanPythonImports(text);
      if (found === undefined) continue;
      scanned++;
      expect({ file, found }).toEqual({ file, found: parsedImports(text) });
    }
    expect(scanned).toBeGreaterThan(files.length * 0.8);
  });

  it("skips strings, comments and f-string fields, and reads statements after ';' and ':'", () => {
    const text = [
      "import a.b as c, d",
      '"""',
      "import not_me",
      '"""',
      "x = f\"{'import y'} {z['k']}\"; from ..pkg import (e as f,  # comment",
      "    g,",
      ")",
      "if x: import h",
      "# import nope",
      "from __future__ import annotations",
      "s = r'\\' import q'",
      "def f():",
      "    from . import *",
      "    return (1,",
      "import_ = 2)",
    ].join("\n");
    expect(scanPythonImports(text)).toEqual(parsedImports(text));
    expect(scanPythonImports(text)?.map((r) => r.line)).toEqual([1, 1, 5, 8, 13]);
  });

  it("agrees with tree-sitter on generated statement mixes, or declines", () => {
    const piece = fc.constantFrom(
      "import a.b",
      "import a . b as c, d",
      "from . import x",
      "from ...p.q import (r,\n  s as t,\n)",
      "from m import *",
      "from __future__ import division",
      "x = 'import s'",
      'y = """\nimport t\n"""',
      "z = f'{a[\"b\"]}' ",
      "# from c import d",
      "if a: from e import f",
      "w = (1,\n2)",
      "v = [import_x for import_x in y]",
      "from g import h, \\\n  i",
      "def k():\n    import l.m",
      "é = 1",
      "u = b'\\x00'; import n",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), fc.constantFrom("\n", "\r\n"), (pieces, eol) => {
        const text = `${pieces.join("\n")}\n`.replace(/\n/g, eol);
        const found = scanPythonImports(text);
        if (found !== undefined) expect(found).toEqual(parsedImports(text));
      }),
      { numRuns: 300 },
    );
  });
});
