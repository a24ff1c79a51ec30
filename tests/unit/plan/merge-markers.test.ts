import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findConflictMarkers, mergeWithMarkers } from "../../../src/plan/merge-markers.js";

const dir = path.resolve(import.meta.dirname, "../../../fixtures/python/conflicts/markers");

/** Rebuilds one side of a marked file (what `git checkout --ours/--theirs` would). */
function side(content: string, which: "target" | "source"): string {
  let out = "";
  let state: "common" | "target" | "source" = "common";
  for (const line of content.split(/(?<=\n)/)) {
    if (line.startsWith("<<<<<<< target")) state = "target";
    else if (line === "=======\n" && state === "target") state = "source";
    else if (line.startsWith(">>>>>>> source")) state = "common";
    else if (state === "common" || state === which) out += line;
  }
  return out;
}

describe("mergeWithMarkers", () => {
  it("writes diff3-style hunks for the fixture pair", () => {
    const target = readFileSync(path.join(dir, "target/config.py"));
    const source = readFileSync(path.join(dir, "source/config.py"));
    const expected = readFileSync(path.join(dir, "expected/config.py"), "utf8");
    expect(mergeWithMarkers(target, source, "config.py")).toEqual({ content: Buffer.from(expected) });
    expect(findConflictMarkers(expected).map((m) => m.line)).toEqual([3, 5, 7, 9, 10, 12, 16, 18, 20]);
  });

  it("keeps both sides recoverable line by line", () => {
    const lines = fc.array(fc.constantFrom("a\n", "b\n", "c\n", "import x\n", "\n"), { maxLength: 12 });
    fc.assert(
      fc.property(lines, lines, (t, s) => {
        const result = mergeWithMarkers(Buffer.from(t.join("")), Buffer.from(s.join("")), "f.txt");
        if (!("content" in result)) return false;
        const merged = result.content.toString("utf8");
        return side(merged, "target") === t.join("") && side(merged, "source") === s.join("");
      }),
    );
  });

  it("refuses binary files and ignores a lone rST underline", () => {
    expect(mergeWithMarkers(Buffer.from([0, 1, 2]), Buffer.from("x"), "data.bin")).toHaveProperty("unresolved");
    expect(findConflictMarkers("Title\n=======\n")).toEqual([]);
  });
});
