import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { applyPlan as applySequentially } from "../../src/pipeline/apply-plan.js";
import type { MigrationPlan } from "../../src/model/plan.js";
import { diffSnapshots, snapshotTree } from "../helpers/tree-snapshot.js";
import { makeCrashFixture } from "./crash-fixture.js";
import { prepareTrial } from "./crash-trial.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// The compiled library: its write phase can start worker threads (the TypeScript sources have no worker to start).
const compiled = (await import(path.join(repoRoot, "dist/src/pipeline/apply-plan.js"))) as {
  applyPlan: typeof applySequentially;
};
const { getWriteThreadCount } = (await import(path.join(repoRoot, "dist/src/apply/parallel-writes.js"))) as {
  getWriteThreadCount: () => number;
};
const { rollbackRun } = (await import(
  path.join(repoRoot, "dist/src/backup/rollback.js")
)) as typeof import("../../src/backup/rollback.js");

/** Whether this file system lets us make a file immutable (chattr +i: even root cannot rename it). */
function canMakeImmutable(): boolean {
  const probe = path.join(mkdtempSync(path.join(os.tmpdir(), "graft-chattr-")), "probe");
  writeFileSync(probe, "");
  const ok = spawnSync("chattr", ["+i", probe]).status === 0;
  if (ok) execFileSync("chattr", ["-i", probe]);
  return ok;
}

const loadPlan = (planPath: string) => JSON.parse(readFileSync(planPath, "utf8")) as MigrationPlan;

describe("write phase on worker threads (compiled build)", () => {
  let template: { root: string; plan: MigrationPlan };
  beforeAll(() => {
    template = makeCrashFixture(400, 11);
  });

  it("leaves the same tree and the same run actions as the sequential write phase, journals every action once, and rolls back", async () => {
    expect(getWriteThreadCount()).toBeGreaterThan(0);
    const sequential = prepareTrial(template.root, template.plan);
    const parallel = prepareTrial(template.root, template.plan);
    const original = snapshotTree(parallel.root);
    const a = await applySequentially(loadPlan(sequential.planPath), { verify: false, allowDirty: true });
    const b = await compiled.applyPlan(loadPlan(parallel.planPath), { verify: false, allowDirty: true });
    expect(diffSnapshots(snapshotTree(sequential.root), snapshotTree(parallel.root))).toEqual([]);
    expect(b.actions).toEqual(a.actions);
    const journal = readFileSync(path.join(parallel.root, ".graft/runs", b.id, "journal.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { action?: number });
    const journaled = journal.flatMap((line) => (line.action === undefined ? [] : [line.action])).sort((x, y) => x - y);
    expect(journaled).toEqual(b.actions.map((s) => s.index));
    await rollbackRun(parallel.root);
    expect(diffSnapshots(original, snapshotTree(parallel.root))).toEqual([]);
  });

  it("a signal while the staged files are renamed stops between chunks, removes every temp file not renamed, and rolls back", async () => {
    const trial = prepareTrial(template.root, template.plan);
    const original = snapshotTree(trial.root);
    const abort = new AbortController();
    let journaled = 0;
    // Step events come from the second phase, a chunk at a time: abort once part of the renames are done.
    const onEvent = (event: { type: string }) => {
      if (event.type === "action" && ++journaled === 100) abort.abort();
    };
    const error = await compiled
      .applyPlan(loadPlan(trial.planPath), { verify: false, allowDirty: true, signal: abort.signal, onEvent })
      .catch((e: unknown) => e as Error);
    expect((error as Error).message).toMatch(/rolled back run \S+, the tree is as before$/);
    expect(journaled).toBeGreaterThanOrEqual(100);
    expect(journaled).toBeLessThan(loadPlan(trial.planPath).operations.length);
    expect(diffSnapshots(original, snapshotTree(trial.root))).toEqual([]);
    const leftovers = (readdirSync(trial.root, { recursive: true }) as string[]).filter((p) =>
      p.includes(".graft-tmp-"),
    );
    expect(leftovers).toEqual([]);
  });

  it.runIf(canMakeImmutable())(
    "an action failing on a worker rolls the whole run back and names the action",
    async () => {
      const trial = prepareTrial(template.root, template.plan);
      const original = snapshotTree(trial.root);
      // An immutable file cannot be renamed, not even by root: the move of mod300 fails midway through the batch.
      const victim = path.join(trial.root, "legacy/pkg11/sub0/mod300.ts");
      execFileSync("chattr", ["+i", victim]);
      try {
        const error = await compiled
          .applyPlan(loadPlan(trial.planPath), { verify: false, allowDirty: true })
          .catch((e: unknown) => e as Error);
        expect(error).toBeInstanceOf(Error);
        expect((error as Error).message).toMatch(
          /^apply failed: EPERM: operation not permitted, rename '.*legacy\/pkg11\/sub0\/mod300\.ts' -> .* at action \d+ of \d+ \(move legacy\/pkg11\/sub0\/mod300\.ts → modern\/pkg11\/sub0\/mod300\.ts\); rolled back run \S+, the tree is as before$/,
        );
      } finally {
        execFileSync("chattr", ["-i", victim]);
      }
      expect(diffSnapshots(original, snapshotTree(trial.root))).toEqual([]);
    },
  );
});
