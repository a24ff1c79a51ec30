import { describe, expect, it } from "vitest";
import { applyPlan } from "../../../src/pipeline/apply-plan.js";
import { listRunHistory } from "../../../src/backup/run-history.js";
import { CheckFailedError, InterruptedError } from "../../../src/shared/errors.js";
import { nodeFsPort, withFailingWrite } from "../../../src/shared/fs-port.js";
import type { PostWriteCheck } from "../../../src/model/post-write-check.js";
import { diffSnapshots, snapshotTree } from "../../helpers/tree-snapshot.js";
import { makeSamplePlan, makeSampleTree } from "./make-plan.js";

/** Mutating calls on the tree itself (not in .graft), the ones a failure must never leave half done. */
const inTree = (p: string) => !p.includes("/.graft");

describe("injected write faults roll back automatically", () => {
  // How many tree writes a clean apply of the sample plan makes, so every one of them gets failed once.
  const countTreeWrites = async () => {
    const root = makeSampleTree();
    const counting = withFailingWrite(nodeFsPort, { nth: Number.MAX_SAFE_INTEGER, code: "ENOSPC", filter: inTree });
    await applyPlan(makeSamplePlan(root), { fs: counting });
    return counting.count();
  };

  it("fails every Nth tree write with ENOSPC or EACCES: exit-1 error naming the cause, tree unchanged, run recorded as failed", async () => {
    const total = await countTreeWrites();
    expect(total).toBeGreaterThan(10);
    for (let nth = 1; nth <= total; nth++) {
      const code = nth % 2 ? "ENOSPC" : "EACCES";
      const root = makeSampleTree();
      const before = snapshotTree(root);
      const fs = withFailingWrite(nodeFsPort, { nth, code, filter: inTree });
      const error = await applyPlan(makeSamplePlan(root), { fs }).catch((e: unknown) => e);
      expect(error, `write ${nth}`).toBeInstanceOf(CheckFailedError);
      expect((error as Error).message).toContain(code);
      expect((error as Error).message).toMatch(/rolled back run \S+, the tree is as before/);
      expect(diffSnapshots(before, snapshotTree(root)), `write ${nth} (${code})`).toEqual([]);
      const [run] = await listRunHistory(root);
      expect(run?.record.status).toBe("failed");
      expect(run?.record.rollbacks[0]?.reason).toBe("failure");
    }
  });

  it("fails writes in the backup store before the tree is touched: nothing changes, no run is left to roll back", async () => {
    for (const nth of [1, 3, 6]) {
      const root = makeSampleTree();
      const before = snapshotTree(root);
      const fs = withFailingWrite(nodeFsPort, { nth, code: "ENOSPC", filter: (p) => p.includes("/.graft/objects/") });
      const error = await applyPlan(makeSamplePlan(root), { fs }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CheckFailedError);
      expect((error as Error).message).toMatch(
        /^apply failed before changing the tree: ENOSPC.*; nothing was written$/,
      );
      expect(diffSnapshots(before, snapshotTree(root))).toEqual([]);
      expect(await listRunHistory(root)).toEqual([]);
    }
  });

  it("rolls back when a post-write check fails (exit 1) and names the check", async () => {
    const root = makeSampleTree();
    const before = snapshotTree(root);
    const failing: PostWriteCheck = {
      name: "gate",
      afterWrite: async () => ({ ok: false, message: "outputs differ" }),
    };
    await expect(applyPlan(makeSamplePlan(root), { checks: [failing] })).rejects.toThrow(
      /gate failed: outputs differ; rolled back run/,
    );
    expect(diffSnapshots(before, snapshotTree(root))).toEqual([]);
  });

  it("rolls back when a verify command exits non-zero", async () => {
    const root = makeSampleTree();
    const before = snapshotTree(root);
    const manifest = { verify: { commands: ["test -f src/new/a.ts && exit 4"] }, exclude: [] } as never;
    await expect(applyPlan(makeSamplePlan(root), { manifest })).rejects.toThrow(
      /verify command `test -f src\/new\/a.ts && exit 4` exited with 4/,
    );
    expect(diffSnapshots(before, snapshotTree(root))).toEqual([]);
  });

  it("an abort while backing up stops before any change: nothing written, no run recorded", async () => {
    const root = makeSampleTree();
    const before = snapshotTree(root);
    const controller = new AbortController();
    const error = await applyPlan(makeSamplePlan(root), {
      signal: controller.signal,
      onEvent: (event) => event.type === "phase" && event.phase === "backing-up" && controller.abort(),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as Error).message).toBe("interrupted by abort before any change; nothing was written");
    expect(diffSnapshots(before, snapshotTree(root))).toEqual([]);
    expect(await listRunHistory(root)).toEqual([]);
  });

  it("an abort mid-run finishes the current operation, rolls back and throws InterruptedError (exit 130)", async () => {
    const root = makeSampleTree();
    const before = snapshotTree(root);
    const controller = new AbortController();
    const error = await applyPlan(makeSamplePlan(root), {
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === "action" && event.index === 3) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as InterruptedError).exitCode).toBe(130);
    expect(diffSnapshots(before, snapshotTree(root))).toEqual([]);
    const [run] = await listRunHistory(root);
    expect(run?.record.status).toBe("interrupted");
  });
});
