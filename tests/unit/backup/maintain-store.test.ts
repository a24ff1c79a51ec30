import { linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getLayout } from "../../../src/backup/layout.js";
import { loadObjectIndex } from "../../../src/backup/object-store.js";
import { nodeFsPort } from "../../../src/shared/fs-port.js";
import { applyPlan } from "../../../src/pipeline/apply-plan.js";
import { listBackups, pruneBackups, verifyBackups } from "../../../src/backup/maintain-store.js";
import { materializeRunSnapshot } from "../../../src/backup/materialize-snapshot.js";
import { rollbackRun } from "../../../src/backup/rollback.js";
import { diffSnapshots, snapshotTree } from "../../helpers/tree-snapshot.js";
import { corruptObject, listStoredObjects, removeObject } from "../../helpers/backup-objects.js";
import { makePlan, makeSamplePlan, makeSampleTree } from "../apply/make-plan.js";

/** Hard-links every file of `root` into a folder outside it: a file linked elsewhere is backed up as a copy, in the run's pack. */
function linkFilesElsewhere(root: string): void {
  const elsewhere = mkdtempSync(path.join(os.tmpdir(), "graft-links-"));
  for (const rel of readdirSync(root, { recursive: true }) as string[]) {
    if (!lstatSync(path.join(root, rel)).isFile()) continue;
    mkdirSync(path.dirname(path.join(elsewhere, rel)), { recursive: true });
    linkSync(path.join(root, rel), path.join(elsewhere, rel));
  }
}

describe("backup maintenance", () => {
  it("verify reports corrupt and missing objects by path and run", async () => {
    const root = makeSampleTree();
    const record = await applyPlan(makeSamplePlan(root));
    expect((await verifyBackups(root)).problems).toEqual([]);
    const useSha = record.actions.flatMap((s) => s.changes).find((c) => c.path === "src/use.ts")?.before;
    const binSha = record.actions.flatMap((s) => s.changes).find((c) => c.path === "bin/data.bin")?.before;
    if (useSha?.kind !== "file" || binSha?.kind !== "file") throw new Error("fixture");
    await corruptObject(root, useSha.sha256);
    await removeObject(root, binSha.sha256);
    const report = await verifyBackups(root, record.id);
    expect(report.objectsChecked).toBe(7);
    expect(report.problems.map((p) => [p.problem, p.path, p.runId])).toEqual([
      ["missing", "bin/data.bin", record.id],
      ["corrupt", "src/use.ts", record.id],
    ]);
  });

  it("list counts each run's objects; prune --keep N keeps every object a kept run needs", async () => {
    const root = makeSampleTree();
    const first = await applyPlan(makeSamplePlan(root));
    await rollbackRun(root);
    writeFileSync(path.join(root, "extra.txt"), "one\n");
    const second = await applyPlan(makePlan(root, [{ op: "delete", path: "extra.txt" }]));
    const list = await listBackups(root);
    expect(list.runs.map((r) => [r.runId, r.objects])).toEqual([
      [second.id, 1],
      [first.id, 7],
    ]);
    expect(list.objects).toBe(8);

    const dry = await pruneBackups(root, 1, { dryRun: true });
    expect(dry).toMatchObject({ removedRuns: [first.id], removedObjects: 7 });
    expect(await listStoredObjects(root)).toHaveLength(8);
    await pruneBackups(root, 1);
    expect(readdirSync(path.join(root, ".graft/runs"))).toEqual([second.id]);
    expect(await listStoredObjects(root)).toHaveLength(1);
    expect((await verifyBackups(root)).problems).toEqual([]);
    // the kept run still rolls back
    await rollbackRun(root);
    expect(snapshotTree(root)["extra.txt"]).toMatchObject({ kind: "file" });
  });

  it("prune rewrites a pack that holds objects of removed and kept runs, keeping only what the kept run needs", async () => {
    const root = makeSampleTree();
    linkFilesElsewhere(root);
    const before = snapshotTree(root);
    await applyPlan(makeSamplePlan(root));
    await rollbackRun(root);
    // The second run's only backup (src/use.ts as it is) already sits in the first run's pack.
    const second = await applyPlan(
      makePlan(root, [{ op: "edit", path: "src/use.ts", edits: [{ start: 0, end: 6, text: "IMPORT" }] }]),
    );
    const packsBefore = (await loadObjectIndex(nodeFsPort, getLayout(root))).packs;
    expect(packsBefore).toHaveLength(1);
    const report = await pruneBackups(root, 1);
    expect(report.removedObjects).toBe(6);
    const index = await loadObjectIndex(nodeFsPort, getLayout(root));
    expect(index.packs).toHaveLength(1);
    expect(index.packs[0]).not.toBe(packsBefore[0]);
    expect(await listStoredObjects(root)).toHaveLength(1);
    expect(await verifyBackups(root)).toMatchObject({ runs: [second.id], problems: [] });
    await rollbackRun(root);
    expect(diffSnapshots(before, snapshotTree(root))).toEqual([]);
  });

  it("materializes a run's pre-migration tree into a folder, leaving the root as it is", async () => {
    const root = makeSampleTree();
    const before = snapshotTree(root);
    const record = await applyPlan(makeSamplePlan(root));
    const applied = snapshotTree(root);
    const dest = path.join(mkdtempSync(path.join(os.tmpdir(), "graft-snap-")), "legacy");
    expect(await materializeRunSnapshot(root, undefined, dest)).toBe(record.id);
    expect(diffSnapshots(before, snapshotTree(dest))).toEqual([]);
    expect(diffSnapshots(applied, snapshotTree(root))).toEqual([]);
    await expect(materializeRunSnapshot(root, record.id, dest)).rejects.toThrow(/is not empty/);
  });
});
