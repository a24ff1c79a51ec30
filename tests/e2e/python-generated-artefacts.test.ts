import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fingerprintFolder } from "../../src/shared/fingerprint-folder.js";
import { runGraft } from "../helpers/run-cli.js";

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** A Python package whose `pkg/old` subpackage moves to `pkg/new`; `__pycache__` is git-ignored, as in most projects. */
function makeProject(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "graft-pycache-"));
  temps.push(root);
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  write(".gitignore", "__pycache__/\n*.pyc\n.pytest_cache/\n");
  write("pkg/__init__.py", "");
  write("pkg/old/__init__.py", "from .core import answer\n");
  write("pkg/old/core.py", "def answer():\n    return 42\n");
  write("app.py", "from pkg.old.core import answer\nprint(answer())\n");
  write(
    "graft.yaml",
    "version: 1\nname: old-to-new\npython: { roots: ['.'] }\nmoves:\n  - { from: pkg/old, to: pkg/new }\n",
  );
  // What running the project leaves behind: bytecode of the package that is about to move.
  execFileSync("python3", ["app.py"], { cwd: root });
  execFileSync("python3", ["-m", "compileall", "-q", "pkg"], { cwd: root });
  return root;
}

/** The tree's files and folders, graft's own record folder aside. */
async function treePrint(root: string, keep: (p: string) => boolean = () => true) {
  const print = await fingerprintFolder(root);
  return Object.fromEntries(Object.entries(print).filter(([p]) => !p.startsWith(".graft") && keep(p)));
}

const imports = (root: string, module: string) =>
  spawnSync("python3", ["-c", `import ${module}`], { cwd: root, env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" } })
    .status === 0;

describe("generated artefacts (issue 16, item 10)", () => {
  it("a moved-from package holding only __pycache__ is removed, so the old module cannot import; rollback restores it", async () => {
    const root = makeProject();
    expect(readdirSync(path.join(root, "pkg/old/__pycache__")).length).toBeGreaterThan(0);
    const before = await treePrint(root);

    const plan = runGraft(["plan"], { cwd: root });
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain("generated artefact(s)");
    const applied = runGraft(["apply", "--yes"], { cwd: root });
    expect(applied.code, applied.stderr).toBe(0);
    expect(existsSync(path.join(root, "pkg/old"))).toBe(false);
    expect(imports(root, "pkg.new.core")).toBe(true);
    expect(imports(root, "pkg.old")).toBe(false);

    const rolledBack = runGraft(["rollback", "--yes"], { cwd: root });
    expect(rolledBack.code, rolledBack.stderr).toBe(0);
    expect(await treePrint(root)).toEqual(before);
  });

  it("bytecode written after the run into a folder the run created does not block its rollback", async () => {
    const root = makeProject();
    const noCaches = (p: string) => !p.includes("__pycache__");
    const before = await treePrint(root, noCaches);
    expect(runGraft(["apply", "--yes"], { cwd: root }).code).toBe(0);
    // A test run after the migration compiles the moved package and leaves caches in the new folders.
    execFileSync("python3", ["app.py"], { cwd: root });
    execFileSync("python3", ["-m", "compileall", "-q", "pkg"], { cwd: root });
    mkdirSync(path.join(root, "pkg/new/.pytest_cache/v"), { recursive: true });
    writeFileSync(path.join(root, "pkg/new/.pytest_cache/v/lastfailed"), "{}\n");
    expect(existsSync(path.join(root, "pkg/new/__pycache__"))).toBe(true);

    const rolledBack = runGraft(["rollback", "--yes"], { cwd: root });
    expect(rolledBack.code, rolledBack.stderr).toBe(0);
    expect(existsSync(path.join(root, "pkg/new"))).toBe(false);
    // Caches outside the folders the run created were compiled again by the test run; all else is as before.
    expect(await treePrint(root, noCaches)).toEqual(before);
  });

  it("a user's file in a folder the run created still blocks the rollback", async () => {
    const root = makeProject();
    expect(runGraft(["apply", "--yes"], { cwd: root }).code).toBe(0);
    writeFileSync(path.join(root, "pkg/new/notes.txt"), "mine\n");
    const refused = runGraft(["rollback", "--yes"], { cwd: root });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain("pkg/new/notes.txt");
  });
});
