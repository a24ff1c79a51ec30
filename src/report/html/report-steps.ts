import type { StageOutcome } from "../../model/stage.js";
import type { ReportStep } from "./report-model.js";

/** A step of a staged migration as a row of the steps table (files changed from its plan). */
export function stepOfStage(outcome: StageOutcome, durationMs: number | null, part?: string): ReportStep {
  const s = outcome.planned?.plan.summary;
  return {
    ...(part !== undefined ? { part } : {}),
    name: `${outcome.name} (${outcome.kind})`,
    status: outcome.status === "applied" ? "passed" : outcome.status === "failed" ? "failed" : "not run",
    checks: [
      ...outcome.checks.map((c) => ({ name: c.name, ok: c.ok, text: c.text })),
      ...(outcome.status === "failed" && !outcome.checks.some((c) => !c.ok)
        ? [{ name: "step", ok: false, text: outcome.error ?? "failed" }]
        : []),
    ],
    durationMs,
    filesChanged: s ? s.moved + s.edited + s.written + s.deleted : null,
    ...(outcome.detail ? { detail: outcome.detail } : {}),
  };
}
