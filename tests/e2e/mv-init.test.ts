import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fingerprintFolder } from "../../src/shared/fingerprint-folder.js";
import { runGraft } from "../helpers/run-cli.js";

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** A small TypeScript project in a git repository: src/util/a.ts imported by src/main.ts. */
function makeProject(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "graft-mv-"));
  temps.push(root);
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  write("src/util/a.ts", "export const a = 1;\n");
  write("src/main.ts", 'import { a } from "./util/a.js";\nconsole.log(a);\n');
  write(
    "tsconfig.json",
    JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext" }, include: ["src"] }),
  );
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { cwd: root, stdio: "pipe" });
  git("init", "-q");
  git("add", ".");
  git("commit", "-qm", "initial");
  return root;
}

describe("graft mv", () => {
  it("--dry-run prints a patch git apply accepts and writes nothing", async () => {
    const root = makeProject();
    const before = await fingerprintFolder(root);
    const dry = runGraft(["mv", "src/util", "src/lib", "--dry-run"], { cwd: root });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("rename from src/util/a.ts");
    expect(dry.stdout).toContain('+import { a } from "./lib/a.js";');
    expect(await fingerprintFolder(root)).toEqual(before);
    execFileSync("git", ["apply", "--check", "-"], { cwd: root, input: dry.stdout });
  });

  it("refuses without --yes when stdin is no terminal, then moves with --yes, recorded and undone like a manifest run", async () => {
    const root = makeProject();
    const before = await fingerprintFolder(root);
    const refused = runGraft(["mv", "src/util", "src/lib"], { cwd: root });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toBe(
      "graft: not applied: pass --yes to apply without a prompt (there is no terminal to ask on)\n",
    );

    // Paths are relative to the folder the command runs in, as with git mv.
    const moved = runGraft(["mv", "util", "lib", "--yes"], { cwd: path.join(root, "src") });
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).toMatch(/^moved src\/util → src\/lib: run \S+, 1 file\(s\) moved, 1 edited/);
    expect(readFileSync(path.join(root, "src/main.ts"), "utf8")).toBe(
      'import { a } from "./lib/a.js";\nconsole.log(a);\n',
    );
    expect(existsSync(path.join(root, "src/util"))).toBe(false);

    const history = runGraft(["history", "--json"], { cwd: root });
    const runs = JSON.parse(history.stdout) as { manifest: { name: string; text?: string } }[];
    expect(runs[0]!.manifest.name).toBe("mv src/util src/lib");
    expect(runs[0]!.manifest.text).toContain("from: src/util");
    expect(runs[0]!.manifest.text).toContain("tsconfig: tsconfig.json");

    const undone = runGraft(["rollback", "--yes"], { cwd: root });
    expect(undone.code, undone.stderr).toBe(0);
    const after = await fingerprintFolder(root);
    const differing = Object.keys({ ...before, ...after }).filter(
      (p) => !p.startsWith(".graft") && before[p] !== after[p],
    );
    expect(differing).toEqual([]);
  });

  it("names the argument at fault", () => {
    const root = makeProject();
    const missing = runGraft(["mv", "src/nope", "src/x", "--yes"], { cwd: root });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^graft: graft mv: from src\/nope: does not exist/);
    const outside = runGraft(["mv", "src/util", "../elsewhere", "--yes"], { cwd: root });
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/^graft: graft mv: to \.\.\/elsewhere: must be inside the project/);
  });
});

describe("graft init", () => {
  it("writes a starter graft.yaml that validates, detects the language, and never overwrites", () => {
    const root = makeProject();
    const init = runGraft(["init"], { cwd: root });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain("TypeScript (tsconfig.json)");
    const text = readFileSync(path.join(root, "graft.yaml"), "utf8");
    expect(text).toContain("typescript: { tsconfig: tsconfig.json }");
    expect(text).toContain('# python: { roots: ["."] }');
    expect(runGraft(["validate", "graft.yaml"], { cwd: root }).code).toBe(0);
    const again = runGraft(["init"], { cwd: root });
    expect(again.code).toBe(3);
    expect(readFileSync(path.join(root, "graft.yaml"), "utf8")).toBe(text);
  });

  it("finds a src-layout Python package", () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "graft-init-py-"));
    temps.push(root);
    mkdirSync(path.join(root, "src/pkg"), { recursive: true });
    writeFileSync(path.join(root, "src/pkg/__init__.py"), "");
    writeFileSync(path.join(root, "pyproject.toml"), "[project]\nname = 'pkg'\n");
    const init = runGraft(["init", "--lang", "py"], { cwd: root });
    expect(init.code, init.stderr).toBe(0);
    const text = readFileSync(path.join(root, "graft.yaml"), "utf8");
    expect(text).toContain('python: { roots: ["src"] }');
    expect(text).toContain("#  - from: src/pkg/old_name");
    expect(runGraft(["validate", "graft.yaml"], { cwd: root }).code).toBe(0);
    expect(runGraft(["init", "--lang", "go"], { cwd: root }).code).toBe(2);
  });
});
