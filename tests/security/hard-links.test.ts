import { linkSync, lstatSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { rollbackRun } from "../../src/backup/rollback.js";
import { applyPlan } from "../../src/pipeline/apply-plan.js";
import { makePlan } from "../unit/apply/make-plan.js";
import { makeSandbox } from "./sandbox.js";

const inode = (root: string, rel: string) => lstatSync(path.join(root, rel)).ino;

describe("defect 15: rollback and hard links between files", () => {
  it("files that were hard links to each other before the run are hard links again after rollback", async () => {
    const box = makeSandbox({ "a.txt": "shared bytes\n" });
    linkSync(path.join(box.root, "a.txt"), path.join(box.root, "b.txt"));
    const edit = [{ start: 0, end: 6, text: "SHARED" }];
    const record = await applyPlan(
      makePlan(box.root, [
        { op: "edit", path: "a.txt", edits: edit },
        { op: "edit", path: "b.txt", edits: edit },
      ]),
      { verify: false },
    );
    expect(inode(box.root, "a.txt")).not.toBe(inode(box.root, "b.txt"));
    const result = await rollbackRun(box.root, { runId: record.id });
    expect(readFileSync(path.join(box.root, "a.txt"), "utf8")).toBe("shared bytes\n");
    expect(inode(box.root, "a.txt")).toBe(inode(box.root, "b.txt"));
    expect(lstatSync(path.join(box.root, "a.txt")).nlink).toBe(2);
    expect(result.entry.restored).toEqual(["a.txt", "b.txt"]);
  });

  it("a link to a file the run did not touch cannot be rejoined: rollback says so", async () => {
    const box = makeSandbox({ "a.txt": "shared bytes\n" });
    linkSync(path.join(box.root, "a.txt"), path.join(box.root, "untouched.txt"));
    const record = await applyPlan(
      makePlan(box.root, [{ op: "edit", path: "a.txt", edits: [{ start: 0, end: 6, text: "SHARED" }] }]),
      { verify: false },
    );
    const warnings: string[] = [];
    await rollbackRun(box.root, { runId: record.id, onWarning: (m) => warnings.push(m) });
    expect(readFileSync(path.join(box.root, "a.txt"), "utf8")).toBe("shared bytes\n");
    expect(warnings.join("\n")).toMatch(/a\.txt\b.*hard link/);
  });
});
