import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  loadManifest,
  planStages,
  prepareHmmWorkdir,
  renderStagedPatch,
  renderStepPatches,
  runStages,
} from "../../src/internal.js";
import { cloneTree, commitTree, treeFingerprint } from "../helpers/git-tree.js";

describe("the dry run of the reference migration (manifests/hmm-pipeline-modules.yaml)", () => {
  it("plans all seven extractions without writing, and its patch is exactly what apply then writes", async () => {
    const { workdir, root, manifestPath } = await prepareHmmWorkdir();
    commitTree(root);
    const manifest = await loadManifest(manifestPath);
    const before = await treeFingerprint(root);

    const dryRun = await planStages(manifest);
    expect(await treeFingerprint(root)).toEqual(before);
    expect(dryRun.plan.steps.map((s) => [s.name, s.kind, s.files.created])).toEqual([
      ["feature-engineering", "extract", ["src/data-processing/feature-engineering.ts"]],
      ["streaming", "extract", ["src/data-processing/streaming.ts"]],
      ["gaussian-hmm", "extract", ["src/model/gaussian-hmm.ts"]],
      ["strategy-engine", "extract", ["src/backtesting/strategy-engine.ts"]],
      ["performance-metrics", "extract", ["src/backtesting/performance-metrics.ts"]],
      ["pipeline", "extract", ["src/pipelines/hmm-pipeline.ts"]],
      ["cli", "extract", ["src/cli/hmm-commands.ts"]],
    ]);
    expect(dryRun.plan.totals.blockers).toEqual([]);
    // Every later step edits main.ts as the earlier ones left it.
    expect(dryRun.plan.steps.every((s) => s.files.edited.includes("main.ts"))).toBe(true);

    const patch = path.join(workdir, "migration.patch");
    writeFileSync(patch, renderStagedPatch(dryRun, manifest));
    execFileSync("git", ["apply", "--check", patch], { cwd: root });
    const planned = cloneTree(root);
    execFileSync("git", ["apply", patch], { cwd: planned });
    const stepwise = cloneTree(root);
    for (const [i, step] of renderStepPatches(dryRun).entries()) {
      const file = path.join(workdir, `step-${i + 1}.patch`);
      writeFileSync(file, step.patch);
      execFileSync("git", ["apply", file], { cwd: stepwise });
    }

    // Applied for real (in git, without --allow-dirty; the gates are the demo's business, not this test's).
    const result = await runStages(manifest, { typecheck: false, apply: { verify: false } });
    expect(result.stages.map((s) => s.status)).toEqual(Array(7).fill("applied"));
    const applied = await treeFingerprint(root);
    const changed = Object.keys(applied).filter((p) => applied[p] !== before[p]);
    expect(changed.length).toBeGreaterThan(7);
    expect(await treeFingerprint(planned)).toEqual(applied);
    expect(await treeFingerprint(stepwise)).toEqual(applied);
  }, 900_000);
});
