import {
  appendFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { applyPlan } from "../../../src/pipeline/apply-plan.js";
import { getHeldDir, getLayout, getObjectPath } from "../../../src/backup/layout.js";
import { pruneBackups, verifyBackups } from "../../../src/backup/maintain-store.js";
import { loadObjectIndex } from "../../../src/backup/object-store.js";
import { rollbackRun } from "../../../src/backup/rollback.js";
import { CheckFailedError } from "../../../src/shared/errors.js";
import { sha256Hex } from "../../../src/shared/hash.js";
import { nodeFsPort, withFailingWrite } from "../../../src/shared/fs-port.js";
import { diffSnapshots, snapshotTree } from "../../helpers/tree-snapshot.js";
import { makePlan, makeSamplePlan, makeSampleTree } from "./make-plan.js";

const shaOf = (root: string, rel: string) => sha256Hex(readFileSync(path.join(root, rel)));
const inodeOf = (file: string) => lstatSync(file).ino;
const objectFile = (root: string, sha256: string) => getObjectPath(getLayout(root), sha256);

/** Link counts of every loose object: an object sharing its inode with a live file would show 2. */
function looseLinkCounts(root: string): number[] {
  const objects = getLayout(root).objects;
  return readdirSync(objects)
    .filter((name) => /^[0-9a-f]{64}$/.test(name))
    .map((name) => lstatSync(path.join(objects, name)).nlink);
}

describe("originals adopted as their own backups", () => {
  it("keeps the inode of every file the run replaces or removes as its object, copies the rest into the pack, and rolls back byte for byte", async () => {
    const root = makeSampleTree();
    const before = snapshotTree(root);
    const dropped = ["src/use.ts", "src/old/données.txt", "bin/data.bin", "src/new/b.ts"];
    const renamed = ["src/old/a.ts", "src/old/run.sh"];
    const original = new Map(
      [...dropped, ...renamed].map((rel) => [rel, { sha256: shaOf(root, rel), ino: inodeOf(path.join(root, rel)) }]),
    );
    await applyPlan(makeSamplePlan(root));

    const index = await loadObjectIndex(nodeFsPort, getLayout(root));
    for (const rel of dropped) {
      const { sha256, ino } = original.get(rel)!;
      expect(inodeOf(objectFile(root, sha256)), rel).toBe(ino);
      expect(index.packed.has(sha256), rel).toBe(false);
    }
    // A renamed file stays in the tree under its new name: its backup must be a copy the tree cannot reach.
    for (const rel of renamed) {
      const { sha256 } = original.get(rel)!;
      expect(index.loose.has(sha256), rel).toBe(false);
      expect(index.packed.has(sha256), rel).toBe(true);
    }
    expect(inodeOf(path.join(root, "src/new/a.ts"))).toBe(original.get("src/old/a.ts")!.ino);
    expect(looseLinkCounts(root).every((n) => n === 1)).toBe(true);

    await rollbackRun(root);
    expect(diffSnapshots(before, snapshotTree(root))).toEqual([]);
  });

  it("holds the original of a replaced file whose bytes are stored already in the run's folder, so no replaced file is freed before prune", async () => {
    const root = makeSampleTree();
    writeFileSync(path.join(root, "src/twin.ts"), readFileSync(path.join(root, "src/use.ts")));
    const inodes = ["src/use.ts", "src/twin.ts"].map((rel) => inodeOf(path.join(root, rel)));
    const sha256 = shaOf(root, "src/use.ts");
    const edit = { start: 19, end: 26, text: "./new/a" };
    const record = await applyPlan(
      makePlan(root, [
        { op: "edit", path: "src/use.ts", edits: [edit] },
        { op: "edit", path: "src/twin.ts", edits: [edit] },
      ]),
    );
    const held = getHeldDir(getLayout(root), record.id);
    const kept = [
      inodeOf(objectFile(root, sha256)),
      ...readdirSync(held).map((name) => inodeOf(path.join(held, name))),
    ];
    expect(kept.sort()).toEqual([...inodes].sort());
    await pruneBackups(root, 0);
    expect(existsSync(held)).toBe(false);
  });

  it("copies a file that is also linked from elsewhere, so the other link's bytes stay as they are", async () => {
    const root = makeSampleTree();
    const outside = path.join(mkdtempSync(path.join(os.tmpdir(), "graft-outside-")), "use.ts");
    linkSync(path.join(root, "src/use.ts"), outside);
    const sha256 = shaOf(root, "src/use.ts");
    await applyPlan(makeSamplePlan(root));
    const index = await loadObjectIndex(nodeFsPort, getLayout(root));
    expect(index.loose.has(sha256)).toBe(false);
    expect(index.packed.has(sha256)).toBe(true);
    expect(sha256Hex(readFileSync(outside))).toBe(sha256);
  });

  it("removes every adopted and held link when the run is refused, so no object shares a file of the tree", async () => {
    const root = makeSampleTree();
    writeFileSync(path.join(root, "src/old/twin.txt"), readFileSync(path.join(root, "src/old/données.txt")));
    const plan = makeSamplePlan(root);
    plan.operations.push(...makePlan(root, [{ op: "delete", path: "src/old/twin.txt" }]).operations);
    Object.assign(plan.reads, makePlan(root, [{ op: "delete", path: "src/old/twin.txt" }]).reads);
    // Changed after planning: the plan is stale, found only after the other files were backed up.
    writeFileSync(path.join(root, "src/old/run.sh"), "#!/bin/sh\necho changed\n");
    await expect(applyPlan(plan)).rejects.toThrow(/plan is stale: src\/old\/run.sh/);
    expect(readdirSync(getLayout(root).objects)).toEqual([]);
    expect(readdirSync(getLayout(root).runs)).toEqual([]);
    for (const rel of ["src/use.ts", "src/old/twin.txt"]) expect(lstatSync(path.join(root, rel)).nlink, rel).toBe(1);
  });

  it("gives the store its own copy of every original a failed run never replaced", async () => {
    const inTree = (p: string) => !p.includes("/.graft");
    for (const nth of [1, 2, 4]) {
      const root = makeSampleTree();
      const before = snapshotTree(root);
      const fs = withFailingWrite(nodeFsPort, { nth, code: "EIO", filter: inTree });
      await expect(applyPlan(makeSamplePlan(root), { fs })).rejects.toBeInstanceOf(CheckFailedError);
      expect(diffSnapshots(before, snapshotTree(root)), `tree write ${nth}`).toEqual([]);
      expect(
        looseLinkCounts(root).every((n) => n === 1),
        `tree write ${nth}`,
      ).toBe(true);
      expect(lstatSync(path.join(root, "src/use.ts")).nlink).toBe(1);
      expect((await verifyBackups(root)).problems).toEqual([]);
    }
  });

  it("never relies on an object that is still some file of the tree (left by a killed run)", async () => {
    const root = makeSampleTree();
    writeFileSync(path.join(root, "src/twin.ts"), readFileSync(path.join(root, "src/use.ts")));
    const sha256 = shaOf(root, "src/use.ts");
    // What a run killed after adopting src/twin.ts, before replacing it, leaves behind.
    const objects = getLayout(root).objects;
    await nodeFsPort.mkdir(objects, { recursive: true });
    linkSync(path.join(root, "src/twin.ts"), objectFile(root, sha256));
    const before = snapshotTree(root);
    await applyPlan(
      makePlan(root, [{ op: "edit", path: "src/use.ts", edits: [{ start: 19, end: 26, text: "./new/a" }] }]),
    );
    expect((await loadObjectIndex(nodeFsPort, getLayout(root))).packed.has(sha256)).toBe(true);
    // The twin is edited in place: the shared object changes with it, the run's packed copy does not.
    appendFileSync(path.join(root, "src/twin.ts"), "// edited\n");
    await rollbackRun(root);
    expect(diffSnapshots(before, snapshotTree(root))).toEqual([expect.stringMatching(/^~ src\/twin\.ts /)]);
  });
});
