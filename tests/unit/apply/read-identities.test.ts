import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { applyPlan } from "../../../src/pipeline/apply-plan.js";
import { rememberReadIdentities } from "../../../src/scan/read-identities.js";
import { createTreeReader, keptBytesBudget } from "../../../src/scan/tree-reader.js";
import { nodeFsPort } from "../../../src/shared/fs-port.js";
import { makePlan } from "./make-plan.js";

const roots: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A tree whose files were written `age` ms ago: src/a.ts moves, src/reader.ts is only read by the plan. */
async function makeTree(age: number): Promise<string> {
  const root = mkdtempSync(path.join(os.tmpdir(), "graft-read-identities-"));
  roots.push(root);
  mkdirSync(path.join(root, "src"));
  writeFileSync(path.join(root, "src/a.ts"), "export const a = 1;\n");
  writeFileSync(path.join(root, "src/reader.ts"), 'import { a } from "./a.js";\n');
  await new Promise((resolve) => setTimeout(resolve, age));
  return root;
}

/** A plan that moves src/a.ts and pins src/reader.ts as read, with the identities a reader saw (margin in ms). */
function planWithReader(root: string, margin: number) {
  const reader = createTreeReader(root, undefined, keptBytesBudget, margin);
  reader.readFile("src/reader.ts");
  const plan = makePlan(root, [{ op: "move", from: "src/a.ts", to: "src/b.ts" }]);
  plan.reads["src/reader.ts"] = reader.reads.get("src/reader.ts")!;
  rememberReadIdentities(plan, reader.identities);
  return { plan, reader };
}

const readsOf = (spy: { mock: { calls: unknown[][] } }) =>
  spy.mock.calls.map(([p]) => path.basename(String(p))).filter((name) => name.endsWith(".ts"));

describe("apply trusts a read file's identity only as planning saw it", () => {
  it("does not read again a file the plan only read and that kept its identity; it reads what it moves", async () => {
    // Files written 60 ms before the read, against a margin of 20 ms: far above the clock's tick.
    const root = await makeTree(60);
    const { plan, reader } = planWithReader(root, 20);
    expect([...reader.identities.keys()]).toEqual(["src/reader.ts"]);
    const spy = vi.spyOn(nodeFsPort, "readFile");
    await applyPlan(plan);
    expect(readsOf(spy)).not.toContain("reader.ts");
    expect(readsOf(spy)).toContain("a.ts");
  });

  it("reads a file written again after planning, same size or not, and refuses the stale plan", async () => {
    const root = await makeTree(60);
    const { plan } = planWithReader(root, 20);
    // Same length, other bytes: only its ctime and mtime tell.
    writeFileSync(path.join(root, "src/reader.ts"), 'import { a } from "./A.js";\n');
    await expect(applyPlan(plan)).rejects.toThrow(/plan is stale: src\/reader\.ts changed since the plan was made/);
  });

  it("keeps no identity for a file written within the margin before its read, nor for a plan it did not make", async () => {
    const root = await makeTree(0);
    const { plan, reader } = planWithReader(root, 2000);
    expect(reader.identities.size).toBe(0);
    const spy = vi.spyOn(nodeFsPort, "readFile");
    await applyPlan(plan);
    expect(readsOf(spy)).toContain("reader.ts");
    // A copy of the plan (as a saved plan read back is) carries no identities either.
    const root2 = await makeTree(60);
    const second = planWithReader(root2, 20);
    spy.mockClear();
    await applyPlan(JSON.parse(JSON.stringify(second.plan)));
    expect(readsOf(spy)).toContain("reader.ts");
  });
});
