import { execFileSync } from "node:child_process";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runGraftInProcess } from "../helpers/run-cli-in-process.js";
import { snapshotTree } from "../helpers/tree-snapshot.js";
import { makeSandbox, sampleManifest } from "./sandbox.js";

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", args, { cwd, stdio: "pipe", env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1" } });

describe("defect 8: the dirty-tree check fails closed when git itself errors", () => {
  it("a repository git cannot read (broken config) with uncommitted changes is refused (exit 3), not treated as no repository", async () => {
    const box = makeSandbox();
    const file = path.join(box.root, "graft.yaml");
    writeFileSync(file, sampleManifest());
    git(box.root, "init", "-q");
    git(box.root, "-c", "user.name=t", "-c", "user.email=t@t", "add", "-A");
    git(box.root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base");
    appendFileSync(path.join(box.root, "src/use.ts"), "// uncommitted work\n");
    appendFileSync(path.join(box.root, ".git/config"), "[broken\n");
    const tree = snapshotTree(box.root);
    const result = await runGraftInProcess(["apply", file, "--yes", "--no-verify"]);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toMatch(/git/);
    expect(result.stderr).toMatch(/--allow-dirty/);
    expect(result.stderr.split("\n").filter(Boolean)).toHaveLength(1);
    expect(snapshotTree(box.root)).toEqual(tree);
    expect(readFileSync(path.join(box.root, "src/use.ts"), "utf8")).toContain("uncommitted work");
    // --allow-dirty is the user saying the tree's state is theirs to risk: then git's error does not block.
    const allowed = await runGraftInProcess(["apply", file, "--yes", "--no-verify", "--allow-dirty"]);
    expect(allowed.code, allowed.stderr).toBe(0);
  });
});
