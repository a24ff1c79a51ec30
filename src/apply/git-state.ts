import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { RefusedError } from "../shared/errors.js";

const run = promisify(execFile);

/** What git says about the work tree holding a root. */
export interface GitState {
  head: string | null;
  dirty: boolean;
  /** Changed or untracked paths under the root (graft's own folder excluded), as git prints them. */
  dirtyPaths: string[];
}

/**
 * Reads HEAD and uncommitted changes under `root`; null when `root` is not inside a git work tree (or git is
 * not installed). Fails closed: when git itself errors (dubious ownership, a broken config or index), the tree
 * is not assumed clean; the RefusedError names git's message and `--allow-dirty`.
 */
export async function readGitState(root: string): Promise<GitState | null> {
  try {
    const inside = await run("git", ["rev-parse", "--is-inside-work-tree"], { cwd: root });
    if (inside.stdout.trim() !== "true") return null;
  } catch (error) {
    if (isNotARepository(error)) return null;
    throw gitError(root, error);
  }
  let head: string | null = null;
  try {
    head = (await run("git", ["rev-parse", "--verify", "-q", "HEAD"], { cwd: root })).stdout.trim() || null;
  } catch {
    head = null; // a repository without commits yet
  }
  let status: { stdout: string };
  try {
    status = await run(
      "git",
      ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ".", ":(exclude).graft"],
      { cwd: root, maxBuffer: 64 * 1024 * 1024 },
    );
  } catch (error) {
    throw gitError(root, error);
  }
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

/** True when git ran and said the folder is in no repository, or git is not installed. */
function isNotARepository(error: unknown): boolean {
  const failure = error as { code?: unknown; stderr?: unknown };
  if (failure.code === "ENOENT") return true;
  return typeof failure.stderr === "string" && /not a git repository/i.test(failure.stderr);
}

function gitError(root: string, error: unknown): RefusedError {
  const failure = error as { stderr?: unknown; message?: unknown };
  const said = String(failure.stderr || failure.message || error)
    .split("\n")
    .map((line) => line.trim())
    .find((line) => line.length > 0);
  return new RefusedError(
    `refusing to apply: git cannot tell whether ${root} has uncommitted changes (${said ?? "git failed"}); fix the repository, or pass --allow-dirty to apply anyway`,
  );
}
