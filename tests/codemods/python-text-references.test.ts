import { describe, expect, it } from "vitest";
import { findTextReferences, planTextReferenceEdits, textReferenceForms } from "../../src/codemod/text-references.js";
import { contextOf } from "../unit/lang/python/move-tree.js";

const move = { from: "backtester_v2/market_regime", to: "backtester_v2/strategies/market_regime" };

describe("text references", () => {
  it("derives dotted and path forms, under python.roots too", () => {
    const forms = textReferenceForms([{ from: "src/pkg/legacy", to: "src/pkg/core/legacy" }], ["src"]);
    expect(forms.map((f) => `${f.kind}:${f.from}→${f.to}`).sort()).toEqual([
      "dotted:pkg.legacy→pkg.core.legacy",
      "path:pkg/legacy→pkg/core/legacy",
      "path:src/pkg/legacy→src/pkg/core/legacy",
    ]);
    // A top-level folder's bare name is an ordinary word: only `name/` is a path reference.
    expect(textReferenceForms([{ from: "regime", to: "lib/regime" }], ["."]).map((f) => f.from)).toEqual(["regime/"]);
  });

  it("matches on word boundaries only", () => {
    const forms = textReferenceForms([move], ["."]);
    const text = [
      "backtester_v2.market_regime.strategy", // submodule: yes
      "backtester_v2.market_regime_v2", // other package: no
      "x.backtester_v2.market_regime", // longer dotted name: no
      "/app/backtester_v2/market_regime/", // absolute path: yes
      "my-backtester_v2/market_regime", // other folder: no
      "backtester_v2/market_regime.yaml", // other file: no
      "backtester_v2/market_regime.", // end of sentence: yes
    ].join("\n");
    const found = findTextReferences(text, forms).map((f) => text.slice(0, f.index).split("\n").length);
    expect(found).toEqual([1, 4, 7]);
  });

  it("rewrites opted-in files with byte offsets and only lists report files", () => {
    const tree = {
      "backtester_v2/market_regime/__init__.py": "",
      "config/app.yaml": "name: ünïcode ✓\nmodule: backtester_v2.market_regime.strategy\n",
      "docs/guide.rst": "Intro\n\nSee backtester_v2/market_regime/ for details.\n",
      "notes.txt": "backtester_v2.market_regime\n",
      "tool.py": "PATH = 'backtester_v2/market_regime/'\n",
    };
    const context = contextOf(tree, [move], { references: { rewrite: ["**/*.yaml", "**/*.py"], report: ["docs/**"] } });
    const result = planTextReferenceEdits(context);
    expect(result.edits).toHaveLength(1);
    const [edit] = result.edits;
    const bytes = Buffer.from(tree["config/app.yaml"]);
    expect(bytes.subarray(edit.start, edit.end).toString()).toBe("backtester_v2.market_regime");
    expect(edit).toMatchObject({
      file: "config/app.yaml",
      text: "backtester_v2.strategies.market_regime",
      kind: "text-reference",
    });
    expect(result.reported).toEqual([
      { path: "docs/guide.rst", line: 3, column: 5, text: "See backtester_v2/market_regime/ for details." },
    ]);
    expect(result.warnings.join()).toContain("matches 2 Python file(s)");
  });

  it("lists common config and doc files when the manifest has no references section", () => {
    const context = contextOf(
      { "README.md": "Uses `backtester_v2.market_regime`.\n", "backtester_v2/market_regime/a.py": "" },
      [move],
    );
    const result = planTextReferenceEdits(context);
    expect(result.edits).toEqual([]);
    expect(result.reported.map((r) => `${r.path}:${r.line}:${r.column}`)).toEqual(["README.md:1:7"]);
  });
});
