import { existsSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { rollbackRun } from "../../src/backup/rollback.js";
import { InvalidInputError } from "../../src/shared/errors.js";
import type { MigrationPlan } from "../../src/model/plan.js";
import { diffSnapshots, snapshotTree, type TreeSnapshot } from "../helpers/tree-snapshot.js";
import { createRandom, makeCrashFixture } from "./crash-fixture.js";
import { prepareTrial, runApplyChild, runRollbackCli } from "./crash-trial.js";

const trials = Number(process.env.GRAFT_CRASH_TRIALS ?? 30);
const seed = Number(process.env.GRAFT_CRASH_SEED ?? 20261125);

describe("crash safety: SIGKILL during graft apply, then rollback", () => {
  let template: { root: string; plan: MigrationPlan };
  let original: TreeSnapshot;
  let workMs = 0;

  beforeAll(async () => {
    template = makeCrashFixture(400, seed);
    original = snapshotTree(template.root);
    // Calibrate: how long an uninterrupted apply works once it holds the lock (kill moments spread over it).
    const { root, planPath } = prepareTrial(template.root, template.plan);
    workMs = (await runApplyChild(root, planPath)).workMs;
  }, 120_000);

  it(`is byte-identical to the original after ${trials} seeded kills`, async () => {
    const random = createRandom(seed);
    const outcomes: string[] = [];
    for (let trial = 0; trial < trials; trial++) {
      const killAfter = Math.floor(random() * workMs * 1.1);
      const { root, planPath } = prepareTrial(template.root, template.plan);
      const child = await runApplyChild(root, planPath, killAfter);
      // Every 5th trial rolls back through the CLI; the others call the library (same code, no start-up cost).
      if (trial % 5 === 0) {
        const cli = runRollbackCli(root);
        expect([0, 2], `trial ${trial}: ${cli.stderr}`).toContain(cli.code);
        if (cli.code === 2)
          expect(cli.stderr).toContain(`graft: no applied run to roll back in ${root} (see graft history)\n`);
      } else {
        await rollbackRun(root).catch((error: unknown) => {
          if (!(error instanceof InvalidInputError)) throw error;
        });
      }
      const journal = path.join(root, ".graft/runs");
      const runs = existsSync(journal) ? readdirSync(journal).length : 0;
      outcomes.push(`${trial}:${killAfter}ms:${child.signal ?? child.code}:${runs}`);
      // A child that ended on its own must have succeeded; anything else is a bug even if the tree survived.
      if (child.signal === null) expect(child.code, `trial ${trial}: ${child.stderr}`).toBe(0);
      expect(
        diffSnapshots(original, snapshotTree(root)),
        `trial ${trial} killed after ${killAfter} ms (seed ${seed})`,
      ).toEqual([]);
      expect(existsSync(path.join(root, ".graft/lock")), `trial ${trial}: lock left behind`).toBe(false);
      rmSync(path.dirname(root), { recursive: true, force: true });
    }
    rmSync(template.root, { recursive: true, force: true });
    console.log(
      `crash trials (trial:kill-delay:exit:runs), calibrated work ${Math.round(workMs)} ms: ${outcomes.join(" ")}`,
    );
    expect(outcomes).toHaveLength(trials);
  }, 600_000);
});
