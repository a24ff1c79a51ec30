import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createGitignoreRules, toWalkIgnoreGlobs } from "../../../src/scan/gitignore.js";
import { scanTree } from "../../../src/scan/scan-tree.js";

/** Writes files under `base`, making their folders. */
const writerUnder =
  (base: string) =>
  (file: string, text = "x\n") => {
    mkdirSync(path.dirname(path.join(base, file)), { recursive: true });
    writeFileSync(path.join(base, file), text);
  };

const root = mkdtempSync(path.join(os.tmpdir(), "graft-gitignore-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const write = writerUnder(root);
write(".gitignore", "# build output\ndist/\n*.log\n!keep.log\n/top-only.txt\n.venv\n");
write("src/a.ts");
write("src/app.log");
write("src/keep.log");
write("dist/out.js");
write("docs/dist", "a file named like an ignored folder\n");
write("pkg/sub/.gitignore", "secret.txt\n");
write("pkg/sub/secret.txt");
write("pkg/secret.txt");
write("top-only.txt");
write("nested/top-only.txt");
write(".venv/lib/site.py");

describe("scanning respects .gitignore", () => {
  it("skips what git would ignore: folders, patterns, negations, anchored and nested rules", async () => {
    const paths = (await scanTree(root, { gitignore: true })).map((e) => e.path);
    expect(paths).toEqual([
      ".gitignore",
      "docs",
      "docs/dist",
      "nested",
      "nested/top-only.txt",
      "pkg",
      "pkg/secret.txt",
      "pkg/sub",
      "pkg/sub/.gitignore",
      "src",
      "src/a.ts",
      "src/keep.log",
    ]);
  });

  it("scans everything with gitignore off", async () => {
    const paths = (await scanTree(root, { gitignore: false })).map((e) => e.path);
    expect(paths).toContain("dist/out.js");
    expect(paths).toContain("pkg/sub/secret.txt");
    expect(paths).toContain(".venv/lib/site.py");
  });

  it("never re-includes what an ignored folder holds", () => {
    const rules = createGitignoreRules(new Map([["", "build/\n!build/keep.txt\n"]]));
    expect(rules.isIgnored("build", true)).toBe(true);
    expect(rules.isIgnored("build/keep.txt", false)).toBe(true);
  });

  it("turns a root .gitignore into walk globs, and gives up on negations", () => {
    expect(toWalkIgnoreGlobs("dist/\n*.log\n/top.txt\n")).toEqual([
      "**/dist/**",
      "**/*.log",
      "**/*.log/**",
      "top.txt",
      "top.txt/**",
    ]);
    expect(toWalkIgnoreGlobs("*.log\n!keep.log\n")).toBeUndefined();
  });
});

describe("tracked files that a .gitignore pattern matches", () => {
  // zod tracks packages/zod/package.json under a `**/package.json` rule; git ignores only untracked files.
  const repo = mkdtempSync(path.join(os.tmpdir(), "graft-tracked-ignored-"));
  afterAll(() => rmSync(repo, { recursive: true, force: true }));
  const put = writerUnder(repo);
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.email=t@t", "-c", "user.name=t", ...args], { cwd: repo, stdio: "pipe" });

  it("keeps them (and the folders holding them), and still skips untracked ignored files", async () => {
    put(".gitignore", "dist/\n");
    put("packages/core/.gitignore", "**/package.json\n*.js\n");
    put("packages/core/package.json", '{"name":"core"}\n');
    put("packages/core/src/index.ts");
    put("packages/core/src/built.js");
    put("dist/kept.js");
    put("dist/untracked.js");
    git("init", "-q");
    git("add", ".");
    git("add", "-f", "packages/core/package.json", "dist/kept.js");
    git("commit", "-q", "-m", "init");
    const paths = (await scanTree(repo, { gitignore: true })).map((e) => e.path);
    expect(paths).toEqual([
      ".gitignore",
      "dist",
      "dist/kept.js",
      "packages",
      "packages/core",
      "packages/core/.gitignore",
      "packages/core/package.json",
      "packages/core/src",
      "packages/core/src/index.ts",
    ]);
    // Outside a git work tree, the rules alone decide.
    rmSync(path.join(repo, ".git"), { recursive: true, force: true });
    const bare = (await scanTree(repo, { gitignore: true })).map((e) => e.path);
    expect(bare).not.toContain("packages/core/package.json");
    expect(bare).not.toContain("dist/kept.js");
  });
});
