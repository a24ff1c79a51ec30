import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { ChalkInstance } from "chalk";
import { applyPlan } from "../pipeline/apply-plan.js";
import { rollbackRun } from "../backup/rollback.js";
import { classifyTrees, planMigration } from "../pipeline/plan-migration.js";
import { loadManifest } from "../manifest/load.js";
import { renderPatch } from "../plan/render-patch.js";
import { classificationJson, renderClassificationText } from "../report/classification-text.js";
import type { ReportStep } from "../report/html/report-model.js";
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
  /** The dry run's patch (what `patchFile` holds). */
  patch: Buffer;
  treeUnchanged: boolean;
  runId: string;
  /** True when the tree after rollback is byte-identical to the tree before apply (paths, content, modes, links, empty folders). */
  restoredExactly: boolean;
  sourceOnly: number;
  conflicts: number;
  blockers: number;
  /** What each command of the story did, for the report's steps table. */
  steps: ReportStep[];
}

/** Runs classify, plan (proving the dry run writes nothing), apply and rollback (proving the tree comes back byte for byte) on a temp copy of the bundled Python consolidation fixture. */
export async function runConsolidationDemo(
  color: ChalkInstance,
  emit: (section: DemoSection) => void,
  options: { removeWorkdir?: boolean } = {},
): Promise<ConsolidationDemoResult> {
  const workdir = await copyFixtureToTemp(
    path.join(findPackageRoot(), "fixtures/consolidation"),
    "graft-demo-consolidation-",
  );
  try {
    return await runConsolidationDemoIn(workdir, color, emit);
  } finally {
    if (options.removeWorkdir) await rm(workdir, { recursive: true, force: true });
  }
}

async function runConsolidationDemoIn(
  workdir: string,
  color: ChalkInstance,
  emit: (section: DemoSection) => void,
): Promise<ConsolidationDemoResult> {
  const tree = path.join(workdir, "tree");
  const before = await fingerprintFolder(tree);
  const steps: ReportStep[] = [];
  let started = performance.now();
  const lap = (): number => {
    const now = performance.now();
    const ms = now - started;
    started = now;
    return ms;
  };
  emit({ title: "Fixture", body: `copied fixtures/consolidation to ${workdir}` });

  const manual = await loadManifest(path.join(workdir, "graft.yaml"));
  const classes = await classifyTrees(manual);
  emit({ title: "graft classify graft.yaml", body: renderClassificationText(classes, color) });
  const counts = classificationJson(classes).moves[0]!;
  steps.push({
    part: "consolidation",
    name: "graft classify graft.yaml",
    status: "passed",
    checks: [],
    durationMs: lap(),
    filesChanged: 0,
    detail: `${counts.sourceOnly.length} source-only, ${counts.identical.length} identical, ${counts.conflicts.length} conflicts, ${counts.targetOnly.length} target-only`,
  });

  const blocked = await planMigration(manual);
  emit({
    title: "graft plan graft.yaml (manual conflicts stay manual)",
    body: renderPlanText(blocked, color, { maxOperations: 0 }),
  });
  steps.push({
    part: "consolidation",
    name: "graft plan graft.yaml (dry run)",
    status: blocked.blockers.length > 0 ? "passed" : "failed",
    checks: [
      {
        name: "manual conflicts stay manual",
        ok: blocked.blockers.length > 0,
        text: `${blocked.blockers.length} blocker(s): the plan cannot be applied`,
      },
    ],
    durationMs: lap(),
    filesChanged: 0,
  });

  const resolved = await loadManifest(path.join(workdir, "graft-resolved.yaml"));
  const plan = await planMigration(resolved);
  const patchFile = path.join(workdir, "changes.patch");
  const patch = renderPatch(plan, createTreeReader(plan.root).readFile);
  await writeOutputFile(patchFile, patch);
  emit({
    title: "graft plan graft-resolved.yaml --patch changes.patch",
    body: `${renderPlanText(plan, color)}\npatch: ${patchFile}`,
  });

  const treeUnchanged = JSON.stringify(await fingerprintFolder(tree)) === JSON.stringify(before);
  const planned = plan.summary;
  steps.push({
    part: "consolidation",
    name: "graft plan graft-resolved.yaml --patch (dry run)",
    status: treeUnchanged && plan.blockers.length === 0 ? "passed" : "failed",
    checks: [
      { name: "conflicts resolved", ok: plan.blockers.length === 0, text: `${plan.blockers.length} blocker(s)` },
      {
        name: "dry run wrote nothing",
        ok: treeUnchanged,
        text: `tree fingerprint ${treeUnchanged ? "unchanged" : "changed"}`,
      },
    ],
    durationMs: lap(),
    filesChanged: planned.moved + planned.edited + planned.written + planned.deleted,
    detail: "planned; nothing written",
  });
  emit({
    title: "Dry run wrote nothing",
    body: treeUnchanged
      ? color.green(`tree fingerprint unchanged (${Object.keys(before).length} paths hashed before and after)`)
      : color.red("the tree changed during a dry run"),
  });

  const record = await applyPlan(plan, { manifest: resolved.data, allowDirty: true, command: ["graft", "demo"] });
  const after = await fingerprintFolder(tree);
  const changed = Object.keys({ ...before, ...after }).filter((p) => !p.startsWith(".graft") && before[p] !== after[p]);
  emit({
    title: "graft apply graft-resolved.yaml",
    body: [
      `run ${record.id}: ${record.status}, ${record.actions.length} tree writes, every touched file backed up in .graft/objects first`,
      `${changed.length} paths differ from before; imports rewritten, e.g. backtester_v2/api/routes.py:`,
      ...(await readFile(path.join(tree, "backtester_v2/api/routes.py"), "utf8"))
        .split("\n")
        .slice(0, 3)
        .map((line) => `    ${line}`),
    ].join("\n"),
  });

  steps.push({
    part: "consolidation",
    name: `graft apply graft-resolved.yaml (run ${record.id})`,
    status: record.status === "applied" ? "passed" : "failed",
    checks: [{ name: "applied with backups and import checks", ok: record.status === "applied", text: record.status }],
    durationMs: lap(),
    filesChanged: changed.length,
  });

  const rolledBack = await rollbackRun(tree, { runId: record.id });
  const restored = await fingerprintFolder(tree);
  const differences = Object.keys({ ...before, ...restored }).filter(
    (p) => !p.startsWith(".graft") && before[p] !== restored[p],
  );
  const restoredExactly = differences.length === 0;
  emit({
    title: `graft rollback ${record.id}`,
    body: [
      `restored ${rolledBack.entry.restored.length} path(s) from the backup and re-hashed them against the run record`,
      restoredExactly
        ? color.green(
            `tree byte-identical to before the run (${Object.keys(before).length} paths: content, modes, symlink targets, empty folders)`,
          )
        : color.red(`${differences.length} path(s) differ after rollback: ${differences.slice(0, 5).join(", ")}`),
    ].join("\n"),
  });
  steps.push({
    part: "consolidation",
    name: `graft rollback ${record.id}`,
    status: restoredExactly ? "passed" : "failed",
    checks: [
      {
        name: "tree byte-identical to before",
        ok: restoredExactly,
        text: restoredExactly ? `${Object.keys(before).length} paths` : `${differences.length} path(s) differ`,
      },
    ],
    durationMs: lap(),
    filesChanged: rolledBack.entry.restored.length,
  });
  const json = counts;
  return {
    workdir,
    patchFile,
    patch,
    treeUnchanged,
    runId: record.id,
    restoredExactly,
    sourceOnly: json.sourceOnly.length,
    conflicts: json.conflicts.length,
    blockers: plan.blockers.length,
    steps,
  };
}
