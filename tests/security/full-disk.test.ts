import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getLayout } from "../../src/backup/layout.js";
import { rollbackRun } from "../../src/backup/rollback.js";
import { loadManifest } from "../../src/manifest/load.js";
import type { PostWriteCheck } from "../../src/model/post-write-check.js";
import { applyPlan } from "../../src/pipeline/apply-plan.js";
import { planMigration } from "../../src/pipeline/plan-migration.js";
import { isGraftTempName } from "../../src/shared/atomic-write.js";
import { diffSnapshots, snapshotTree } from "../helpers/tree-snapshot.js";
import { createQuotaPort, type QuotaPort } from "./quota-fs.js";
import { makeSandbox, sampleManifest, sampleProject } from "./sandbox.js";

/** A project whose move one level deeper re-levels the import of a 64 KiB file: it is written anew, its source removed. */
function makeProject() {
  const box = makeSandbox({
    ...sampleProject,
    "src/old/big.ts": `import { use } from "../use";\nexport const big = use + "${"x".repeat(64 * 1024)}";\n`,
  });
  const file = path.join(box.root, "graft.yaml");
  writeFileSync(file, sampleManifest().replace("to: src/new", "to: src/sub/new"));
  return { box, file };
}

/** Fails after the writes, when the disk has just `slack` bytes left: the rollback must make room before it restores. */
function fillDiskThenFail(port: QuotaPort, slack: number): PostWriteCheck {
  return {
    name: "fills-the-disk",
    async afterWrite() {
      port.setFree(slack);
      return { ok: false, message: "another process filled the disk" };
    },
  };
}

const tempFilesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((p) => isGraftTempName(path.basename(p)));

describe("defect 9: a full disk", () => {
  it("the automatic rollback frees the run's new files before it restores, so it fits and the tree is as before", async () => {
    const { box, file } = makeProject();
    const before = snapshotTree(box.root);
    const plan = await planMigration(await loadManifest(file));
    // Rolling back restores 64 KiB at the source and removes 64 KiB at the destination; 16 KiB are free (room
    // for the run record) when the check fails.
    const bigMove = plan.operations.find((op) => op.op === "move" && op.from === "src/old/big.ts");
    expect(bigMove?.op === "move" && bigMove.edits?.length).toBeTruthy();
    const port = createQuotaPort(Number.MAX_SAFE_INTEGER);
    const error = await applyPlan(plan, { fs: port, verify: false, checks: [fillDiskThenFail(port, 16 * 1024)] }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).not.toMatch(/ROLLBACK FAILED/);
    expect((error as Error).message).toMatch(/the tree is as before/);
    expect(diffSnapshots(before, snapshotTree(box.root))).toEqual([]);
    expect(tempFilesUnder(box.root)).toEqual([]);
  });

  it("a rollback that cannot take the lock on a full disk leaves no temp file behind", async () => {
    const { box, file } = makeProject();
    const record = await applyPlan(await planMigration(await loadManifest(file)), { verify: false });
    const port = createQuotaPort(0);
    const error = await rollbackRun(box.root, { fs: port, runId: record.id }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/ENOSPC/);
    expect(tempFilesUnder(getLayout(box.root).dir)).toEqual([]);
    expect(readFileSync(path.join(box.root, "src/sub/new/a.ts"), "utf8")).toBe(sampleProject["src/old/a.ts"]);
  });
});
