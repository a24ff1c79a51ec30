import { describe, expect, it } from "vitest";
import { classifyMove, type ClassifyEntry } from "../../../src/classify/classify-move.js";
import { createStrategyResolver } from "../../../src/classify/conflict-policy.js";

const strategyFor = createStrategyResolver({
  default: "manual",
  rules: [{ match: "**/__init__.py", strategy: "merge-exports" }],
});

function classify(
  source: [string, ClassifyEntry["kind"], string?][],
  target: [string, ClassifyEntry["kind"], string?][],
) {
  const identities = new Map<string, string>();
  for (const [p, , id] of [...source, ...target]) if (id) identities.set(p, id);
  return classifyMove({
    from: "src",
    to: "dst",
    sourceEntries: source.map(([p, kind]) => ({ path: p, kind })),
    targetEntries: target.map(([p, kind]) => ({ path: p, kind })),
    identities,
    strategyFor,
  });
}

describe("classifyMove", () => {
  it("sorts files into the four classes by content identity", () => {
    const result = classify(
      [
        ["src", "dir"],
        ["src/a.py", "file", "1"],
        ["src/same.py", "file", "2"],
        ["src/diff.py", "file", "3"],
        ["src/pkg", "dir"],
        ["src/pkg/__init__.py", "file", "4"],
      ],
      [
        ["dst", "dir"],
        ["dst/same.py", "file", "2"],
        ["dst/diff.py", "file", "9"],
        ["dst/only.py", "file", "5"],
        ["dst/pkg", "dir"],
        ["dst/pkg/__init__.py", "file", "8"],
      ],
    );
    expect(result.sourceOnly).toEqual(["a.py"]);
    expect(result.identical).toEqual(["same.py"]);
    expect(result.targetOnly).toEqual(["only.py"]);
    expect(result.conflicts).toEqual([
      { path: "diff.py", type: "content", sourceKind: "file", targetKind: "file", strategy: "manual" },
      { path: "pkg/__init__.py", type: "content", sourceKind: "file", targetKind: "file", strategy: "merge-exports" },
    ]);
  });

  it("reports a file against a folder as one type conflict and nothing beneath it", () => {
    const result = classify(
      [
        ["src", "dir"],
        ["src/reports", "file", "1"],
      ],
      [
        ["dst", "dir"],
        ["dst/reports", "dir"],
        ["dst/reports/x.py", "file", "2"],
        ["dst/reports/y.py", "file", "3"],
      ],
    );
    expect(result.conflicts).toEqual([
      { path: "reports", type: "type", sourceKind: "file", targetKind: "dir", strategy: "manual" },
    ]);
    expect(result.targetOnly).toEqual([]);
    expect(result.sourceOnly).toEqual([]);
  });

  it("reports a file against a symlink as a type conflict, and compares symlinks by target", () => {
    const result = classify(
      [
        ["src", "dir"],
        ["src/l", "file", "1"],
        ["src/s1", "symlink", "link:a"],
        ["src/s2", "symlink", "link:a"],
      ],
      [
        ["dst", "dir"],
        ["dst/l", "symlink", "link:x"],
        ["dst/s1", "symlink", "link:a"],
        ["dst/s2", "symlink", "link:b"],
      ],
    );
    expect(result.identical).toEqual(["s1"]);
    expect(result.conflicts.map((c) => [c.path, c.type])).toEqual([
      ["l", "type"],
      ["s2", "content"],
    ]);
  });

  it("lists empty folders with a trailing slash", () => {
    const result = classify(
      [
        ["src", "dir"],
        ["src/empty", "dir"],
        ["src/both", "dir"],
      ],
      [
        ["dst", "dir"],
        ["dst/both", "dir"],
        ["dst/t", "dir"],
      ],
    );
    expect(result).toMatchObject({ sourceOnly: ["empty/"], identical: ["both/"], targetOnly: ["t/"] });
  });

  it("classifies a single-file move under the target's name", () => {
    const result = classify([["src", "file", "1"]], [["dst", "file", "2"]]);
    expect(result.conflicts.map((c) => c.path)).toEqual(["dst"]);
  });
});
