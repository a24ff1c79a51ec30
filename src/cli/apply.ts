import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import {
  applyPlan,
  CheckFailedError,
  checkSavedStages,
  createGateChecks,
  finishReview,
  InvalidInputError,
  loadApplyInput,
  loadManifest,
  loadStagedPlanManifest,
  parseSavedPlan,
  parseSavedStagedPlan,
  type Manifest,
  type PlannedStage,
  type ReviewOutcome,
  renderReviewLines,
  renderPlanText,
  renderStageOutcome,
  runStages,
  selectStages,
  type StagedPlan,
} from "../internal.js";
import type { CliCommand } from "./commands.js";
import { confirmApply } from "./confirm-apply.js";
import { manifestArgumentHelp, resolveManifestArgument } from "./manifest-argument.js";
import { colors, printJson, printLine, progressLine, showApplyProgress } from "./output.js";

interface ApplyFlags {
  yes?: boolean;
  json?: boolean;
  allowDirty?: boolean;
  verify: boolean;
  step?: string;
  until?: string;
  acceptMarkers?: boolean;
  root?: string;
  continue?: boolean;
  rollbackOnFailure?: boolean;
}

/** `graft apply <manifest | plan.json>`: backs up, writes atomically with a journal, verifies, rolls back on failure. */
export const applyCommand: CliCommand = {
  name: "apply",
  examples: [
    "graft apply --yes                       # graft.yaml, no prompt",
    "graft apply plan.json --yes             # exactly the saved plan",
    "graft apply steps.yaml --until extract-io --yes",
    "graft apply --continue --yes            # after resolving conflict markers",
  ],
  register(command: Command) {
    command
      .argument("[input]", `${manifestArgumentHelp}, or a plan saved by graft plan --out`)
      .option("-y, --yes", "do not ask for confirmation")
      .option("--json", "print the run record as JSON")
      .option("--allow-dirty", "apply even when git reports uncommitted changes under the root")
      .option("--no-verify", "skip import verification and verify commands")
      .option("--step <n>", "staged manifests and plans: run only step n (1-based)")
      .option("--until <name>", "staged manifests and plans: run the steps up to and including the one named <name>")
      .option(
        "--accept-markers",
        "apply even though some files will hold conflict markers; the run waits for review (graft verify)",
      )
      .option("--root <dir>", "saved plans: the folder the plan is applied in (default: the current folder)")
      .option(
        "--continue",
        "finish the run waiting for review (markers resolved, deferred checks pass), then run the remaining steps",
      )
      .option(
        "--rollback-on-failure",
        "with --continue: roll the reviewed run back when markers remain or a check fails",
      )
      .action(async (given: string | undefined, flags: ApplyFlags) => {
        const input = resolveManifestArgument(given);
        const text = await readFile(input, "utf8").catch(() => null);
        const saved = text === null ? undefined : parseSavedStagedPlan(text, input);
        if (flags.continue) return continueReview(input, saved, flags);
        if (saved) return applySavedStages(input, saved, flags);
        const staged = text === null || parseSavedPlan(text) ? null : await loadStagedManifest(input);
        if (staged) return applyStages(staged, flags);
        const loaded = await loadApplyInput(input, flags.root === undefined ? {} : { root: flags.root });
        if ("alreadyApplied" in loaded) {
          printLine(`already applied in run ${loaded.alreadyApplied.record.id}; nothing to do`);
          return;
        }
        const { plan, manifest } = loaded;
        const count = plan.operations.length;
        // A saved plan was reviewed when it was made (graft plan --out): applying it is the decision.
        if (loaded.source !== "plan")
          await confirmApply(
            flags.yes,
            () => renderPlanText(plan, colors, { maxOperations: 20 }),
            `apply ${count} operation(s) to ${plan.root}?`,
          );
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
        else if (record.status === "needs-review") {
          printLine(
            `applied run ${record.id} for review: ${count} operation(s), ${record.actions.length} action(s) on ${record.root}`,
          );
          for (const file of record.review?.markers ?? []) printLine(`  ! conflict markers in ${file}`);
          printLine(
            `resolve them, then graft verify (or graft apply --continue) runs the checks and marks the run applied; or graft rollback ${record.id}`,
          );
        } else
          printLine(
            `applied run ${record.id}: ${count} operation(s), ${record.actions.length} action(s) on ${record.root} (undo with graft rollback ${record.id})`,
          );
      });
  },
};

/** The steps a staged apply will run, one line each (the dry run with graft plan shows their files and edits). */
function describeSteps(manifest: Manifest, first: number, last: number): string {
  const steps = (manifest.data.steps ?? []).slice(first, last + 1);
  const lines = steps.map((step, i) => {
    const gate = step.gate?.length ? `, gate: ${step.gate.join(", ")}` : "";
    return `  ${first + i + 1}. ${step.name}${gate}`;
  });
  return [`${manifest.data.name}: ${steps.length} step(s) (graft plan shows their changes)`, ...lines].join("\n");
}

/** The manifest when `input` is one with `steps` (staged migrations run step by step), else null. */
async function loadStagedManifest(input: string): Promise<Manifest | null> {
  // A manifest that does not load is loadApplyInput's to judge (it may have been applied already).
  const manifest = await loadManifest(input).catch(() => null);
  return manifest?.data.steps?.length ? manifest : null;
}

/** Runs a staged manifest's steps: each planned on the tree the last one left (or taken from a saved plan), applied as its own run, checked, and rolled back alone on failure. */
async function applyStages(
  manifest: Manifest,
  flags: ApplyFlags,
  planned?: ReadonlyMap<number, PlannedStage>,
  range = selectRange(manifest, flags),
  review?: ReviewOutcome,
): Promise<void> {
  const { first, last } = range;
  // A saved staged plan was reviewed when it was made; a manifest's steps are listed before the question.
  if (!planned)
    await confirmApply(
      flags.yes,
      () => describeSteps(manifest, first, last),
      `apply steps ${first + 1}..${last + 1} of ${manifest.data.name} to ${manifest.root}?`,
    );
  const gates = createGateChecks(manifest);
  const result = await runStages(manifest, {
    first,
    last,
    gateChecks: (names) => gates(names),
    ...(planned ? { planned } : {}),
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
  if (flags.json) printJson(review ? { review, ...result } : result);
  const failed = result.stages.find((s) => s.status === "failed");
  if (failed)
    throw new CheckFailedError(
      `step ${failed.index + 1} (${failed.name}) failed and was rolled back; earlier steps stay applied: ${failed.error}`,
    );
}

/** `--step`/`--until` as a range of step indexes. */
function selectRange(manifest: Manifest, flags: ApplyFlags): { first: number; last: number } {
  return selectStages(manifest, {
    ...(flags.step !== undefined ? { step: Number(flags.step) } : {}),
    ...(flags.until !== undefined ? { until: flags.until } : {}),
  });
}

/** Applies a saved staged plan: exactly its edits, step by step with their checks and gates; refused up front when any step's reads changed. */
async function applySavedStages(input: string, saved: StagedPlan, flags: ApplyFlags): Promise<void> {
  const manifest = await loadStagedPlanManifest(saved, { file: input, ...(flags.root ? { here: flags.root } : {}) });
  const planned = new Map(saved.steps.map((step) => [step.index, step] as const));
  const selected = flags.step !== undefined || flags.until !== undefined;
  const range = selected
    ? selectRange(manifest, flags)
    : { first: saved.steps[0]?.index ?? 0, last: saved.steps.at(-1)?.index ?? -1 };
  for (let index = range.first; index <= range.last; index++)
    if (!planned.has(index))
      throw new InvalidInputError(
        `step ${index + 1} is not in the saved plan (it holds steps ${saved.steps.map((s) => s.index + 1).join(", ") || "none"}); plan it again`,
      );
  checkSavedStages(manifest.root, applicableSteps(saved, range));
  return applyStages(manifest, flags, planned, range);
}

/** `--continue`: finishes the review of the run applied with markers, then (staged manifests) runs the steps after it. */
async function continueReview(input: string, saved: StagedPlan | undefined, flags: ApplyFlags): Promise<void> {
  const plan = saved ? undefined : parseSavedPlan(await readFile(input, "utf8"));
  const manifest = saved
    ? await loadStagedPlanManifest(saved, { file: input, ...(flags.root ? { here: flags.root } : {}) })
    : await loadManifest(plan?.manifest.path ?? input, { requireSources: false });
  const gates = createGateChecks(manifest);
  const review = await finishReview(manifest, {
    gateChecks: (names) => gates(names),
    ...(flags.rollbackOnFailure ? { rollbackOnFailure: true } : {}),
  });
  const steps = manifest.data.steps ?? [];
  const next = (review.step ?? steps.length) + 1;
  const last = flags.until !== undefined ? selectRange(manifest, flags).last : steps.length - 1;
  if (review.status !== "applied" || next > last) {
    if (flags.json) printJson({ review });
    else for (const line of renderReviewLines(review, colors)) printLine(line);
    if (review.status !== "applied") throw new CheckFailedError(review.message);
    return;
  }
  if (!flags.json) for (const line of renderReviewLines(review, colors)) printLine(line);
  const planned = saved ? new Map(saved.steps.map((step) => [step.index, step] as const)) : undefined;
  if (saved) checkSavedStages(manifest.root, applicableSteps(saved, { first: next, last }));
  return applyStages(manifest, { ...flags, continue: false }, planned, { first: next, last }, review);
}

/** The saved steps in `range` up to the first that cannot be applied as planned (it fails when its turn comes). */
function applicableSteps(saved: StagedPlan, range: { first: number; last: number }): StagedPlan["steps"] {
  const steps = saved.steps.filter((step) => step.index >= range.first && step.index <= range.last);
  const stop = steps.findIndex((step) => step.failure || step.plan.blockers.length);
  return stop < 0 ? steps : steps.slice(0, stop);
}
