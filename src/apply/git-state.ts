import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** What git says about the work tree holding a root. */
export interface GitState {
  head: string | null;
  dirty: boolean;
  /** Changed or untracked paths under the root (graft's own folder excluded), as git prints them. */
  dirtyPaths: string[];
}

/** Reads HEAD and uncommitted changes under `root`; null when `root` is not inside a git work tree (or git is absent). */
export async function readGitState(root: string): Promise<GitState | null> {
  try {
    const inside = await run("git", ["rev-parse", "--is-inside-work-tree"], { cwd: root });
    if (inside.stdout.trim() !== "true") return null;
  } catch {
    return null;
  }
  let head: string | null = null;
  try {
    head = (await run("git", ["rev-parse", "--verify", "-q", "HEAD"], { cwd: root })).stdout.trim() || null;
  } catch {
    head = null; // a repository without commits yet
  }
  const status = await run(
    "git",
    ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ".", ":(exclude).graft"],
    {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const dirtyPaths: string[] = [];
  const fields = status.stdout.split("\0");
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] ?? "";
    if (field.length < 4) continue;
    dirtyPaths.push(field.slice(3));
    if (field[0] === "R" || field[0] === "C") i++; // the rename's source follows as its own field
  }
  return { head, dirty: dirtyPaths.length > 0, dirtyPaths };
}
