import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadManifest, planMigration } from "../../../src/index.js";
import { applyPlan } from "../../../src/pipeline/apply-plan.js";
import { type FileIdentity, isSteadyFile, racyMarginMs } from "../../../src/scan/file-identity.js";
import { recallReadIdentities, rememberReadIdentities } from "../../../src/scan/read-identities.js";
import { identityOfEntry, scanTree } from "../../../src/scan/scan-tree.js";
import { nodeFsPort } from "../../../src/shared/fs-port.js";
import { sha256Hex } from "../../../src/shared/hash.js";
import { makePlan } from "./make-plan.js";

const roots: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A tree whose files were written `age` ms ago: src/a.ts moves, src/reader.ts is only read by the plan. */
async function makeTree(age: number): Promise<string> {
  const root = mkdtempSync(path.join(os.tmpdir(), "graft-read-identities-"));
  roots.push(root);
  mkdirSync(path.join(root, "src"));
  writeFileSync(path.join(root, "src/a.ts"), "export const a = 1;\n");
  writeFileSync(path.join(root, "src/reader.ts"), 'import { a } from "./a.js";\n');
  await sleep(age);
  return root;
}

/** A plan that moves src/a.ts and pins src/reader.ts as read, with reader.ts's identity taken now (margin in ms). */
function planReading(root: string, margin: number) {
  const plan = makePlan(root, [{ op: "move", from: "src/a.ts", to: "src/b.ts" }]);
  const stats = lstatSync(path.join(root, "src/reader.ts"));
  const identity: FileIdentity | undefined = isSteadyFile(stats, Date.now(), margin)
    ? { dev: stats.dev, ino: stats.ino, size: stats.size, ctimeMs: stats.ctimeMs }
    : undefined;
  plan.reads["src/reader.ts"] = sha256Hex(readFileSync(path.join(root, "src/reader.ts")));
  rememberReadIdentities(plan, new Map(identity ? [["src/reader.ts", identity]] : []));
  return { plan, identity };
}

const readsOf = (spy: { mock: { calls: unknown[][] } }) =>
  spy.mock.calls.map(([p]) => path.basename(String(p))).filter((name) => name.endsWith(".ts"));

describe("apply trusts a read file's identity only as planning saw it", () => {
  it("does not read again a file the plan only read and that kept its identity; it reads what it moves", async () => {
    // Files written 60 ms before the stat, against a margin of 20 ms: far above the clock's tick.
    const root = await makeTree(60);
    const { plan, identity } = planReading(root, 20);
    expect(identity).toBeDefined();
    const spy = vi.spyOn(nodeFsPort, "readFile");
    await applyPlan(plan);
    expect(readsOf(spy)).not.toContain("reader.ts");
    expect(readsOf(spy)).toContain("a.ts");
  });

  it("reads a file written again after planning, same size or not, and refuses the stale plan", async () => {
    const root = await makeTree(60);
    const { plan } = planReading(root, 20);
    // Same length, same inode, other bytes: only its ctime tells.
    writeFileSync(path.join(root, "src/reader.ts"), 'import { a } from "./A.js";\n');
    await expect(applyPlan(plan)).rejects.toThrow(/plan is stale: src\/reader\.ts changed since the plan was made/);
  });

  it("takes no identity of a file written within the margin, and a copy of a plan carries none", async () => {
    const root = await makeTree(0);
    const { plan, identity } = planReading(root, racyMarginMs);
    expect(identity).toBeUndefined();
    const spy = vi.spyOn(nodeFsPort, "readFile");
    await applyPlan(plan);
    expect(readsOf(spy)).toContain("reader.ts");
    // A saved plan read back is a copy: it carries no identities, and every pinned file is read again.
    const root2 = await makeTree(60);
    const second = planReading(root2, 20);
    expect(second.identity).toBeDefined();
    spy.mockClear();
    await applyPlan(JSON.parse(JSON.stringify(second.plan)));
    expect(readsOf(spy)).toContain("reader.ts");
  });

  it("planning hands apply the scan's identities of the files it read, not of files written just before", async () => {
    const root = await makeTree(0);
    // Read by the planner (a script), touched by nothing: only its identity can spare apply a second read.
    writeFileSync(path.join(root, "src/other.ts"), "export const z = 2;\n");
    writeFileSync(
      path.join(root, "graft.yaml"),
      "version: 1\nname: ids\nroot: .\nmoves:\n  - { from: src/a.ts, to: lib/a.ts }\n",
    );
    await sleep(racyMarginMs + 100);
    // Written after the wait: inside the margin when the scan stats it.
    writeFileSync(path.join(root, "src/fresh.ts"), "export const y = 3;\n");
    const entries = new Map((await scanTree(root)).map((e) => [e.path, e]));
    expect(identityOfEntry(entries.get("src/other.ts")!)).toBeDefined();
    expect(identityOfEntry(entries.get("src/fresh.ts")!)).toBeUndefined();
    const plan = await planMigration(await loadManifest(path.join(root, "graft.yaml")));
    const seen = recallReadIdentities(plan);
    expect(plan.reads["src/other.ts"]).toBeDefined();
    expect(plan.reads["src/fresh.ts"]).toBeDefined();
    expect(seen.has("src/other.ts")).toBe(true);
    expect(seen.has("src/fresh.ts")).toBe(false);
    const spy = vi.spyOn(nodeFsPort, "readFile");
    await applyPlan(plan, { allowDirty: true });
    expect(readsOf(spy)).toContain("fresh.ts");
    expect(readsOf(spy)).not.toContain("other.ts");
  });
});
