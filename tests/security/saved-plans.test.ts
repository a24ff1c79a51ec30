import { createHash } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { MigrationPlan, PlanOperation } from "../../src/model/plan.js";
import { runGraftInProcess } from "../helpers/run-cli-in-process.js";
import { snapshotTree } from "../helpers/tree-snapshot.js";
import { makeSandbox, type Sandbox, sampleManifest } from "./sandbox.js";

const sha = (text: string) => createHash("sha256").update(text).digest("hex");

/** Plans the sample move and saves plan.json beside the root (outside it). */
async function savePlan(box: Sandbox): Promise<{ planPath: string; plan: MigrationPlan }> {
  const manifest = path.join(box.root, "graft.yaml");
  writeFileSync(manifest, sampleManifest());
  const planPath = path.join(box.box, "plan.json");
  const result = await runGraftInProcess(["plan", manifest, "--out", planPath]);
  expect(result.code, result.stderr).toBe(0);
  return { planPath, plan: JSON.parse(readFileSync(planPath, "utf8")) as MigrationPlan };
}

async function applyEdited(box: Sandbox, edit: (plan: MigrationPlan) => void, args: string[] = []) {
  const { planPath, plan } = await savePlan(box);
  edit(plan);
  writeFileSync(planPath, JSON.stringify(plan));
  const outside = box.outside();
  const tree = snapshotTree(box.root);
  const result = await runGraftInProcess(["apply", planPath, "--yes", "--allow-dirty", "--no-verify", ...args], {
    cwd: box.root,
  });
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stderr.split("\n").filter(Boolean).length).toBeLessThanOrEqual(1);
  expect(box.changedOutside(outside)).toEqual([]);
  return { result, unchanged: JSON.stringify(snapshotTree(box.root)) === JSON.stringify(tree) };
}

const write = (p: string, content: string, mode: number): PlanOperation => ({
  op: "write",
  path: p,
  content,
  encoding: "utf8",
  mode,
  before: null,
  sha256: sha(content),
  reason: "added by hand",
});

describe("defect 4: a hand-edited plan.json is validated like a manifest", () => {
  it("refuses an added write outside the root (setuid, too) and writes nothing", async () => {
    const box = makeSandbox();
    const { result, unchanged } = await applyEdited(box, (plan) => {
      plan.operations.push(write("../outside/x", "#!/bin/sh\n", 0o4755));
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/operations\[\d+\]\.path: .*inside root/);
    expect(unchanged).toBe(true);
    expect(existsSync(path.join(box.box, "outside"))).toBe(false);
  });

  it("refuses an added delete outside the root", async () => {
    const box = makeSandbox();
    const { result, unchanged } = await applyEdited(box, (plan) => {
      const content = readFileSync(path.join(box.sibling, "secret.txt"), "utf8");
      plan.operations.push({
        op: "delete",
        path: "../sibling/secret.txt",
        kind: "file",
        sha256: sha(content),
        reason: "",
      });
      plan.reads["../sibling/secret.txt"] = sha(content);
    });
    expect(result.code).toBe(2);
    expect(unchanged).toBe(true);
    expect(existsSync(path.join(box.sibling, "secret.txt"))).toBe(true);
  });

  it("refuses setuid, setgid and sticky modes, and modes the tree never had", async () => {
    for (const mode of [0o4755, 0o2755, 0o1777, 0o777]) {
      const box = makeSandbox();
      const { result, unchanged } = await applyEdited(box, (plan) => {
        plan.operations.push(write("src/tool.sh", "#!/bin/sh\n", mode));
      });
      expect(result.code, mode.toString(8)).toBe(2);
      expect(result.stderr).toMatch(/mode/);
      expect(unchanged).toBe(true);
    }
    const box = makeSandbox();
    const { result } = await applyEdited(box, (plan) => {
      plan.operations.push(write("src/tool.sh", "#!/bin/sh\n", 0o755));
    });
    expect(result.code, result.stderr).toBe(0);
    expect(lstatSync(path.join(box.root, "src/tool.sh")).mode & 0o7777).toBe(0o755);
  });

  it("refuses a plan whose root is not the folder it is applied in", async () => {
    const box = makeSandbox();
    const { result, unchanged } = await applyEdited(box, (plan) => {
      plan.root = box.sibling;
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/root/);
    expect(unchanged).toBe(true);
  });

  it("refuses paths into .git and through a symlink that leaves the root", async () => {
    for (const edit of [
      (plan: MigrationPlan) => plan.operations.push(write(".git/hooks/pre-commit", "#!/bin/sh\n", 0o755)),
      (plan: MigrationPlan) => plan.operations.push(write("escape/x.ts", "export {};\n", 0o644)),
    ]) {
      const box = makeSandbox();
      symlinkSync(box.sibling, path.join(box.root, "escape"));
      mkdirSync(path.join(box.root, ".git/hooks"), { recursive: true });
      const { result, unchanged } = await applyEdited(box, edit);
      expect([2, 3]).toContain(result.code);
      expect(unchanged).toBe(true);
      expect(existsSync(path.join(box.sibling, "x.ts"))).toBe(false);
    }
  });

  it("refuses malformed operations with exit 2, never a crash", async () => {
    const shapes: ((plan: MigrationPlan) => void)[] = [
      (plan) => plan.operations.push({} as PlanOperation),
      (plan) => plan.operations.push({ op: "edit", path: "src/use.ts", sha256: "x", edits: [{ start: -5 }] } as never),
      (plan) => Object.assign(plan, { reads: [] }),
      (plan) => Object.assign(plan.operations[1]!, { edits: "x" }),
      (plan) => Object.assign(plan, { operations: null }),
    ];
    for (const shape of shapes) {
      const box = makeSandbox();
      const { result, unchanged } = await applyEdited(box, shape);
      expect(result.code, result.stderr).toBe(2);
      expect(unchanged).toBe(true);
    }
  });
});

describe("defect 15: a file added to a moved folder after the plan was saved", () => {
  it("makes the plan stale (exit 3) before anything is written", async () => {
    const box = makeSandbox();
    const { planPath } = await savePlan(box);
    writeFileSync(path.join(box.root, "src/old/late.ts"), "export const late = 1;\n");
    const tree = snapshotTree(box.root);
    const result = await runGraftInProcess(["apply", planPath, "--yes", "--allow-dirty", "--no-verify"], {
      cwd: box.root,
    });
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toMatch(/plan is stale: src\/old.*late\.ts/);
    expect(snapshotTree(box.root)).toEqual(tree);
  });
});

describe("a saved staged plan is validated like a saved plan", () => {
  async function saveStaged(box: Sandbox) {
    const manifest = path.join(box.root, "graft.yaml");
    writeFileSync(
      manifest,
      "version: 1\nname: staged\nsteps:\n  - { name: one, move: { from: src/old, to: src/new } }\n",
    );
    const planPath = path.join(box.box, "staged.json");
    const result = await runGraftInProcess(["plan", manifest, "--out", planPath]);
    expect(result.code, result.stderr).toBe(0);
    return {
      planPath,
      staged: JSON.parse(readFileSync(planPath, "utf8")) as { root: string; steps: { plan: MigrationPlan }[] },
    };
  }

  it("refuses a step whose plan writes outside the root, or whose root is another folder, and writes nothing", async () => {
    const box = makeSandbox();
    const { planPath, staged } = await saveStaged(box);
    const tree = snapshotTree(box.root);
    const outside = box.outside();
    staged.steps[0]!.plan.operations.push(write("../sibling/secret.txt", "owned\n", 0o644));
    writeFileSync(planPath, JSON.stringify(staged));
    const escaped = await runGraftInProcess(["apply", planPath, "--yes", "--allow-dirty"], { cwd: box.root });
    expect(escaped.code).toBe(2);
    expect(escaped.stderr).toMatch(
      /steps\.0\.plan\.operations\.\d+\.path: .*inside root|steps\[0\]\.plan\.operations\[\d+\]\.path: .*inside root/,
    );
    staged.steps[0]!.plan.operations.pop();
    staged.steps[0]!.plan.root = box.sibling;
    writeFileSync(planPath, JSON.stringify(staged));
    const moved = await runGraftInProcess(["apply", planPath, "--yes", "--allow-dirty"], { cwd: box.root });
    expect(moved.code).toBe(2);
    expect(moved.stderr).toMatch(/plan\.root: must be the plan's root/);
    staged.steps[0]!.plan.root = staged.root;
    staged.root = box.sibling;
    writeFileSync(planPath, JSON.stringify(staged));
    const elsewhere = await runGraftInProcess(["apply", planPath, "--yes", "--allow-dirty"], { cwd: box.root });
    expect(elsewhere.code).toBe(2);
    expect(JSON.stringify(snapshotTree(box.root))).toBe(JSON.stringify(tree));
    // The plan file itself was edited by this test; nothing else outside the root changed.
    expect(box.changedOutside(outside).filter((change) => !change.includes("staged.json"))).toEqual([]);
  });
});
