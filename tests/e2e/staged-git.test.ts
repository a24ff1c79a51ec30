import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { listRunHistory, loadManifest, type Manifest, RefusedError, runStages } from "../../src/index.js";
import { copyFixture } from "../helpers/copy-fixture.js";
import { commitTree, git } from "../helpers/git-tree.js";

/** The first two steps of fixtures/staged/mixed-steps (extract, then a folder move), in a committed git tree. */
async function prepare(): Promise<{ tree: string; manifest: Manifest }> {
  const dir = await copyFixture("staged/mixed-steps");
  const tree = path.join(dir, "tree");
  commitTree(tree);
  const file = path.join(dir, "two-steps.yaml");
  const text = readFileSync(path.join(dir, "steps.yaml"), "utf8");
  writeFileSync(file, text.slice(0, text.indexOf("  - name: rename-area")));
  return { tree, manifest: await loadManifest(file) };
}

// Type-checks are beside the point here and slow; the dirty check is what is tested.
const quick = { typecheck: false, apply: { verify: false } } as const;

describe("a staged apply in a git work tree, without --allow-dirty", () => {
  it("checks the tree once before step 1: later steps accept exactly the earlier steps' own changes", async () => {
    const { tree, manifest } = await prepare();
    const result = await runStages(manifest, quick);
    expect(result.stages.map((s) => [s.name, s.status, s.error])).toEqual([
      ["extract-area", "applied", undefined],
      ["move-util", "applied", undefined],
    ]);
    expect(git(tree, "status", "--porcelain", "--untracked-files=all").split("\n").filter(Boolean).sort()).toEqual([
      " D src/util/format.ts",
      " M src/app.ts",
      " M src/lib/math.ts",
      " M src/view.tsx",
      "?? src/lib/area.ts",
      "?? src/shared/util/format.ts",
    ]);
  }, 300_000);

  it("refuses before step 1 when the tree holds the user's own uncommitted work, and applies nothing", async () => {
    const { tree, manifest } = await prepare();
    writeFileSync(path.join(tree, "notes.txt"), "work in progress\n");
    await expect(runStages(manifest, quick)).rejects.toThrow(
      /^refusing to apply: .* has uncommitted changes \(1 path\(s\): notes\.txt\)/,
    );
    expect(await listRunHistory(tree)).toEqual([]);
  }, 300_000);

  it("refuses a later step when something else changed the tree after the earlier steps", async () => {
    const { tree, manifest } = await prepare();
    // A change made between the steps (here by whoever watches step 1 end) is not the migration's own.
    const stray = await runStages(manifest, {
      ...quick,
      onStage: (outcome, phase) => {
        if (phase === "end" && outcome.index === 0) writeFileSync(path.join(tree, "stray.txt"), "not graft's\n");
      },
    });
    expect(stray.stages.map((s) => s.status)).toEqual(["applied", "failed"]);
    expect(stray.stages[1]!.error).toMatch(
      /uncommitted changes the migration's earlier steps did not make \(1 path\(s\): stray\.txt\)/,
    );
  }, 300_000);

  it("accepts the earlier steps' changes across invocations only while they are exactly as those steps left them", async () => {
    const { tree, manifest } = await prepare();
    expect((await runStages(manifest, { ...quick, first: 0, last: 0 })).ok).toBe(true);
    const created = path.join(tree, "src/lib/area.ts");
    const asLeft = readFileSync(created, "utf8");
    writeFileSync(created, `${asLeft}// edited by hand\n`);
    const refused = await runStages(manifest, { ...quick, first: 1, last: 1 }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RefusedError);
    expect((refused as Error).message).toMatch(/did not make \(1 path\(s\): src\/lib\/area\.ts\)/);
    writeFileSync(created, asLeft);
    // The manifest may change between the steps (a later step fixed): the runs made from it are still its own.
    writeFileSync(manifest.path, `${readFileSync(manifest.path, "utf8")}# move-util adjusted\n`);
    const second = await runStages(await loadManifest(manifest.path), { ...quick, first: 1, last: 1 });
    expect(second.stages.map((s) => s.status)).toEqual(["not-run", "applied"]);
    expect((await listRunHistory(tree)).map((r) => r.record.status)).toEqual(["applied", "applied"]);
  }, 300_000);
});
