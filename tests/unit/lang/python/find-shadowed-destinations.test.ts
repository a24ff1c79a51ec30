import { describe, expect, it } from "vitest";
import { findShadowedDestinations } from "../../../../src/lang/python/find-shadowed-destinations.js";
import { verifyPythonImports } from "../../../../src/lang/python/python-import-verifier.js";
import { contextOf, movePath } from "./move-tree.js";

const files = ["pkg/__init__.py", "pkg/matching.py", "pkg/approx.py", "pkg/iso/__init__.py", "pkg/iso/vf2.py"];

function shadowed(list: string[], moves: { from: string; to: string }[]): string[] {
  return findShadowedDestinations(list, moves, (p) => movePath(p, moves), [""]).map((s) => `${s.move} ${s.reason}`);
}

describe("findShadowedDestinations", () => {
  it("finds a moved package arriving in a folder that a same-named module shadows", () => {
    expect(shadowed(files, [{ from: "pkg/iso", to: "pkg/matching/iso" }])).toEqual([
      "0 pkg/matching/ would be shadowed by the module pkg/matching.py: Python imports the module for pkg.matching, so nothing under pkg/matching/ could be imported; choose another destination or turn pkg/matching.py into a package first",
    ]);
  });

  it("finds a regular package arriving beside a module, and a module arriving beside a namespace folder", () => {
    expect(shadowed(files, [{ from: "pkg/iso", to: "pkg/matching" }])[0]).toContain(
      "pkg/matching/ would be a package beside the module pkg/matching.py",
    );
    const tree = ["lib/__init__.py", "lib/x/a.py", "old/x.py"];
    expect(shadowed(tree, [{ from: "old/x.py", to: "lib/x.py" }])).toEqual([
      "0 lib/x.py would shadow the folder lib/x/ (no __init__.py): nothing under lib/x/ could be imported any more; choose another destination",
    ]);
  });

  it("accepts destinations without a same-named sibling, and folders outside every root", () => {
    expect(shadowed(files, [{ from: "pkg/iso", to: "pkg/graphs/iso" }])).toEqual([]);
    expect(findShadowedDestinations(files, [{ from: "pkg/iso", to: "pkg/matching/iso" }], (p) => p, ["src"])).toEqual(
      [],
    );
  });
});

describe("verifyPythonImports on a shadowed folder", () => {
  it("models Python's precedence: the module wins, imports through the folder fail, the module's own imports resolve", () => {
    const moved = {
      "pkg/__init__.py": "",
      "pkg/matching.py": "def maximal_matching(edges):\n    return edges\n",
      "pkg/approx.py":
        "from .matching import maximal_matching\nfrom pkg.matching.iso import is_isomorphic\nfrom pkg.matching import iso\n",
      "pkg/matching/iso/__init__.py": "def is_isomorphic(a, b):\n    return True\n",
    };
    const context = contextOf(moved, []);
    const result = verifyPythonImports(context);
    expect(result.unresolved.map((u) => `${u.file}:${u.line} ${u.specifier}: ${u.reason}`)).toEqual([
      "pkg/approx.py:2 pkg.matching.iso: no module pkg.matching.iso (pkg/matching.py is a module, not a package; it shadows the folder pkg/matching/)",
      "pkg/approx.py:3 pkg.matching.iso: pkg/matching.py defines no iso and has no submodule of that name",
    ]);
  });
});
