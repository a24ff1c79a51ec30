import type { ChalkInstance } from "chalk";
import type { ReviewOutcome } from "../model/review.js";

/** A review's outcome as lines: every check run, the conflict markers that remain, then what happened and what next. */
export function renderReviewLines(outcome: ReviewOutcome, color: ChalkInstance): string[] {
  return [
    ...outcome.checks.map((check) => `  ${check.ok ? color.green("✓") : color.red("✗")} ${check.name}: ${check.text}`),
    ...outcome.markers.map(
      (marker) => `  ${color.yellow("!")} conflict marker ${marker.file}:${marker.line} ${marker.marker}`,
    ),
    outcome.status === "applied" ? color.green(outcome.message) : color.yellow(outcome.message),
  ];
}
