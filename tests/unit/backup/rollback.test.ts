import { chmodSync, existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { corruptObject } from "../../helpers/backup-objects.js";
import { applyPlan } from "../../../src/pipeline/apply-plan.js";
import { rollbackRun } from "../../../src/backup/rollback.js";
import { listRunHistory } from "../../../src/backup/run-history.js";
import { CheckFailedError, InvalidInputError, RefusedError } from "../../../src/shared/errors.js";
import { nodeFsPort, withFailingWrite } from "../../../src/shared/fs-port.js";
import { diffSnapshots, snapshotTree } from "../../helpers/tree-snapshot.js";
import { makePlan, makeSamplePlan, makeSampleTree } from "../apply/make-plan.js";

const errorOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e as Error,
  );

describe("rollback", () => {
  it("partial rollback restores only matching paths (and a move's other end), and notes it in the record", async () => {
    const root = makeSampleTree();
    const before = snapshotTree(root);
    const record = await applyPlan(makeSamplePlan(root));
    const result = await rollbackRun(root, { paths: ["src/use.ts", "src/new/run.sh"] });
    expect(result.entry.paths).toEqual(["src/use.ts", "src/new/run.sh"]);
    expect(result.entry.restored).toEqual(["src/new/run.sh", "src/old", "src/old/run.sh", "src/use.ts"]);
    const now = snapshotTree(root);
    expect(now["src/use.ts"]).toEqual(before["src/use.ts"]);
    expect(now["src/old/run.sh"]).toEqual(before["src/old/run.sh"]);
    expect(now["src/new/run.sh"]).toBeUndefined();
    expect(now["src/new/a.ts"]).toBeDefined();
    const [run] = await listRunHistory(root);
    expect(run?.record.status).toBe("applied");
    expect(run?.record.rollbacks).toHaveLength(1);

    // the rest later: the run is then fully rolled back
    const rest = await rollbackRun(root, { runId: record.id });
    expect(rest.record.status).toBe("rolled-back");
    expect(diffSnapshots(before, snapshotTree(root))).toEqual([]);
  });

  it("refuses (exit 3) when files changed after the run, listing them; --force backs them up, then restores", async () => {
    const root = makeSampleTree();
    const before = snapshotTree(root);
    await applyPlan(makeSamplePlan(root));
    writeFileSync(path.join(root, "src/new/a.ts"), "edited by a human\n");
    chmodSync(path.join(root, "src/new/run.sh"), 0o700);
    const afterEdits = snapshotTree(root);
    const error = await errorOf(rollbackRun(root));
    expect(error).toBeInstanceOf(RefusedError);
    expect(error?.message).toMatch(
      /^refusing to roll back run \S+: 2 file\(s\) changed after the run: src\/new\/a\.ts is now file [0-9a-f]{12} mode 644, not what the run left; src\/new\/run\.sh is now file [0-9a-f]{12} mode 700, not what the run left \(use --force to back them up and overwrite them\)$/,
    );
    expect(diffSnapshots(afterEdits, snapshotTree(root))).toEqual([]);

    const forced = await rollbackRun(root, { force: true });
    expect(diffSnapshots(before, snapshotTree(root))).toEqual([]);
    expect(forced.entry.forcedBackups.map((b) => b.path)).toEqual(["src/new/a.ts", "src/new/run.sh"]);
    const edited = forced.entry.forcedBackups[0]?.state;
    expect(edited?.kind === "file" && readFileSync(path.join(root, ".graft/objects", edited.sha256), "utf8")).toBe(
      "edited by a human\n",
    );
  });

  it("refuses to roll back an older run before a newer one that touched the same files", async () => {
    const root = makeSampleTree();
    const first = await applyPlan(makeSamplePlan(root));
    const second = await applyPlan(
      makePlan(root, [{ op: "edit", path: "src/use.ts", edits: [{ start: 0, end: 6, text: "IMPORT" }] }]),
    );
    const error = await errorOf(rollbackRun(root, { runId: first.id }));
    expect(error).toBeInstanceOf(RefusedError);
    expect(error?.message).toBe(
      `refusing to roll back run ${first.id} before the newer run ${second.id}, which also changed src/use.ts; roll back ${second.id} first`,
    );
    // newest first works, then the older one
    expect((await rollbackRun(root)).runId).toBe(second.id);
    expect((await rollbackRun(root)).runId).toBe(first.id);
  });

  it("unknown run id: exit 2 with the exact message", async () => {
    const root = makeSampleTree();
    await applyPlan(makeSamplePlan(root));
    const error = await errorOf(rollbackRun(root, { runId: "20990101T000000000Z-abcdef" }));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error?.message).toBe('unknown run id "20990101T000000000Z-abcdef" (see graft history)');
  });

  it("never restores from a corrupted object: refuses, restoring nothing", async () => {
    const root = makeSampleTree();
    const record = await applyPlan(makeSamplePlan(root));
    const applied = snapshotTree(root);
    const change = record.actions.flatMap((s) => s.changes).find((c) => c.path === "src/use.ts");
    const sha = change?.before.kind === "file" ? change.before.sha256 : "";
    await corruptObject(root, sha, "tampered");
    const error = await errorOf(rollbackRun(root));
    expect(error).toBeInstanceOf(RefusedError);
    expect(error?.message).toMatch(
      new RegExp(
        `^refusing to roll back: backup object ${sha} for src/use.ts \\(run ${record.id}\\) is corrupt \\(its bytes hash to [0-9a-f]{64}\\); nothing was restored \\(see graft backup verify\\)$`,
      ),
    );
    expect(diffSnapshots(applied, snapshotTree(root))).toEqual([]);
  });

  it("dry run reports and changes nothing", async () => {
    const root = makeSampleTree();
    await applyPlan(makeSamplePlan(root));
    const applied = snapshotTree(root);
    const result = await rollbackRun(root, { dryRun: true });
    expect(result.entry.restored.length).toBeGreaterThan(5);
    expect(diffSnapshots(applied, snapshotTree(root))).toEqual([]);
    expect((await listRunHistory(root))[0]?.record.status).toBe("applied");
  });

  it("a rolled-back run cannot be rolled back again; no runs at all is exit 2", async () => {
    const root = makeSampleTree();
    expect(await errorOf(rollbackRun(root))).toBeInstanceOf(InvalidInputError);
    const record = await applyPlan(makeSamplePlan(root));
    await rollbackRun(root);
    const again = await errorOf(rollbackRun(root, { runId: record.id }));
    expect(again?.message).toBe(`run ${record.id} is rolled-back; there is nothing to roll back`);
  });

  it("when the automatic rollback itself fails, the run stays rollbackable and graft rollback finishes it", async () => {
    const root = makeSampleTree();
    const before = snapshotTree(root);
    const inTree = (p: string) => !p.includes("/.graft");
    // The outer port fails the 8th tree write; the inner one sees every other call and fails the next (the rollback's first).
    const fs = withFailingWrite(withFailingWrite(nodeFsPort, { nth: 8, code: "EACCES", filter: inTree }), {
      nth: 8,
      code: "ENOSPC",
      filter: inTree,
    });
    const plan = makeSamplePlan(root);
    const error = await errorOf(applyPlan(plan, { fs }));
    expect(error).toBeInstanceOf(CheckFailedError);
    expect(error?.message).toMatch(/ROLLBACK FAILED \(EACCES.*run graft rollback \S+$/);
    expect(existsSync(path.join(root, ".graft/lock"))).toBe(false);
    await expect(applyPlan(plan)).rejects.toThrow(/was interrupted and is not rolled back; run graft rollback/);
    await rollbackRun(root);
    expect(diffSnapshots(before, snapshotTree(root))).toEqual([]);
    expect(readdirSync(path.join(root, "src"))).toContain("old");
  });
});
