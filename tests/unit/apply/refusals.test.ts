import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { applyPlan } from "../../../src/pipeline/apply-plan.js";
import { acquireLock } from "../../../src/backup/lock.js";
import { getLayout } from "../../../src/backup/layout.js";
import { RefusedError } from "../../../src/shared/errors.js";
import { nodeFsPort } from "../../../src/shared/fs-port.js";
import { diffSnapshots, snapshotTree } from "../../helpers/tree-snapshot.js";
import { makeSamplePlan, makeSampleTree } from "./make-plan.js";

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RefusedError);
  expect((error as RefusedError).exitCode).toBe(3);
  return (error as Error).message;
};

describe("apply refuses, writing nothing", () => {
  it("refuses a stale plan and names the changed file", async () => {
    const root = makeSampleTree();
    const plan = makeSamplePlan(root);
    writeFileSync(path.join(root, "src/old/b.ts"), "export const b = 2;\n");
    const before = snapshotTree(root);
    expect(await refusal(applyPlan(plan))).toBe(
      "plan is stale: src/old/b.ts changed since the plan was made; re-run graft plan",
    );
    expect(diffSnapshots(before, snapshotTree(root))).toEqual([]);
    expect(readdirSync(path.join(root, ".graft/objects"))).toEqual([]);
  });

  it("refuses a plan whose source file disappeared or whose target appeared", async () => {
    const root = makeSampleTree();
    const plan = makeSamplePlan(root);
    execFileSync("rm", [path.join(root, "src/old/run.sh")]);
    expect(await refusal(applyPlan(plan))).toBe("plan is stale: src/old/run.sh no longer exists; re-run graft plan");
    const root2 = makeSampleTree();
    const plan2 = makeSamplePlan(root2);
    writeFileSync(path.join(root2, "src/new/a.ts"), "surprise\n");
    expect(await refusal(applyPlan(plan2))).toBe("plan is stale: src/new/a.ts exists now; re-run graft plan");
  });

  it("refuses a plan with blockers", async () => {
    const root = makeSampleTree();
    const plan = { ...makeSamplePlan(root), blockers: ["conflict src/x.ts: manual", "conflict src/y.ts: manual"] };
    expect(await refusal(applyPlan(plan))).toBe(
      "refusing to apply: the plan has 2 unresolved conflict(s): conflict src/x.ts: manual (and 1 more); give them a conflict strategy in the manifest and plan again",
    );
  });

  it("refuses while another live process holds the lock, naming it", async () => {
    const root = makeSampleTree();
    const before = snapshotTree(root);
    const held = await acquireLock(nodeFsPort, getLayout(root), "graft apply other.yaml");
    try {
      const message = await refusal(applyPlan(makeSamplePlan(root)));
      expect(message).toContain(`another graft run holds the lock on ${root} (pid ${process.pid} on ${os.hostname()}`);
      expect(message).toContain("graft apply other.yaml");
    } finally {
      await held.release();
    }
    expect(diffSnapshots(before, snapshotTree(root))).toEqual([]);
  });

  it("takes over a lock whose process is dead, with a warning", async () => {
    const root = makeSampleTree();
    const child = spawn(process.execPath, ["-e", ""]);
    const deadPid = await new Promise<number>((resolve) => child.on("exit", () => resolve(child.pid ?? 0)));
    mkdirSync(path.join(root, ".graft"), { recursive: true });
    writeFileSync(
      path.join(root, ".graft/lock"),
      JSON.stringify({
        pid: deadPid,
        host: os.hostname(),
        startedAt: "2020-01-01T00:00:00.000Z",
        command: "graft apply old",
        token: "t",
      }),
    );
    const warnings: string[] = [];
    const record = await applyPlan(makeSamplePlan(root), {
      onEvent: (e) => e.type === "warning" && warnings.push(e.message),
    });
    expect(record.status).toBe("applied");
    expect(warnings).toEqual([
      `took over a stale lock of pid ${deadPid} (graft apply old, since 2020-01-01T00:00:00.000Z), which is no longer running`,
    ]);
    expect(readdirSync(path.join(root, ".graft"))).not.toContain("lock");
  });

  it("refuses a dirty git tree (ignoring .graft) unless allowDirty", async () => {
    const root = makeSampleTree();
    const git = (...args: string[]) =>
      execFileSync("git", args, {
        cwd: root,
        stdio: "pipe",
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: "t",
          GIT_AUTHOR_EMAIL: "t@t",
          GIT_COMMITTER_NAME: "t",
          GIT_COMMITTER_EMAIL: "t@t",
        },
      });
    git("init", "-q");
    git("add", "-A");
    git("commit", "-q", "-m", "init");
    // graft's own folder never counts as a change
    mkdirSync(path.join(root, ".graft/objects"), { recursive: true });
    writeFileSync(path.join(root, ".graft/objects/x"), "x");
    writeFileSync(path.join(root, "README.md"), "# changed\n");
    const before = snapshotTree(root);
    expect(await refusal(applyPlan(makeSamplePlan(root)))).toBe(
      `refusing to apply: ${root} has uncommitted changes (1 path(s): README.md); commit or stash them, or pass --allow-dirty`,
    );
    expect(diffSnapshots(before, snapshotTree(root))).toEqual([]);
    const record = await applyPlan(makeSamplePlan(root), { allowDirty: true });
    expect(record.git).toEqual({ head: git("rev-parse", "HEAD").toString().trim(), dirty: true });
  });

  it("a clean git tree applies and records HEAD", async () => {
    const root = makeSampleTree();
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@t",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@t",
    };
    execFileSync("sh", ["-c", "git init -q && git add -A && git commit -q -m init"], { cwd: root, env });
    const plan = makeSamplePlan(root);
    const record = await applyPlan(plan);
    expect(record.git?.dirty).toBe(false);
    // .graft holds a .gitignore so git status stays clean apart from the migration itself
    const status = execFileSync("git", ["status", "--porcelain", "--", ".graft"], { cwd: root }).toString();
    expect(status).toBe("");
  });
});
