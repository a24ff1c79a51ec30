import { readFileSync, readdirSync, readlinkSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getLayout } from "../../../src/backup/layout.js";
import { loadObjectIndex, readObject } from "../../../src/backup/object-store.js";
import { nodeFsPort } from "../../../src/shared/fs-port.js";
import { listStoredObjects } from "../../helpers/backup-objects.js";
import { applyPlan } from "../../../src/pipeline/apply-plan.js";
import { rollbackRun } from "../../../src/backup/rollback.js";
import { readJournal } from "../../../src/backup/journal.js";
import { loadManifest } from "../../../src/manifest/load.js";
import { planMigration } from "../../../src/pipeline/plan-migration.js";
import { copyFixture, repoRoot } from "../../helpers/copy-fixture.js";
import { diffSnapshots, snapshotTree } from "../../helpers/tree-snapshot.js";
import { makeSamplePlan, makeSampleTree } from "./make-plan.js";

describe("apply → rollback on the sample tree", () => {
  it("applies every operation kind, then restores the tree byte for byte", async () => {
    const root = makeSampleTree();
    const before = snapshotTree(root);
    const record = await applyPlan(makeSamplePlan(root));

    expect(record.status).toBe("applied");
    expect(readFileSync(path.join(root, "src/new/a.ts"), "utf8")).toContain("export const a");
    expect(readFileSync(path.join(root, "src/new/données.txt"), "utf8")).toBe("e\n");
    expect(readFileSync(path.join(root, "src/use.ts"), "utf8")).toBe('import { a } from "./new/a";\n');
    expect(statSync(path.join(root, "src/new/run.sh")).mode & 0o777).toBe(0o755);
    expect(statSync(path.join(root, "src/new/index.ts")).mode & 0o777).toBe(0o600);
    expect(readlinkSync(path.join(root, "src/new/latest.ts"))).toBe("a.ts");
    expect(readdirSync(path.join(root, "src"))).not.toContain("old");
    const journal = await readJournal(
      (await import("../../../src/shared/fs-port.js")).nodeFsPort,
      getLayout(root),
      record.id,
    );
    expect(journal.end).toBe("applied");
    expect(journal.actions.size).toBe(record.actions.length);

    const result = await rollbackRun(root);
    expect(result.record.status).toBe("rolled-back");
    expect(diffSnapshots(before, snapshotTree(root))).toEqual([]);
  });

  it("apply → rollback → apply gives the same tree as the first apply", async () => {
    const root = makeSampleTree();
    const plan = makeSamplePlan(root);
    await applyPlan(plan);
    const firstApply = snapshotTree(root);
    await rollbackRun(root);
    await applyPlan(plan);
    expect(diffSnapshots(firstApply, snapshotTree(root))).toEqual([]);
  });

  it("backs up each changed file once as a content-addressed object, shared across runs", async () => {
    const root = makeSampleTree();
    const plan = makeSamplePlan(root);
    await applyPlan(plan);
    const store = getLayout(root);
    const index = await loadObjectIndex(nodeFsPort, store);
    const objects = await listStoredObjects(root);
    for (const name of objects) {
      const found = await readObject(nodeFsPort, store, index, name);
      expect(
        "bytes" in found && (await import("node:crypto")).createHash("sha256").update(found.bytes).digest("hex"),
      ).toBe(name);
    }
    // a.ts, b.ts, the overwritten new/b.ts, run.sh, données.txt, use.ts, data.bin: one pack for the run
    expect(objects.length).toBe(7);
    expect(index.packs).toHaveLength(1);
    await rollbackRun(root);
    await applyPlan(plan);
    // The second run finds every object intact in the first run's pack and writes no new one.
    expect(await listStoredObjects(root)).toEqual(objects);
    expect((await loadObjectIndex(nodeFsPort, store)).packs).toHaveLength(1);
    expect(readdirSync(path.join(root, ".graft/runs")).length).toBe(2);
  });
});

/** Foundation fixtures whose manifests plan without blockers. */
const fixtureManifests = [
  ["consolidation", "graft-resolved.yaml"],
  ["typescript/single-file", "graft.yaml"],
  ["typescript/paths-aliases", "graft.yaml"],
  ["typescript/nodenext-js", "graft.yaml"],
] as const;

describe("apply → rollback on the foundation fixtures", () => {
  for (const [fixture, manifestName] of fixtureManifests) {
    it(`${fixture}: tree byte-identical after rollback; re-apply equals the first apply`, async () => {
      const dir = await copyFixture(fixture);
      const manifestPath = path.join(dir, manifestName);
      // Strategies the planner cannot run yet would block the plan; the round trip is about apply, not merging.
      writeFileSync(
        manifestPath,
        readFileSync(manifestPath, "utf8").replace(/strategy: merge-exports/g, "strategy: keep-source"),
      );
      const manifest = await loadManifest(manifestPath);
      const plan = await planMigration(manifest);
      expect(plan.blockers).toEqual([]);
      expect(plan.operations.length).toBeGreaterThan(0);
      const before = snapshotTree(manifest.root);
      await applyPlan(plan, { manifest: manifest.data, allowDirty: true });
      const applied = snapshotTree(manifest.root);
      expect(diffSnapshots(before, applied).length).toBeGreaterThan(0);
      await rollbackRun(manifest.root);
      expect(diffSnapshots(before, snapshotTree(manifest.root))).toEqual([]);
      await applyPlan(plan, { manifest: manifest.data, allowDirty: true });
      expect(diffSnapshots(applied, snapshotTree(manifest.root))).toEqual([]);
    });
  }

  it("uses fixtures that exist", () => {
    for (const [fixture, manifestName] of fixtureManifests)
      expect(statSync(path.join(repoRoot, "fixtures", fixture, manifestName)).isFile()).toBe(true);
  });
});
