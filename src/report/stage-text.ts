import type { ChalkInstance } from "chalk";
import type { StageOutcome } from "../model/stage.js";
import { renderCodemod } from "./staged-plan-text.js";

/** One step of a staged migration as a headline and detail lines. */
export interface StageText {
  head: string;
  details: string[];
}

/**
 * Describes one step of a staged migration. A step that failed leads with the check that failed, and the
 * checks that passed before it carry no ✓: the step was rolled back, so nothing of it stands.
 */
export function describeStageOutcome(outcome: StageOutcome, color: ChalkInstance): StageText {
  const name = `step ${outcome.index + 1} ${outcome.name}`;
  const codemod = outcome.planned?.codemod ? renderCodemod(outcome.planned.codemod, color) : [];
  if (outcome.status === "applied") {
    return {
      head: `${name}: ${color.green("applied")}${outcome.runId ? ` (run ${outcome.runId})` : ""} — ${outcome.detail}`,
      details: [...codemod, ...outcome.checks.map((check) => `  ${color.green("✓")} ${check.name}: ${check.text}`)],
    };
  }
  if (outcome.status === "needs-review") {
    const markers = outcome.planned?.plan.markers ?? [];
    return {
      head: `${name}: ${color.yellow("needs review")}${outcome.runId ? ` (run ${outcome.runId})` : ""} — ${outcome.detail}`,
      details: [
        ...codemod,
        ...markers.map((file) => `  ${color.yellow("!")} conflict markers in ${file}`),
        `  resolve them, then graft apply --continue (runs the deferred checks, then the later steps) or graft rollback ${outcome.runId ?? ""}`.trimEnd(),
      ],
    };
  }
  if (outcome.status === "not-run") return { head: `${name}: not run`, details: [] };
  const failedCheck = outcome.checks.find((check) => !check.ok);
  const details = [
    `  ${color.red("✗")} ${failedCheck ? `${failedCheck.name}: ${failedCheck.text}` : (outcome.error ?? "failed")}`,
  ];
  if (outcome.detail) details.push(`  planned: ${outcome.detail}`);
  details.push(...codemod);
  const passed = outcome.checks.filter((check) => check.ok);
  if (passed.length > 0)
    details.push(
      `  passed before the failure, void now that the step is rolled back: ${passed.map((check) => check.name).join(", ")}`,
    );
  if (failedCheck && outcome.error && !outcome.error.includes(failedCheck.text)) details.push(`  ${outcome.error}`);
  return { head: color.red(`${name}: failed${failedCheck ? ` at ${failedCheck.name}` : ""}, rolled back`), details };
}

/** The step as one block of text (`graft apply` on a staged manifest). */
export function renderStageOutcome(outcome: StageOutcome, color: ChalkInstance): string {
  const text = describeStageOutcome(outcome, color);
  return [text.head, ...text.details].join("\n");
}
