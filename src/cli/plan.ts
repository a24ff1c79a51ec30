import path from "node:path";
import type { Command } from "commander";
import {
  createTreeReader,
  loadManifest,
  type Manifest,
  planMigration,
  planStages,
  RefusedError,
  renderPatch,
  renderPlanHtml,
  renderPlanText,
  renderStagedPatch,
  renderStagedPlanHtml,
  renderStagedPlanText,
  renderStepPatches,
  selectStages,
  writeOutputFile,
} from "../internal.js";
import type { CliCommand } from "./commands.js";
import { manifestArgumentHelp, resolveManifestArgument } from "./manifest-argument.js";
import { clearProgressLine, colors, printJson, printLine, progressLine } from "./output.js";

interface PlanFlags {
  out?: string;
  patch?: string;
  patchPerStep?: string;
  html?: string;
  json?: boolean;
  check?: boolean;
  step?: string;
  until?: string;
}

/** `graft plan <manifest>`: the dry run. Computes every operation and writes nothing in the tree. */
export const planCommand: CliCommand = {
  name: "plan",
  examples: [
    "graft plan                              # dry run of graft.yaml",
    "graft plan --patch changes.patch && git apply --check changes.patch",
    "graft plan --out plan.json              # then: graft apply plan.json --yes",
    "graft plan steps.yaml --patch-per-step patches/ --check",
  ],
  register(command: Command) {
    command
      .argument("[manifest]", manifestArgumentHelp)
      .option("--out <file>", "save the plan as JSON (graft apply accepts it)")
      .option("--patch <file>", "write the changes as a git-style unified diff ('-' for stdout)")
      .option("--patch-per-step <dir>", "staged manifests: also write one patch per step into <dir>")
      .option("--html <file>", "also write the plan as a self-contained HTML page (verdict, blockers, the patch)")
      .option("--json", "print the plan as JSON")
      .option("--check", "exit 3 when the plan cannot be applied as is (unresolved conflicts, conflict markers)")
      .option("--step <n>", "staged manifests: plan only step n (1-based), on the tree as it is now")
      .option("--until <name>", "staged manifests: plan the steps up to and including the one named <name>")
      .action(async (given: string | undefined, flags: PlanFlags) => {
        const file = resolveManifestArgument(given);
        const manifest = await loadManifest(file);
        if (manifest.data.steps?.length) return planStaged(manifest, flags);
        if (flags.patchPerStep || flags.step || flags.until)
          throw new RefusedError(`${file}: --patch-per-step, --step and --until need a manifest with steps`);
        const plan = await planMigration(manifest, { onProgress: (m) => progressLine(`graft plan: ${m}…`) });
        clearProgressLine();
        if (flags.out) await writeOutputFile(flags.out, JSON.stringify(plan, null, 2) + "\n");
        if (flags.patch) await writePatch(flags.patch, renderPatch(plan, createTreeReader(plan.root).readFile));
        if (flags.html) {
          const patch = renderPatch(plan, createTreeReader(plan.root).readFile);
          await writeOutputFile(flags.html, renderPlanHtml(plan, patch, new Date().toISOString()));
        }
        if (flags.json) printJson(plan);
        else if (flags.patch !== "-") printLine(renderPlanText(plan, colors));
        if (flags.check) refuseUnapplicable(plan.blockers, plan.markers ?? [], "unresolved conflict(s)");
      });
  },
};

/** The staged dry run: every step planned on the tree the previous ones would leave. */
async function planStaged(manifest: Manifest, flags: PlanFlags): Promise<void> {
  const { first, last } = selectStages(manifest, {
    ...(flags.step !== undefined ? { step: Number(flags.step) } : {}),
    ...(flags.until !== undefined ? { until: flags.until } : {}),
  });
  const dryRun = await planStages(manifest, {
    first,
    last,
    onStage: (index, name) => progressLine(`graft plan: step ${index + 1} ${name}…`),
  });
  clearProgressLine();
  const plan = dryRun.plan;
  if (flags.out) await writeOutputFile(flags.out, JSON.stringify(plan, null, 2) + "\n");
  if (flags.patch) await writePatch(flags.patch, renderStagedPatch(dryRun, manifest));
  if (flags.html)
    await writeOutputFile(
      flags.html,
      renderStagedPlanHtml(plan, renderStagedPatch(dryRun, manifest), new Date().toISOString()),
    );
  if (flags.patchPerStep) {
    for (const { step, patch } of renderStepPatches(dryRun)) {
      const name = `${String(step.index + 1).padStart(2, "0")}-${step.name.replace(/[^\w.-]+/g, "-")}.patch`;
      await writeOutputFile(path.join(flags.patchPerStep, name), patch);
    }
  }
  if (flags.json) printJson(plan);
  else if (flags.patch !== "-") {
    const tsconfig = manifest.data.typescript?.tsconfig;
    printLine(renderStagedPlanText(plan, colors, tsconfig ? { typecheck: tsconfig } : {}));
  }
  if (flags.check) refuseUnapplicable(plan.totals.blockers, plan.totals.markers, "problem(s) to resolve first");
}

async function writePatch(target: string, patch: Buffer): Promise<void> {
  if (target === "-") process.stdout.write(patch);
  else await writeOutputFile(target, patch);
}

/** `--check`: exit 3 with what apply will require (conflicts resolved, or --accept-markers and a review). */
function refuseUnapplicable(blockers: readonly string[], markers: readonly string[], what: string): void {
  if (blockers.length > 0)
    throw new RefusedError(`plan cannot be applied: ${blockers.length} ${what}, first: ${blockers[0]}`);
  if (markers.length > 0)
    throw new RefusedError(
      `plan writes conflict markers into ${markers.length} file(s) (first: ${markers[0]}); apply needs --accept-markers, and the run then waits for review: resolve the markers and run graft verify`,
    );
}
