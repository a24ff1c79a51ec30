import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fingerprintFolder } from "../../src/shared/fingerprint-folder.js";

const identity = ["-c", "user.email=tests@graft.invalid", "-c", "user.name=graft tests", "-c", "commit.gpgsign=false"];

/** Runs git in `dir` and returns its stdout. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync("git", [...identity, ...args], { cwd: dir, encoding: "utf8" });
}

/** Makes `dir` a git repository with everything in it committed. */
export function commitTree(dir: string): void {
  git(dir, "init", "-q");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "before the migration");
}

/** A fresh clone of the committed tree of `dir` (in a new temp folder). */
export function cloneTree(dir: string): string {
  const clone = path.join(mkdtempSync(path.join(os.tmpdir(), "graft-clone-")), "tree");
  execFileSync("git", ["clone", "-q", dir, clone]);
  return clone;
}

/** Fingerprint of a tree without git's and graft's own folders. */
export async function treeFingerprint(dir: string): Promise<Record<string, string>> {
  const all = await fingerprintFolder(dir);
  return Object.fromEntries(Object.entries(all).filter(([p]) => !/^\.(git|graft)(\/|$)/.test(p)));
}
