import { describe, expect, it } from "vitest";
import { planPythonMoveEdits, pythonImportRewriter } from "../../../../src/lang/python/python-move-rewriter.js";
import { contextOf, rewriteTree } from "./move-tree.js";

const move = { from: "app/engines/regime", to: "app/regime" };
const base = {
  "app/__init__.py": "",
  "app/engines/__init__.py": "",
  "app/engines/regime/__init__.py": "",
  "app/engines/regime/detector.py": "def fit():\n    return 1\n",
};

describe("pythonImportRewriter", () => {
  it("lists strings that name a moved package but are not import targets", () => {
    const context = contextOf(
      { ...base, "app/conf.py": 'NAME = "app.engines.regime.detector"\nOTHER = "app.engines.regimes"\n' },
      [move],
    );
    const result = planPythonMoveEdits(context);
    expect(result.edits).toEqual([]);
    expect(result.reported).toEqual([{ path: "app/conf.py", line: 1, column: 9, text: "app.engines.regime.detector" }]);
  });

  it("produces byte-range edits with the replaced bytes, after multi-byte text", () => {
    const source = "S = 'ü😀'\nfrom app.engines.regime import detector\n";
    const result = planPythonMoveEdits(contextOf({ ...base, "app/x.py": source }, [move]));
    expect(result.edits).toEqual([
      { file: "app/x.py", start: 18, end: 36, text: "app.regime", kind: "py-import", before: "app.engines.regime" },
    ]);
    expect(Buffer.from(source).subarray(18, 36).toString()).toBe("app.engines.regime");
  });

  it("warns when a destination is not importable under python.roots and leaves those imports alone", () => {
    const tree = { ...base, "app/x.py": "from app.engines.regime import detector\n" };
    const result = planPythonMoveEdits(contextOf(tree, [{ from: "app/engines/regime", to: "vendor-code/regime" }]));
    expect(result.edits).toEqual([]);
    expect(result.warnings.join("\n")).toContain("not importable under python.roots");
  });

  it("keeps a relative import that still reaches its target and re-levels one that does not", async () => {
    const tree = {
      ...base,
      "app/utils.py": "",
      "app/engines/regime/a.py": "from . import detector\nfrom ..regime import detector as d2\nfrom ... import utils\n",
    };
    const { tree: out } = await rewriteTree([pythonImportRewriter], tree, [move]);
    expect(out["app/regime/a.py"]).toBe(
      "from . import detector\nfrom ..regime import detector as d2\nfrom .. import utils\n",
    );
  });

  it("rewrites moves of a top-level package into another package, chains included", async () => {
    const tree = {
      "regime/__init__.py": "def f():\n    return 1\n",
      "lib/__init__.py": "",
      "main.py": "import regime\nimport regime.x\n\nregime.f()\n",
      "regime/x.py": "",
    };
    const { tree: out } = await rewriteTree([pythonImportRewriter], tree, [{ from: "regime", to: "lib/regime" }]);
    expect(out["main.py"]).toBe("import lib.regime\nimport lib.regime.x\n\nlib.regime.f()\n");
  });

  it("lists comments, docstring prose and strings that name a moved module or path, at the line that names it", () => {
    const source = [
      '"""Helpers.',
      "",
      "Uses app.engines.regime internally; data in app/engines/regime/data.txt.",
      '"""',
      "# see app.engines.regime.detector",
      'NAME = "built on app.engines.regime"',
      'SAFE = "app.engines.regimes app/engines/regimes xapp/engines/regime"',
      "",
    ].join("\n");
    const result = planPythonMoveEdits(contextOf({ ...base, "app/notes.py": source }, [move]));
    expect(result.edits).toEqual([]);
    expect(result.reported.map((r) => `${r.line}:${r.column} ${r.text}`)).toEqual([
      "3:1 Uses app.engines.regime internally; data in app/engines/regime/data.txt.",
      "5:1 # see app.engines.regime.detector",
      "6:9 built on app.engines.regime",
    ]);
  });

  it("rewrites whole-string module names (name, name.attr, name:attr) with python.strings: rewrite, never prose", async () => {
    const source = [
      'A = "app.engines.regime"',
      'B = "app.engines.regime.detector.fit"',
      'C = "app.engines.regime.detector:fit"',
      'D = "see app.engines.regime"',
      "E = ['app.engines.regime.detector']",
      '"""app.engines.regime"""',
      "",
    ].join("\n");
    const tree = { ...base, "app/conf.py": source };
    const { tree: out, results } = await rewriteTree([pythonImportRewriter], tree, [move], {
      python: { strings: "rewrite" },
    });
    expect(out["app/conf.py"]).toBe(
      [
        'A = "app.regime"',
        'B = "app.regime.detector.fit"',
        'C = "app.regime.detector:fit"',
        'D = "see app.engines.regime"',
        "E = ['app.regime.detector']",
        '"""app.engines.regime"""',
        "",
      ].join("\n"),
    );
    expect(results[0].reported.map((r) => r.line)).toEqual([4, 6]);
    const { results: reportOnly } = await rewriteTree([pythonImportRewriter], tree, [move]);
    expect(reportOnly[0].edits).toEqual([]);
    expect(reportOnly[0].reported.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("rewrites a module-level constant only when it is passed to a module-name API", async () => {
    const source = [
      "import importlib",
      'MODULE = "app.engines.regime.detector"',
      'LABEL = "app.engines.regime.detector"',
      "importlib.import_module(MODULE)",
      "",
    ].join("\n");
    const { tree: out, results } = await rewriteTree([pythonImportRewriter], { ...base, "app/x.py": source }, [move]);
    expect(out["app/x.py"]).toBe(source.replace('MODULE = "app.engines', 'MODULE = "app'));
    expect(results[0].reported.map((r) => `${r.line} ${r.text}`)).toEqual(["3 app.engines.regime.detector"]);
  });
});
