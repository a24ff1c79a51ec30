import { spawnSync } from "node:child_process";
import path from "node:path";
import { repoRoot } from "../../../../helpers/copy-fixture.js";

const checkScript = path.join(repoRoot, "tests/helpers/check_python_tree.py");
// The interpreter itself, not a version manager's shim in front of it (which costs more than the check).
export const pythonExecutable =
  spawnSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" }).stdout.trim() || "python3";
// Fixture trees are read in place: Python must not leave __pycache__ folders in them.
const env = { ...process.env, PYTHONDONTWRITEBYTECODE: "1", PYTHONHASHSEED: "0" };

/** What importing every module of a tree and running its doctests gave. */
export interface TreeCheck {
  modules: string[];
  attempted: number;
  failures: string[];
}

/** Imports every module of a Python tree (under `roots`) with python3 and runs its doctests. */
export function checkPythonTree(dir: string, roots: readonly string[] = ["."]): TreeCheck {
  const run = spawnSync(pythonExecutable, [checkScript, dir, ...roots], { cwd: dir, env, encoding: "utf8" });
  const last = run.stdout.trim().split("\n").pop() ?? "";
  try {
    return JSON.parse(last) as TreeCheck;
  } catch {
    return { modules: [], attempted: 0, failures: [`check_python_tree.py exited ${run.status}: ${run.stderr.trim()}`] };
  }
}

/** Runs `python3 <script>` in a folder; stdout, or a line naming the failure. */
export function runPythonScript(dir: string, script: string): string {
  const run = spawnSync(pythonExecutable, [script], { cwd: dir, env, encoding: "utf8" });
  return run.status === 0 ? run.stdout : `exit ${run.status}: ${run.stderr.trim().split("\n").pop()}`;
}
