import { describe, expect, it } from "vitest";
import { createIgnoreTest } from "../../../src/verify/ignored-paths.js";

const testOf = (tree: Record<string, string>, files = Object.keys(tree).filter((p) => !p.startsWith(".git/"))) =>
  createIgnoreTest(files, (p) => {
    const text = tree[p];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: "ENOENT" });
    return Buffer.from(text);
  });

describe("createIgnoreTest", () => {
  it("reads the repository's .git/info/exclude with the root .gitignore, as the scan does", () => {
    const isIgnored = testOf({ ".git/info/exclude": "build/\n", "src/a.ts": "" });
    expect(isIgnored("build/index.js")).toBe(true);
    expect(isIgnored("src/a.ts")).toBe(false);
    const both = testOf({
      ".gitignore": "dist\n",
      ".git/info/exclude": "build/\n",
      "pkg/.gitignore": "!keep.log\n*.log\n",
    });
    expect(both("dist/x.js")).toBe(true);
    expect(both("build/x.js")).toBe(true);
    expect(both("pkg/a.log")).toBe(true);
    expect(both("pkg/src/x.ts")).toBe(false);
  });

  it("lets a deeper .gitignore re-include whatever order the files are listed in", () => {
    const tree = { ".gitignore": "*.log\n", "pkg/.gitignore": "!keep.log\n" };
    for (const files of [
      [".gitignore", "pkg/.gitignore"],
      ["pkg/.gitignore", ".gitignore"],
    ]) {
      const isIgnored = testOf(tree, files);
      expect(isIgnored("pkg/keep.log")).toBe(false);
      expect(isIgnored("pkg/other.log")).toBe(true);
    }
  });

  it("ignores nothing without rules, or with unreadable ones", () => {
    expect(testOf({ "src/a.ts": "" })("build/x.js")).toBe(false);
    expect(testOf({ "src/a.ts": "" }, ["src/a.ts", ".gitignore"])("build/x.js")).toBe(false);
  });
});
