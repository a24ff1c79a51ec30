import { spawn, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { corruptObject } from "../helpers/backup-objects.js";
import { repoRoot } from "../helpers/copy-fixture.js";
import { runGraft } from "../helpers/run-cli.js";
import { diffSnapshots, snapshotTree } from "../helpers/tree-snapshot.js";
import { makeSamplePlan, makeSampleTree } from "../unit/apply/make-plan.js";
import { makeCrashFixture } from "./crash-fixture.js";
import { prepareTrial } from "./crash-trial.js";

/** The sample tree with its plan saved next to it (outside the root). */
function samplePlanFile(): { root: string; planPath: string } {
  const root = makeSampleTree();
  const planPath = path.join(mkdtempSync(path.join(os.tmpdir(), "graft-plan-")), "plan.json");
  writeFileSync(planPath, JSON.stringify(makeSamplePlan(root)));
  return { root, planPath };
}

describe("graft apply / history / show / rollback (CLI)", () => {
  it("applies a saved plan, lists and shows the run, rolls it back byte for byte", () => {
    const { root, planPath } = samplePlanFile();
    const before = snapshotTree(root);
    const applied = runGraft(["apply", planPath, "--yes", "--json"], { cwd: root });
    expect(applied.code, applied.stderr).toBe(0);
    const record = JSON.parse(applied.stdout) as { id: string; status: string; actions: unknown[] };
    expect(record.status).toBe("applied");

    const history = runGraft(["history", "--root", root]);
    expect(history.stdout).toMatch(new RegExp(`^${record.id}  applied\\s+test  ${record.actions.length} `));
    const show = runGraft(["show", record.id, "--root", root]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(`run ${record.id}: applied`);
    expect(show.stdout).toMatch(/rename src\/old\/a\.ts: [0-9a-f]{12} \(644\) → absent/);

    const rollback = runGraft(["rollback", "--yes"], { cwd: path.join(root, "src") });
    expect(rollback.code, rollback.stderr).toBe(0);
    expect(rollback.stdout).toMatch(new RegExp(`^restored \\d+ path\\(s\\) of run ${record.id}\\n$`));
    expect(diffSnapshots(before, snapshotTree(root))).toEqual([]);
  });

  it("stale plan: exit 3 naming the file; unknown run id: exit 2", () => {
    const { root, planPath } = samplePlanFile();
    writeFileSync(path.join(root, "src/old/b.ts"), "changed\n");
    const stale = runGraft(["apply", planPath, "--yes"], { cwd: root });
    expect(stale.code).toBe(3);
    expect(stale.stderr).toBe(
      "graft: plan is stale: src/old/b.ts changed since the plan was made; re-run graft plan\n",
    );
    const unknown = runGraft(["show", "20990101T000000000Z-abcdef", "--root", root]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('graft: unknown run id "20990101T000000000Z-abcdef" (see graft history)\n');
  });

  it("dirty git tree: exit 3 unless --allow-dirty", () => {
    const { root, planPath } = samplePlanFile();
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@t",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@t",
    };
    execFileSync("sh", ["-c", "git init -q && git add -A && git commit -q -m init && echo x >> README.md"], {
      cwd: root,
      env,
    });
    const dirty = runGraft(["apply", planPath, "--yes"], { cwd: root });
    expect(dirty.code).toBe(3);
    expect(dirty.stderr).toBe(
      `graft: refusing to apply: ${root} has uncommitted changes (1 path(s): README.md); commit or stash them, or pass --allow-dirty\n`,
    );
    expect(runGraft(["apply", planPath, "--yes", "--allow-dirty"], { cwd: root }).code).toBe(0);
  });

  it("corrupted object: rollback refuses (exit 3), backup verify reports it (exit 1)", async () => {
    const { root, planPath } = samplePlanFile();
    // The object holding src/use.ts as it was: an in-place edit can only come back from the store.
    const victim = createHash("sha256")
      .update(readFileSync(path.join(root, "src/use.ts")))
      .digest("hex");
    expect(runGraft(["apply", planPath, "--yes"], { cwd: root }).code).toBe(0);
    await corruptObject(root, victim, "bit rot");
    const rollback = runGraft(["rollback", "--root", root, "--yes"]);
    expect(rollback.code).toBe(3);
    expect(rollback.stderr).toMatch(
      new RegExp(
        `^graft: refusing to roll back: backup object ${victim} for src/use.ts \\(run \\S+\\) is corrupt \\(its bytes hash to [0-9a-f]{64}\\); nothing was restored \\(see graft backup verify\\)\\n$`,
      ),
    );
    const verify = runGraft(["backup", "verify", "--root", root]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(
      new RegExp(
        `^corrupt: src/use.ts \\(run \\S+\\) object ${victim} hashes to [0-9a-f]{64}\\n7 object\\(s\\) of 1 run\\(s\\) checked, 1 problem\\(s\\)\\n$`,
      ),
    );
  });
});

describe("graft apply under concurrency and signals", () => {
  const template = makeCrashFixture(400, 7);

  it("two concurrent applies on one root: exactly one proceeds, the other exits 3", async () => {
    const { root, planPath } = prepareTrial(template.root, template.plan);
    const start = () =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          [path.join(repoRoot, "bin/graft.js"), "apply", planPath, "--yes", "--no-verify"],
          { stdio: ["ignore", "ignore", "pipe"], cwd: root },
        );
        let stderr = "";
        child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
        child.on("exit", (code) => resolve({ code, stderr }));
      });
    const results = await Promise.all([start(), start()]);
    const codes = results.map((r) => r.code).sort();
    expect(codes).toEqual([0, 3]);
    const refused = results.find((r) => r.code === 3);
    // The loser either meets the lock or, when it starts after the winner finished, a plan that is now stale.
    expect(refused?.stderr).toMatch(
      /^graft: (another graft run holds the lock on \S+ \(pid \d+ on .+\)|plan is stale: .+)/,
    );
    expect(runGraft(["history", "--root", root, "--json"]).stdout.match(/"status": "applied"/g)).toHaveLength(1);
  });

  it("SIGINT: finishes the current operation, rolls back, exits 130", async () => {
    const { root, planPath } = prepareTrial(template.root, template.plan);
    const before = snapshotTree(root);
    const child = spawn(
      process.execPath,
      [path.join(repoRoot, "bin/graft.js"), "apply", planPath, "--yes", "--no-verify"],
      { stdio: ["ignore", "ignore", "pipe"], cwd: root },
    );
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    // Wait until the first step is journaled, so the signal lands while the tree is being written.
    const runs = path.join(root, ".graft/runs");
    const journaled = () =>
      existsSync(runs) && readdirSync(runs).some((id) => existsSync(path.join(runs, id, "journal.jsonl")));
    while (!journaled()) await sleep(1);
    child.kill("SIGINT");
    const code = await exited;
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/^graft: interrupted by SIGINT; rolled back run \S+, the tree is as before\n$/);
    expect(diffSnapshots(before, snapshotTree(root))).toEqual([]);
    expect(runGraft(["history", "--root", root]).stdout).toMatch(/ interrupted /);
  });
});
