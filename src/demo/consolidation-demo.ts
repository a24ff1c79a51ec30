import path from "node:path";
import type { ChalkInstance } from "chalk";
import { classifyTrees, planMigration } from "../plan/plan-migration.js";
import { loadManifest } from "../manifest/load.js";
import { renderPatch } from "../plan/render-patch.js";
import { classificationJson, renderClassificationText } from "../report/classification-text.js";
import { renderPlanText } from "../report/plan-text.js";
import { createTreeReader } from "../scan/tree-reader.js";
import { copyFixtureToTemp } from "../shared/copy-tree.js";
import { fingerprintFolder } from "../shared/fingerprint-folder.js";
import { findPackageRoot } from "../shared/package-root.js";
import { writeOutputFile } from "../shared/write-output.js";

/** One titled part of the demo's report. */
export interface DemoSection {
  title: string;
  body: string;
}

/** What the consolidation demo did and where. */
export interface ConsolidationDemoResult {
  workdir: string;
  patchFile: string;
  treeUnchanged: boolean;
  sourceOnly: number;
  conflicts: number;
  blockers: number;
}

/** Runs classify and plan on a temp copy of the bundled Python consolidation fixture, proving nothing is written. */
export async function runConsolidationDemo(color: ChalkInstance, emit: (section: DemoSection) => void): Promise<ConsolidationDemoResult> {
  const workdir = await copyFixtureToTemp(path.join(findPackageRoot(), "fixtures/consolidation"), "graft-demo-consolidation-");
  const tree = path.join(workdir, "tree");
  const before = await fingerprintFolder(tree);
  emit({ title: "Fixture", body: `copied fixtures/consolidation to ${workdir}` });

  const manual = await loadManifest(path.join(workdir, "graft.yaml"));
  const classes = await classifyTrees(manual);
  emit({ title: "graft classify graft.yaml", body: renderClassificationText(classes, color) });

  const blocked = await planMigration(manual);
  emit({ title: "graft plan graft.yaml (manual conflicts stay manual)", body: renderPlanText(blocked, color, { maxOperations: 0 }) });

  const resolved = await loadManifest(path.join(workdir, "graft-resolved.yaml"));
  const plan = await planMigration(resolved);
  const patchFile = path.join(workdir, "changes.patch");
  await writeOutputFile(patchFile, renderPatch(plan, createTreeReader(plan.root).readFile));
  emit({ title: "graft plan graft-resolved.yaml --patch changes.patch", body: `${renderPlanText(plan, color)}\npatch: ${patchFile}` });

  const treeUnchanged = JSON.stringify(await fingerprintFolder(tree)) === JSON.stringify(before);
  emit({
    title: "Dry run wrote nothing",
    body: treeUnchanged ? color.green(`tree fingerprint unchanged (${Object.keys(before).length} paths hashed before and after)`) : color.red("the tree changed during a dry run"),
  });
  const json = classificationJson(classes).moves[0]!;
  return { workdir, patchFile, treeUnchanged, sourceOnly: json.sourceOnly.length, conflicts: json.conflicts.length, blockers: plan.blockers.length };
}
