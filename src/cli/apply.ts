import type { Command } from "commander";
import {
  applyPlan,
  CheckFailedError,
  createGateChecks,
  loadApplyInput,
  loadManifest,
  parseSavedPlan,
  RefusedError,
  runStages,
  selectStages,
  type Manifest,
  renderStageOutcome,
} from "../internal.js";
import type { CliCommand } from "./commands.js";
import { colors, confirm, printJson, printLine, progressLine, showApplyProgress } from "./output.js";

interface ApplyFlags {
  yes?: boolean;
  json?: boolean;
  allowDirty?: boolean;
  verify: boolean;
  step?: string;
  until?: string;
  acceptMarkers?: boolean;
  root?: string;
}

/** `graft apply <manifest | plan.json>`: backs up, writes atomically with a journal, verifies, rolls back on failure. */
export const applyCommand: CliCommand = {
  name: "apply",
  register(program: Command) {
    program
      .command("apply")
      .description(
        "apply a migration for real: back up every touched file, write atomically, verify; roll back on any failure",
      )
      .argument("<input>", "manifest file, or a plan saved by graft plan --out")
      .option("-y, --yes", "do not ask for confirmation")
      .option("--json", "print the run record as JSON")
      .option("--allow-dirty", "apply even when git reports uncommitted changes under the root")
      .option("--no-verify", "skip import verification and verify commands")
      .option("--step <n>", "staged manifests: run only step n (1-based)")
      .option("--until <name>", "staged manifests: run the steps up to and including the one named <name>")
      .option("--accept-markers", "apply even though some files will hold conflict markers for review")
      .option("--root <dir>", "saved plans: the folder the plan is applied in (default: the current folder)")
      .action(async (input: string, flags: ApplyFlags) => {
        const staged = await loadStagedManifest(input);
        if (staged) return applyStages(staged, flags);
        const loaded = await loadApplyInput(input, flags.root === undefined ? {} : { root: flags.root });
        if ("alreadyApplied" in loaded) {
          printLine(`already applied in run ${loaded.alreadyApplied.record.id}; nothing to do`);
          return;
        }
        const { plan, manifest } = loaded;
        const count = plan.operations.length;
        if (!flags.yes && process.stdin.isTTY && process.stderr.isTTY) {
          if (!(await confirm(`apply ${count} operation(s) to ${plan.root}? [y/N] `)))
            throw new RefusedError("not applied: not confirmed");
        }
        const record = await applyPlan(plan, {
          allowDirty: flags.allowDirty,
          verify: flags.verify,
          acceptMarkers: flags.acceptMarkers,
          manifest: manifest?.data,
          handleSignals: true,
          command: ["graft", ...process.argv.slice(2)],
          onEvent: showApplyProgress,
        });
        progressLine("");
        if (flags.json) printJson(record);
        else
          printLine(
            `applied run ${record.id}: ${count} operation(s), ${record.actions.length} action(s) on ${record.root} (undo with graft rollback ${record.id})`,
          );
      });
  },
};

/** The manifest when `input` is one with `steps` (staged migrations run step by step), else null. */
async function loadStagedManifest(input: string): Promise<Manifest | null> {
  const { readFile } = await import("node:fs/promises");
  const text = await readFile(input, "utf8").catch(() => null);
  if (text === null || parseSavedPlan(text, input)) return null;
  // A manifest that does not load is loadApplyInput's to judge (it may have been applied already).
  const manifest = await loadManifest(input).catch(() => null);
  return manifest?.data.steps?.length ? manifest : null;
}

/** Runs a staged manifest's steps: each planned on the tree the last one left, applied as its own run, checked, and rolled back alone on failure. */
async function applyStages(manifest: Manifest, flags: ApplyFlags): Promise<void> {
  const step = flags.step === undefined ? undefined : Number(flags.step);
  const { first, last } = selectStages(manifest, {
    ...(step !== undefined ? { step } : {}),
    ...(flags.until !== undefined ? { until: flags.until } : {}),
  });
  if (!flags.yes && process.stdin.isTTY && process.stderr.isTTY) {
    if (!(await confirm(`apply steps ${first + 1}..${last + 1} of ${manifest.data.name} to ${manifest.root}? [y/N] `)))
      throw new RefusedError("not applied: not confirmed");
  }
  const gates = createGateChecks(manifest);
  const result = await runStages(manifest, {
    first,
    last,
    gateChecks: (names) => gates(names),
    apply: {
      allowDirty: flags.allowDirty,
      verify: flags.verify,
      acceptMarkers: flags.acceptMarkers,
      handleSignals: true,
      onEvent: showApplyProgress,
    },
    onStage: (outcome, phase) => {
      progressLine("");
      if (phase === "start") progressLine(`step ${outcome.index + 1}: ${outcome.name}`);
      else if (!flags.json) printLine(renderStageOutcome(outcome, colors));
    },
  });
  if (flags.json) printJson(result);
  const failed = result.stages.find((s) => s.status === "failed");
  if (failed)
    throw new CheckFailedError(
      `step ${failed.index + 1} (${failed.name}) failed and was rolled back; earlier steps stay applied: ${failed.error}`,
    );
}
