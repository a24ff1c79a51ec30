import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { commandEntries } from "../../src/cli/registry.js";
import { fingerprintFolder } from "../../src/shared/fingerprint-folder.js";
import { runGraft } from "../helpers/run-cli.js";

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** A git repository holding a TS project under app/ and its graft.yaml at the top: app/src/util moves to app/src/lib. */
function makeProject(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "graft-cli-"));
  temps.push(root);
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  write("app/src/util/a.ts", "export const a = 1;\n");
  write("app/src/main.ts", 'import { a } from "./util/a.js";\nconsole.log(a);\n');
  write(
    "app/tsconfig.json",
    JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext" }, include: ["src"] }),
  );
  write(
    "graft.yaml",
    "version: 1\nname: util-to-lib\nroot: app\ntypescript: { tsconfig: tsconfig.json }\nmoves:\n  - { from: src/util, to: src/lib }\n",
  );
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { cwd: root, stdio: "pipe" });
  git("init", "-q");
  git("add", ".");
  git("commit", "-qm", "initial");
  return root;
}

describe("CLI conventions", () => {
  it("--help of the program and of every command shows examples and the exit codes", () => {
    const top = runGraft(["--help"]);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain("Examples:");
    expect(top.stdout).toMatch(/Exit codes:\n {2}0 {4}success/);
    for (const { name } of commandEntries) expect(top.stdout).toContain(`  ${name} `);
    for (const { name } of commandEntries) {
      const help = runGraft([name, "--help"]);
      expect(help.code, name).toBe(0);
      expect(help.stdout, name).toContain(`Usage: graft ${name}`);
      expect(help.stdout, name).toMatch(/Examples:\n {2}graft /);
      expect(help.stdout, name).toContain("  3    refused as unsafe");
      // The command's own options are there, not only the summary the program lists before loading it.
      expect(help.stdout, name).toMatch(/Options:\n[\s\S]*--help/);
    }
    expect(runGraft(["help", "plan"]).stdout).toContain("--patch-per-step");
  });

  it("finds graft.yaml above the current folder when no manifest is named, and says what to do when there is none", () => {
    const root = makeProject();
    const fromBelow = runGraft(["validate"], { cwd: path.join(root, "app/src") });
    expect(fromBelow.code, fromBelow.stderr).toBe(0);
    const plan = runGraft(["plan", "--json"], { cwd: path.join(root, "app") });
    expect(plan.code, plan.stderr).toBe(0);
    expect(JSON.parse(plan.stdout).manifest.path).toBe(path.join(root, "graft.yaml"));
    const empty = mkdtempSync(path.join(os.tmpdir(), "graft-cli-none-"));
    temps.push(empty);
    const none = runGraft(["plan"], { cwd: empty });
    expect(none.code).toBe(2);
    expect(none.stderr.trim().split("\n")).toHaveLength(1);
    expect(none.stderr).toContain("no manifest given and no graft.yaml");
    expect(none.stderr).toContain("graft init");
  });

  it("apply without a terminal and without --yes refuses (exit 3) and writes nothing; a saved plan is not asked about again", async () => {
    const root = makeProject();
    const before = await fingerprintFolder(root);
    const refused = runGraft(["apply"], { cwd: root });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain("pass --yes to apply without a prompt");
    expect(await fingerprintFolder(root)).toEqual(before);
    const mv = runGraft(["mv", "app/src/util", "app/src/lib"], { cwd: root });
    expect(mv.code).toBe(3);
    expect(mv.stderr).toContain("pass --yes");
    expect(await fingerprintFolder(root)).toEqual(before);

    const planFile = path.join(os.tmpdir(), `graft-cli-plan-${process.pid}.json`);
    temps.push(planFile);
    expect(runGraft(["plan", "--out", planFile], { cwd: root }).code).toBe(0);
    const applied = runGraft(["apply", planFile], { cwd: path.join(root, "app") });
    expect(applied.code, applied.stderr).toBe(0);
    expect(existsSync(path.join(root, "app/src/lib/a.ts"))).toBe(true);
    expect(readFileSync(path.join(root, "app/src/main.ts"), "utf8")).toContain('from "./lib/a.js"');
  });

  it("--no-color, --quiet and --verbose", () => {
    const root = makeProject();
    const colored = runGraft(["plan", "--no-color"], { cwd: root, env: { NO_COLOR: undefined, FORCE_COLOR: "1" } });
    expect(colored.code, colored.stderr).toBe(0);
    expect(colored.stdout).not.toContain("\x1b[");
    const forced = runGraft(["plan"], { cwd: root, env: { NO_COLOR: undefined, FORCE_COLOR: "1" } });
    expect(forced.stdout).toContain("\x1b[");
    // Without a terminal, progress is shown only with --verbose (as plain lines, for CI logs).
    const verbose = runGraft(["--verbose", "plan"], { cwd: root });
    expect(verbose.stderr).toMatch(/^graft plan: .+…$/m);
    const quiet = runGraft(["--quiet", "--verbose", "plan"], { cwd: root });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe("");
    const init = runGraft(["init", "--quiet"], { cwd: mkdtempSync(path.join(os.tmpdir(), "graft-cli-init-")) });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain("wrote ");
    expect(init.stdout).not.toContain("next:");
  });
});
