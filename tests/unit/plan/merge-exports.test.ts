import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isMergeableBarrel, mergeExports } from "../../../src/plan/merge-exports.js";

const conflicts = path.resolve(import.meta.dirname, "../../../fixtures/python/conflicts");

function runCase(name: string) {
  const dir = path.join(conflicts, name);
  const file = readdirSync(path.join(dir, "target"))[0];
  const target = readFileSync(path.join(dir, "target", file));
  const source = readFileSync(path.join(dir, "source", file));
  return { dir, file, result: mergeExports(target, source, `strategies/${file}`) };
}

describe("mergeExports (fixture pairs)", () => {
  for (const name of readdirSync(conflicts).filter((n) => n.startsWith("merge-exports"))) {
    it(name, () => {
      const { dir, file, result } = runCase(name);
      if (existsSync(path.join(dir, "expected.txt"))) {
        expect(result).toHaveProperty("unresolved");
        expect("unresolved" in result && result.unresolved).toContain(
          readFileSync(path.join(dir, "expected.txt"), "utf8").trim(),
        );
      } else {
        expect("content" in result && result.content.toString("utf8")).toBe(
          readFileSync(path.join(dir, "expected", file), "utf8"),
        );
      }
    });
  }
});

describe("mergeExports", () => {
  it("keeps the target when the source adds nothing new (formatting and comments aside)", () => {
    const target = Buffer.from("from .a import (\n    x,  # the x\n)\n");
    const source = Buffer.from("from .a import x\n");
    expect(mergeExports(target, source, "pkg/__init__.py")).toEqual({ content: target });
  });

  it("refuses files that are not barrels and binary content", () => {
    expect(mergeExports(Buffer.from("a"), Buffer.from("b"), "pkg/util.py")).toHaveProperty("unresolved");
    expect(mergeExports(Buffer.from([0, 1]), Buffer.from("b"), "pkg/__init__.py")).toHaveProperty("unresolved");
  });

  it("refuses a TS barrel whose source has other code or re-exports a name from elsewhere", () => {
    const target = Buffer.from('export { a } from "./a.js";\n');
    expect(mergeExports(target, Buffer.from("export const b = 1;\n"), "src/index.ts")).toHaveProperty("unresolved");
    expect(mergeExports(target, Buffer.from('export { a } from "./other.js";\n'), "src/index.js")).toHaveProperty(
      "unresolved",
    );
  });

  it("merges the result idempotently: merging the merged file with the source again adds nothing", () => {
    const { dir, file, result } = runCase("merge-exports-init-py");
    if (!("content" in result)) throw new Error("expected a merge");
    const again = mergeExports(result.content, readFileSync(path.join(dir, "source", file)), file);
    expect(again).toEqual({ content: result.content });
  });

  it("recognizes barrels", () => {
    expect(["a/__init__.py", "index.ts", "src/index.js", "index.mjs", "index.d.ts"].every(isMergeableBarrel)).toBe(
      true,
    );
    expect(["a/init.py", "index.json", "main.ts"].some(isMergeableBarrel)).toBe(false);
  });
});
